import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { EntityId } from '../../../../shared/protocol/catalog-payloads.js';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import {
  DrawerKickView,
  DrawerOpenRequest,
  PrintJobRequest,
  PrintJobView,
} from '../../../../shared/protocol/printing.js';
import type { HubContext } from '../../hub-context.js';
import { PrintError } from '../../printing/print-errors.js';
import { requireDevice } from '../device-auth-hook.js';
import { printErrorToHttp } from '../domain-error-status.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const DeviceJobsQuery = Type.Object(
  { saleId: Type.Optional(EntityId), limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) },
  { additionalProperties: false },
);
const errors = { 400: ErrorReply, 401: ErrorReply, 404: ErrorReply, 409: ErrorReply, 429: ErrorReply };

/** Receipt printing and drawers for tills (DESIGN §3, §7): they need the LAN, not the internet. */
export function registerDevicePrintRoutes(app: FastifyInstance, hub: HubContext): void {
  const device = requireDevice(hub.devices);

  app.post<{ Body: PrintJobRequest }>(
    '/v1/print-jobs',
    {
      schema: {
        tags: ['device'],
        summary: 'Queue a receipt, rendered by the hub from its ledger; 202 with the job',
        description:
          'Idempotent on clientKey: asking again returns the same job (never a second print); the same key with a ' +
          'different body is 409 IDEMPOTENCY_MISMATCH. A sale or refund must be synced first (404 UNKNOWN_SALE). ' +
          'Without printerId the default receipt printer prints it. Follow it with GET /v1/print-jobs/:id.',
        body: PrintJobRequest,
        response: { 202: PrintJobView, ...errors },
      },
      onRequest: device,
    },
    async (request, reply) => {
      try {
        const { job } = hub.printing.queue.submit(request.body, { type: 'device', id: request.device!.id });
        return reply.code(202).send(job);
      } catch (error) {
        throw printErrorToHttp(error);
      }
    },
  );

  app.get<{ Querystring: Static<typeof DeviceJobsQuery> }>(
    '/v1/print-jobs',
    {
      schema: {
        tags: ['device'],
        summary: "This device's print jobs, newest first; by saleId to find the receipt a sale's printReceipt queued",
        querystring: DeviceJobsQuery,
        response: { 200: Type.Object({ jobs: Type.Array(PrintJobView) }), ...errors },
      },
      onRequest: device,
    },
    async (request) => ({
      jobs: hub.printing.queue.list({ ...request.query, requester: { type: 'device', id: request.device!.id } }),
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/print-jobs/:id',
    {
      schema: {
        tags: ['device'],
        summary: "One of this device's print jobs: queued (with waitingFor), printing, printed, uncertain or dropped",
        params: IdParams,
        response: { 200: PrintJobView, ...errors },
      },
      onRequest: device,
    },
    async (request) => {
      try {
        const job = hub.printing.queue.job(request.params.id);
        // Another till's receipts are not this one's business: answered as if they did not exist.
        if (job.requestedBy.type !== 'device' || job.requestedBy.id !== request.device!.id) {
          throw new PrintError('UNKNOWN_PRINT_JOB', `no print job ${request.params.id}`);
        }
        return job;
      } catch (error) {
        throw printErrorToHttp(error);
      }
    },
  );

  app.post<{ Params: { id: string }; Body: DrawerOpenRequest }>(
    '/v1/drawers/:id/open',
    {
      schema: {
        tags: ['device'],
        summary: "Open a cash drawer (its id is its printer's id); 202, audited with who, why and the sale",
        description:
          'The pulse goes out before any queued receipt. A kick the printer cannot take within 12 s (offline, no ' +
          'paper, unplugged) is dropped and logged, never sent late.',
        params: IdParams,
        body: DrawerOpenRequest,
        response: { 202: DrawerKickView, ...errors },
      },
      onRequest: device,
    },
    async (request, reply) => {
      try {
        const kick = hub.printing.drawers.open(request.params.id, request.body, {
          type: 'device',
          id: request.device!.id,
        });
        return reply.code(202).send(kick);
      } catch (error) {
        throw printErrorToHttp(error);
      }
    },
  );
}

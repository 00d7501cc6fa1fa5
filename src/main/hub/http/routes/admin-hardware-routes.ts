import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import {
  AdminPrintRequest,
  DrawerKickView,
  PRINT_JOB_STATES,
  PrinterConfig,
  PrinterSettings,
  PrinterView,
  PrintJobView,
} from '../../../../shared/protocol/printing.js';
import type { HubContext } from '../../hub-context.js';
import type { ActingUser } from '../../printing/printing-context.js';
import type { User } from '../../security/user-store.js';
import { requireRole } from '../admin-auth.js';
import { printErrorToHttp } from '../domain-error-status.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Page = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  before: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the previous page's last id" })),
};
const JobsQuery = Type.Object(
  {
    printerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    state: Type.Optional(Type.Enum(PRINT_JOB_STATES)),
    ...Page,
  },
  { additionalProperties: false },
);
const KicksQuery = Type.Object(
  { drawerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), ...Page },
  { additionalProperties: false },
);
const DropBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);
const AdminDrawerOpen = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
const NextBefore = Type.Union([Type.String(), Type.Null()]);
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply };

const acting = (user: User): ActingUser => ({ id: user.id, name: user.name });

/** Guards a handler so printing refusals answer as 4xx with their codes. */
function mapped<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      throw printErrorToHttp(error);
    }
  };
}

/** Printers, queues and the drawer log for the Hardware and Settings screens (DESIGN §3b, §7, §10). */
export function registerAdminHardwareRoutes(app: FastifyInstance, hub: HubContext): void {
  const anyone = requireRole(hub, 'cashier');
  const manager = requireRole(hub, 'manager');
  const printing = hub.printing;

  app.get(
    '/v1/admin/printers',
    {
      schema: {
        tags: ['admin'],
        summary: 'Printers with their live state, last status and queue counts',
        response: { 200: Type.Object({ printers: Type.Array(PrinterView) }), ...errors },
      },
      onRequest: anyone,
    },
    async () => ({ printers: printing.views() }),
  );

  app.post<{ Body: PrinterConfig }>(
    '/v1/admin/printers',
    {
      schema: { tags: ['admin'], body: PrinterConfig, response: { 201: PrinterView, ...errors } },
      onRequest: manager,
    },
    mapped(async (request, reply) =>
      reply.code(201).send(await printing.create(request.body, acting(request.adminUser!))),
    ),
  );

  app.put<{ Params: { id: string }; Body: PrinterSettings }>(
    '/v1/admin/printers/:id',
    {
      schema: { tags: ['admin'], params: IdParams, body: PrinterSettings, response: { 200: PrinterView, ...errors } },
      onRequest: manager,
    },
    mapped(async (request) => printing.update(request.params.id, request.body, acting(request.adminUser!))),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/admin/printers/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Remove a printer; refused (409 PRINTER_HAS_JOBS) while it owes queued or uncertain jobs',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
      onRequest: manager,
    },
    mapped(async (request, reply) => {
      await printing.remove(request.params.id, acting(request.adminUser!));
      return reply.code(204).send();
    }),
  );

  app.post<{ Params: { id: string } }>(
    '/v1/admin/printers/:id/test-print',
    {
      schema: { tags: ['admin'], params: IdParams, response: { 202: PrintJobView, ...errors } },
      onRequest: manager,
    },
    mapped(async (request, reply) =>
      reply.code(202).send(printing.queue.testPrint(request.params.id, acting(request.adminUser!))),
    ),
  );

  app.get<{ Querystring: Static<typeof JobsQuery> }>(
    '/v1/admin/print-jobs',
    {
      schema: {
        tags: ['admin'],
        summary: 'Print jobs, newest first',
        querystring: JobsQuery,
        response: { 200: Type.Object({ jobs: Type.Array(PrintJobView), nextBefore: NextBefore }), ...errors },
      },
      onRequest: anyone,
    },
    async (request) => {
      const jobs = printing.queue.list(request.query);
      return { jobs, nextBefore: jobs.length === request.query.limit ? jobs.at(-1)!.id : null };
    },
  );

  app.post<{ Body: AdminPrintRequest }>(
    '/v1/admin/print-jobs',
    {
      schema: {
        tags: ['admin'],
        summary: 'Print a receipt or the end-of-day report from the back office (default receipt printer unless named)',
        body: AdminPrintRequest,
        response: { 202: PrintJobView, ...errors },
      },
      onRequest: manager,
    },
    mapped(async (request, reply) =>
      reply.code(202).send(printing.queue.printAsUser(request.body, acting(request.adminUser!))),
    ),
  );

  app.post<{ Params: { id: string } }>(
    '/v1/admin/print-jobs/:id/reprint',
    {
      schema: {
        tags: ['admin'],
        summary: 'Put an uncertain job back in its queue (it may already be on paper: the manager decided)',
        params: IdParams,
        response: { 200: PrintJobView, ...errors },
      },
      onRequest: manager,
    },
    mapped(async (request) => printing.queue.reprint(request.params.id, acting(request.adminUser!))),
  );

  app.post<{ Params: { id: string }; Body: Static<typeof DropBody> }>(
    '/v1/admin/print-jobs/:id/drop',
    {
      schema: {
        tags: ['admin'],
        summary: 'Drop a queued or uncertain job',
        params: IdParams,
        body: DropBody,
        response: { 200: PrintJobView, ...errors },
      },
      onRequest: manager,
    },
    mapped(async (request) => printing.queue.drop(request.params.id, acting(request.adminUser!), request.body?.reason)),
  );

  app.get<{ Querystring: Static<typeof KicksQuery> }>(
    '/v1/admin/drawer-kicks',
    {
      schema: {
        tags: ['admin'],
        summary: 'The drawer log, newest first: who asked, why, which sale, and whether the pulse was sent',
        querystring: KicksQuery,
        response: { 200: Type.Object({ kicks: Type.Array(DrawerKickView), nextBefore: NextBefore }), ...errors },
      },
      onRequest: anyone,
    },
    async (request) => {
      const kicks = printing.drawers.list(request.query);
      return { kicks, nextBefore: kicks.length === request.query.limit ? kicks.at(-1)!.id : null };
    },
  );

  app.post<{ Params: { id: string }; Body: Static<typeof AdminDrawerOpen> }>(
    '/v1/admin/drawers/:id/open',
    {
      schema: {
        tags: ['admin'],
        summary: 'Open a drawer from the back office (no sale); audited with the manager and reason',
        params: IdParams,
        body: AdminDrawerOpen,
        response: { 202: DrawerKickView, ...errors },
      },
      onRequest: manager,
    },
    mapped(async (request, reply) =>
      reply
        .code(202)
        .send(printing.drawers.open(request.params.id, request.body, { type: 'user', id: request.adminUser!.name })),
    ),
  );
}

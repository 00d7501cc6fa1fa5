import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { EndOfDayList, RunEndOfDayReply, RunEndOfDayRequest } from '../../../../shared/protocol/conexxus-views.js';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import { documentOf, listEndOfDays } from '../../forwarding/conexxus/conexxus-reads.js';
import { isCalendarDate } from '../../../../shared/store-calendar.js';
import type { HubContext } from '../../hub-context.js';
import { requireRole } from '../admin-auth.js';
import { conexxusErrorToHttp } from '../domain-error-status.js';
import { HttpError } from '../http-error.js';

const BusinessDate = RunEndOfDayRequest.properties.businessDate;
const DaysQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 366, default: 30 }),
    before: Type.Optional(BusinessDate),
  },
  { additionalProperties: false },
);
const DocumentParams = Type.Object({ jobId: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };

/** The Conexxus section of the Upstream screen: end-of-day reports per business date, documents, run end of day. */
export function registerAdminConexxusRoutes(app: FastifyInstance, hub: HubContext): void {
  const anyone = requireRole(hub, 'cashier');
  const manager = requireRole(hub, 'manager');
  const { upstream, ledger, audit } = hub;
  const conexxus = upstream.conexxus;

  app.get<{ Querystring: Static<typeof DaysQuery> }>(
    '/v1/admin/upstream/conexxus/days',
    {
      schema: {
        tags: ['admin'],
        summary: "Each business date's end of day, newest first: revisions, documents, acknowledgements",
        querystring: DaysQuery,
        response: { 200: EndOfDayList, ...errors },
      },
      onRequest: anyone,
    },
    async (request) => listEndOfDays(ledger.db, request.query, (day) => conexxus.acknowledgeBy(day), new Date()),
  );

  app.get<{ Params: Static<typeof DocumentParams> }>(
    '/v1/admin/upstream/conexxus/documents/:jobId',
    {
      schema: {
        tags: ['admin'],
        summary: 'The exact NAXML document a Conexxus job delivers, as a download',
        params: DocumentParams,
        response: { 200: Type.String({ description: 'application/xml' }), ...errors, 404: ErrorReply },
      },
      onRequest: anyone,
    },
    async (request, reply) => {
      let document;
      try {
        document = documentOf(upstream.outbox, request.params.jobId);
      } catch (error) {
        throw conexxusErrorToHttp(error);
      }
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${document.fileName}"`)
        .send(document.document);
    },
  );

  app.post<{ Body: Static<typeof RunEndOfDayRequest> }>(
    '/v1/admin/upstream/conexxus/end-of-day',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Run the end of day for a business date now (audited). An unchanged day makes nothing new: same ' +
          'revision, same documents',
        body: RunEndOfDayRequest,
        response: { 200: RunEndOfDayReply, ...errors, 409: ErrorReply },
      },
      onRequest: manager,
    },
    async (request) => {
      const { businessDate } = request.body;
      if (!isCalendarDate(businessDate)) {
        throw new HttpError(400, 'BUSINESS_DATE_INVALID', `${businessDate} is not a calendar date`);
      }
      const today = conexxus.today(new Date());
      if (businessDate > today) {
        throw new HttpError(400, 'BUSINESS_DATE_INVALID', `${businessDate} has not begun (today is ${today})`);
      }
      const user = request.adminUser!;
      try {
        return ledger.transaction(() => {
          const run = conexxus.runEndOfDay(businessDate, user.name);
          audit.record({ actor: user.name, action: 'conexxus.end_of_day', detail: { ...run, userId: user.id } });
          return run;
        });
      } catch (error) {
        throw conexxusErrorToHttp(error);
      }
    },
  );
}

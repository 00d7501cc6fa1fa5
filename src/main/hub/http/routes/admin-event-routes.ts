import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ErrorReply, PulledEvent, RecordedStatus } from '../../../../shared/protocol/device-api.js';
import type { HubContext } from '../../hub-context.js';
import { EventQueries } from '../../sync/event-queries.js';
import { requireRole } from '../admin-auth.js';
import { HttpError } from '../http-error.js';

const EventsQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'Oldest first, from after this cursor' })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Newest first (the default), older than this' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    deviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(RecordedStatus),
    flagged: Type.Optional(
      Type.Literal(true, { description: 'only events flagged for review (deviceTime implausible against the hub)' }),
    ),
  },
  { additionalProperties: false },
);

const EventsReply = Type.Object({
  events: Type.Array(PulledEvent),
  next: Type.Union([Type.Integer(), Type.Null()], {
    description: 'For the next page pass it as `after` (when paging with after) or `before`; null at the end',
  }),
});

const Check = Type.Object({ ok: Type.Boolean(), reason: Type.Optional(Type.String()) });
const EventDetail = Type.Object({
  record: PulledEvent,
  prevHash: Type.String(),
  hash: Type.String(),
  chain: Check,
  signature: Type.Union([
    Type.Object({ checked: Type.Literal(false) }),
    Type.Object({ checked: Type.Literal(true), ok: Type.Boolean(), reason: Type.Optional(Type.String()) }),
  ]),
});

const CursorParams = Type.Object({ cursor: Type.Integer({ minimum: 1 }) });
/** The activity list with filters and one event's detail with its chain and signature status. */
export function registerAdminEventRoutes(app: FastifyInstance, hub: HubContext): void {
  const queries = new EventQueries(hub.ledger.db);
  const anyone = requireRole(hub, 'cashier');

  app.get<{ Querystring: Static<typeof EventsQuery> }>(
    '/v1/admin/events',
    {
      schema: {
        tags: ['admin'],
        summary: 'Ledger records, newest first (page with `before`) or oldest first from `after`',
        querystring: EventsQuery,
        response: { 200: EventsReply },
      },
      onRequest: anyone,
    },
    async (request) => queries.search(request.query),
  );

  app.get<{ Params: Static<typeof CursorParams> }>(
    '/v1/admin/events/:cursor',
    {
      schema: { tags: ['admin'], params: CursorParams, response: { 200: EventDetail, 404: ErrorReply } },
      onRequest: anyone,
    },
    async (request) => {
      const detail = queries.inspect(request.params.cursor);
      if (!detail) throw new HttpError(404, 'EVENT_NOT_FOUND', `no record at cursor ${request.params.cursor}`);
      return detail;
    },
  );
}

import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import type { HubContext } from '../../hub-context.js';
import { dailyTotals } from '../../sales/daily-totals.js';
import { requireRole } from '../admin-auth.js';
import { HttpError } from '../http-error.js';

const BusinessDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', examples: ['2026-11-22'] });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Query = Type.Object(
  {
    from: BusinessDate,
    to: BusinessDate,
    locationId: Type.Optional(Id),
    deviceId: Type.Optional(Id),
    cashierId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

/** A year of days at most per request: the projection is small, but an unbounded range is still a limit unenforced. */
const MAX_DAYS = 366;

export function registerAdminSalesRoutes(app: FastifyInstance, hub: HubContext): void {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/v1/admin/sales/daily-totals',
    { schema: { tags: ['admin'], querystring: Query }, onRequest: requireRole(hub, 'manager') },
    async (request) => {
      const { from, to } = request.query;
      const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
      if (!Number.isFinite(days) || days < 0)
        throw new HttpError(400, 'INVALID_RANGE', '`to` must be a date on or after `from`');
      if (days >= MAX_DAYS)
        throw new HttpError(400, 'INVALID_RANGE', `ask for at most ${MAX_DAYS} business days at a time`);
      return { totals: dailyTotals(hub.ledger.db, request.query) };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { ErrorReply } from '../../../../shared/protocol/device-api.js';
import { EndOfDayReport, SalesSummary } from '../../../../shared/protocol/sales-views.js';
import { addDays, businessDate, isCalendarDate } from '../../../../shared/store-calendar.js';
import type { HubContext } from '../../hub-context.js';
import { storeTotals } from '../../printing/receipts/end-of-day-summary.js';
import { loadEndOfDay } from '../../printing/receipts/receipt-data.js';
import { dailyTotals, type DailyTotalsFilter, type DailyTotalsRow } from '../../sales/daily-totals.js';
import { salesSummary } from '../../sales/sales-reads.js';
import { storeTimeZone } from '../../sales/store-time-zone.js';
import { requireRole } from '../admin-auth.js';
import { csvAmount, csvDocument, sendCsv } from '../csv.js';
import { HttpError } from '../http-error.js';

const BusinessDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', examples: ['2026-11-22'] });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const filters = {
  locationId: Type.Optional(Id),
  deviceId: Type.Optional(Id),
  cashierId: Type.Optional(Id),
};
const Query = Type.Object(
  {
    from: BusinessDate,
    to: BusinessDate,
    ...filters,
    format: Type.Enum(['json', 'csv'], { default: 'json', description: 'csv: the same rows as a download' }),
  },
  { additionalProperties: false },
);
const SummaryQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ ...BusinessDate, description: '13 days before `to` when left out' })),
    to: Type.Optional(Type.String({ ...BusinessDate, description: "the store's business date today when left out" })),
    ...filters,
  },
  { additionalProperties: false },
);
const EndOfDayQuery = Type.Object(
  { businessDate: Type.Optional(Type.String({ ...BusinessDate, description: 'today when left out' })) },
  { additionalProperties: false },
);
const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };

/** A year of days at most per request: the projection is small, but an unbounded range is still a limit unenforced. */
const MAX_DAYS = 366;
/** What the summary shows when no range is asked for: the last two weeks, today included. */
const DEFAULT_DAYS = 14;

function checkRange(from: string, to: string): void {
  if (!isCalendarDate(from) || !isCalendarDate(to))
    throw new HttpError(400, 'INVALID_RANGE', '`from` and `to` must be dates that exist (YYYY-MM-DD)');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (!Number.isFinite(days) || days < 0)
    throw new HttpError(400, 'INVALID_RANGE', '`to` must be a date on or after `from`');
  if (days >= MAX_DAYS)
    throw new HttpError(400, 'INVALID_RANGE', `ask for at most ${MAX_DAYS} business days at a time`);
}

/** The daily-totals rows as a spreadsheet takes them: names beside ids, amounts in major units, exact. */
function totalsCsv(
  rows: readonly DailyTotalsRow[],
  names: { locations: Map<string, string>; devices: Map<string, string> },
) {
  const header = [
    'Business date',
    'Location ID',
    'Location',
    'Device ID',
    'Device',
    'Cashier ID',
    'Currency',
    'Sales',
    'Gross',
    'Refunds',
    'Refunded',
    'Voids',
    'Voided',
    'Net',
    'Cash (net)',
    'Card (net)',
  ];
  return csvDocument(
    header,
    rows.map((row) => {
      const money = (amount: number) => csvAmount(amount, row.currency);
      return [
        row.businessDate,
        row.locationId,
        names.locations.get(row.locationId) ?? null,
        row.deviceId,
        names.devices.get(row.deviceId) ?? null,
        row.cashierId,
        row.currency,
        row.saleCount,
        money(row.gross),
        row.refundCount,
        money(row.refunds),
        row.voidCount,
        money(row.voids),
        money(row.net),
        money(row.cash),
        money(row.card),
      ];
    }),
  );
}

export function registerAdminSalesRoutes(app: FastifyInstance, hub: HubContext): void {
  const manager = requireRole(hub, 'manager');
  const { db } = hub.ledger;
  const calendar = () => {
    const timeZone = storeTimeZone(db);
    return { timeZone, today: businessDate(new Date().toISOString(), timeZone) };
  };
  const names = (table: 'locations' | 'devices') =>
    new Map(
      db
        .prepare<[], { id: string; name: string }>(`SELECT id, name FROM ${table}`)
        .all()
        .map((row) => [row.id, row.name]),
    );

  app.get<{ Querystring: Static<typeof Query> }>(
    '/v1/admin/sales/daily-totals',
    {
      schema: {
        tags: ['admin'],
        summary: 'Sales per business date × location × device × cashier × currency, in minor units (or as CSV)',
        querystring: Query,
      },
      onRequest: manager,
    },
    async (request, reply) => {
      const { from, to, format, ...rest } = request.query;
      checkRange(from, to);
      const filter: DailyTotalsFilter = { from, to, ...rest };
      const totals = dailyTotals(db, filter);
      if (format === 'json') return { totals };
      const csv = totalsCsv(totals, { locations: names('locations'), devices: names('devices') });
      return sendCsv(reply, `sales-${from}-to-${to}.csv`, csv);
    },
  );

  app.get<{ Querystring: Static<typeof SummaryQuery> }>(
    '/v1/admin/sales/summary',
    {
      schema: {
        tags: ['admin'],
        summary: 'The daily totals of a range summed per day, location, device and cashier, with its refunds and voids',
        querystring: SummaryQuery,
        response: { 200: SalesSummary, ...errors },
      },
      onRequest: manager,
    },
    async (request) => {
      const { from: askedFrom, to: askedTo, ...rest } = request.query;
      const now = calendar();
      const to = askedTo ?? now.today;
      const from = askedFrom ?? (isCalendarDate(to) ? addDays(to, -(DEFAULT_DAYS - 1)) : to);
      checkRange(from, to);
      return salesSummary(db, { from, to, ...rest }, now);
    },
  );

  app.get<{ Querystring: Static<typeof EndOfDayQuery> }>(
    '/v1/admin/sales/end-of-day',
    {
      schema: {
        tags: ['admin'],
        summary: "A business date's end-of-day report: the figures the printed report shows, from the same reads",
        querystring: EndOfDayQuery,
        response: { 200: EndOfDayReport, ...errors },
      },
      onRequest: manager,
    },
    async (request) => {
      const { today } = calendar();
      const day = request.query.businessDate ?? today;
      if (!isCalendarDate(day)) throw new HttpError(400, 'INVALID_DATE', '`businessDate` must be a date that exists');
      const report = loadEndOfDay(db, day);
      return { ...report, today, storeTotals: storeTotals(report.takings) };
    },
  );
}

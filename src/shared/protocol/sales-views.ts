import Type, { type Static } from 'typebox';

/**
 * What the admin API shows of sales (issue 12, the Sales screen): the daily totals summed over a range of business
 * dates per day, location, device and cashier, the refunds and voids behind them, and a day's end-of-day report as the
 * printer prints it. Every amount is integer minor units of its row's currency; business dates are the store's
 * local YYYY-MM-DD.
 */

const BusinessDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, the store calendar' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Minor = Type.Integer({ description: 'minor units' });

/** The figures of sales_daily_totals, summed: net = gross - refunds - voids; cash and card are net by method. */
const figures = {
  currency: Type.String(),
  gross: Minor,
  refunds: Minor,
  voids: Minor,
  net: Minor,
  saleCount: Type.Integer(),
  refundCount: Type.Integer(),
  voidCount: Type.Integer(),
  cash: Minor,
  card: Minor,
};
export const SalesFigures = Type.Object(figures);
export type SalesFigures = Static<typeof SalesFigures>;

/** What a refund and a void have in common: when, where, by whom, and the money that went back out. */
const reversal = {
  recordedAt: Type.String(),
  businessDate: BusinessDate,
  locationId: Type.String(),
  locationName: Type.String(),
  deviceId: Type.String({ description: "'' for none" }),
  deviceName: NullableString,
  cashierId: Type.String({ description: "'' for none" }),
  currency: Type.String(),
  total: Minor,
  cash: Minor,
  card: Minor,
  reason: NullableString,
};

/** A refund in the range: money out, goods back to the sale's location. */
export const RefundView = Type.Object({
  refundId: Type.String(),
  saleId: Type.String(),
  cursor: Type.Integer(),
  ...reversal,
});
export type RefundView = Static<typeof RefundView>;

/** A void in the range: the whole sale reversed. Device and cashier are the void's, as the totals count it. */
export const VoidView = Type.Object({
  saleId: Type.String(),
  cursor: Type.Integer({ description: 'the void record' }),
  ...reversal,
});
export type VoidView = Static<typeof VoidView>;

/** `GET /v1/admin/sales/summary`: the daily-totals rows of the range, summed each way the screen shows them. */
export const SalesSummary = Type.Object({
  from: BusinessDate,
  to: BusinessDate,
  today: Type.String({ description: "the store's business date now" }),
  timeZone: Type.String(),
  totals: Type.Array(SalesFigures, { description: 'the whole range, per currency' }),
  days: Type.Array(Type.Object({ businessDate: BusinessDate, ...figures }), {
    description: 'per business date and currency; days without sales, refunds or voids are left out',
  }),
  locations: Type.Array(Type.Object({ locationId: Type.String(), locationName: Type.String(), ...figures })),
  devices: Type.Array(
    Type.Object({ deviceId: Type.String({ description: "'' for hub-made" }), deviceName: NullableString, ...figures }),
  ),
  cashiers: Type.Array(Type.Object({ cashierId: Type.String({ description: "'' for none given" }), ...figures })),
  refunds: Type.Array(RefundView, { description: 'newest first, at most `listLimit`' }),
  voids: Type.Array(VoidView, { description: 'newest first, at most `listLimit`' }),
  listLimit: Type.Integer(),
  choices: Type.Object(
    {
      locations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
      devices: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
      cashiers: Type.Array(Type.String()),
    },
    { description: 'what the filters can choose: every location and device, the cashiers of the range' },
  ),
});
export type SalesSummary = Static<typeof SalesSummary>;

const dayTakings = {
  saleCount: Type.Integer(),
  gross: Minor,
  refundCount: Type.Integer(),
  refunds: Minor,
  voidCount: Type.Integer(),
  voids: Minor,
  net: Minor,
  cash: Minor,
  card: Minor,
  currency: Type.String(),
};

/** `GET /v1/admin/sales/end-of-day`: the figures the printed end-of-day report shows, read by the same function. */
export const EndOfDayReport = Type.Object({
  businessDate: BusinessDate,
  today: Type.String({ description: "the store's business date now" }),
  takings: Type.Array(Type.Object({ locationName: Type.String(), ...dayTakings }), {
    description: 'per location and currency',
  }),
  storeTotals: Type.Array(Type.Object(dayTakings), {
    description: 'the whole store per currency, printed when the day has more than one location in that currency',
  }),
  offlineCardPayments: Type.Array(
    Type.Object({
      currency: Type.String(),
      count: Type.Integer(),
      total: Minor,
      outstandingCount: Type.Integer(),
      outstanding: Minor,
      heldCount: Type.Integer(),
      held: Minor,
    }),
  ),
});
export type EndOfDayReport = Static<typeof EndOfDayReport>;

import Type, { type Static } from 'typebox';
import { EntityId, Quantity, TaxRate } from './catalog-payloads.js';
import { Money } from './money.js';

export const MAX_SALE_LINES = 200;
export const MAX_TENDERS = 10;

/**
 * The largest amount one price, tender, line or sale may carry, in minor units: Money's own bound. A sale within it
 * sums far inside Number.MAX_SAFE_INTEGER, so its totals computed in JS are exact; a line beyond it is refused.
 */
export const MAX_SALE_AMOUNT = 1_000_000_000_00;

/** Prices and tendered amounts are never negative: money going back to a customer is a refund event, not a sign. */
const NonNegativeMoney = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: MAX_SALE_AMOUNT }),
    currency: Money.properties.currency,
  },
  { additionalProperties: false },
);

/**
 * One way the customer paid (or was paid back): the amount applied to the sale, after change given. A card tender
 * carries the payment's reference (`paymentId`), which offline payment reconciliation matches later.
 */
export const Tender = Type.Object(
  {
    method: Type.Union([Type.Literal('cash'), Type.Literal('card')]),
    amount: NonNegativeMoney,
    paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false },
);
export type Tender = Static<typeof Tender>;

const Tenders = Type.Array(Tender, { maxItems: MAX_TENDERS });
const Reason = Type.String({ minLength: 1, maxLength: 500 });

export const SaleLine = Type.Object(
  { productId: EntityId, quantity: Quantity, unitPrice: NonNegativeMoney, taxRate: TaxRate },
  { additionalProperties: false },
);
export type SaleLine = Static<typeof SaleLine>;

/** One currency per sale and tenders summing to the lines are business rules the hub decides (refused if broken). */
export const SaleCompletePayload = Type.Object(
  {
    saleId: EntityId,
    locationId: EntityId,
    lines: Type.Array(SaleLine, { minItems: 1, maxItems: MAX_SALE_LINES }),
    tenders: Tenders,
    cashierId: Type.Optional(EntityId),
    /** Ask the hub to print the receipt once the sale is accepted (DESIGN §7). */
    printReceipt: Type.Optional(Type.Boolean()),
    /** Which printer; the hub's default receipt printer when absent. */
    receiptPrinterId: Type.Optional(EntityId),
  },
  { additionalProperties: false },
);
export type SaleCompletePayload = Static<typeof SaleCompletePayload>;

export const RefundLine = Type.Object({ productId: EntityId, quantity: Quantity }, { additionalProperties: false });
export type RefundLine = Static<typeof RefundLine>;

/** Gives back part or all of a sale: goods return to the sale's location, money goes out by `tenders`. */
export const SaleRefundPayload = Type.Object(
  {
    saleId: EntityId,
    refundId: EntityId,
    lines: Type.Array(RefundLine, { minItems: 1, maxItems: MAX_SALE_LINES }),
    tenders: Tenders,
    reason: Type.Optional(Reason),
    cashierId: Type.Optional(EntityId),
    printReceipt: Type.Optional(Type.Boolean()),
    receiptPrinterId: Type.Optional(EntityId),
  },
  { additionalProperties: false },
);
export type SaleRefundPayload = Static<typeof SaleRefundPayload>;

/** Cancels a whole sale that has had no refunds: all its goods and money are reversed. */
export const SaleVoidPayload = Type.Object(
  { saleId: EntityId, reason: Type.Optional(Reason), cashierId: Type.Optional(EntityId) },
  { additionalProperties: false },
);
export type SaleVoidPayload = Static<typeof SaleVoidPayload>;

/** A sale's or refund's money by tender method, in minor units of its one currency. Till and hub sum alike. */
export interface TenderTotals {
  total: number;
  cash: number;
  card: number;
}

export function tenderTotals(tenders: readonly Tender[]): TenderTotals {
  const totals: TenderTotals = { total: 0, cash: 0, card: 0 };
  for (const tender of tenders) {
    totals.total += tender.amount.amount;
    totals[tender.method] += tender.amount.amount;
  }
  return totals;
}

/** Quantities are integers and prices minor units, so a line total is exact: no rounding rule is needed. */
export function lineTotal(line: Pick<SaleLine, 'quantity' | 'unitPrice'>): number {
  return line.quantity * line.unitPrice.amount;
}

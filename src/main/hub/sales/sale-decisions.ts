import type { Database } from 'better-sqlite3';
import type { TenderTotals } from '../../../shared/protocol/sales-payloads.js';
import type { Decision, StockDelta } from '../decisions/decision.js';
import type { LedgerEvent } from '../ledger/event-log.js';
import type { DecidedMoney } from '../ledger/projections/sales-projector.js';
import { businessDate } from '../../../shared/store-calendar.js';
import { storeTimeZone } from './store-time-zone.js';

export type SaleRefusalCode =
  | 'DUPLICATE_SALE'
  | 'DUPLICATE_REFUND'
  | 'UNKNOWN_SALE'
  | 'UNKNOWN_PRODUCT'
  | 'UNKNOWN_LOCATION'
  | 'CURRENCY_MISMATCH'
  | 'AMOUNT_OUT_OF_RANGE'
  | 'TOTALS_MISMATCH'
  | 'PRODUCT_NOT_IN_SALE'
  | 'REFUND_EXCEEDS_SALE'
  | 'SALE_VOIDED'
  | 'SALE_ALREADY_VOIDED'
  | 'SALE_HAS_REFUNDS';

export function refuseSale(code: SaleRefusalCode, message: string, detail?: Record<string, unknown>): Decision {
  return { status: 'refused', outcome: { refusal: { code, message }, ...detail } };
}

/**
 * Refused with both figures when goods and money disagree; the figures also go into `outcome.totals` so a till can
 * show them without parsing the message.
 */
export function totalsMismatch(what: string, goods: number, tendered: number, currency: string): Decision {
  return refuseSale(
    'TOTALS_MISMATCH',
    `${what} come to ${goods} but tenders to ${tendered} (minor units of ${currency})`,
    { totals: { goods, tenders: tendered, currency } },
  );
}

/** Goods of one movement merged per product, in first-seen order, at one location; `sign` -1 takes, +1 returns. */
export function stockDeltas(
  locationId: string,
  items: ReadonlyArray<{ productId: string; quantity: number }>,
  sign: 1 | -1,
): StockDelta[] {
  const byProduct = new Map<string, StockDelta>();
  for (const { productId, quantity } of items) {
    const delta = byProduct.get(productId) ?? { productId, locationId, delta: 0 };
    delta.delta += sign * quantity;
    byProduct.set(productId, delta);
  }
  return [...byProduct.values()];
}

/** The money part of an accepted outcome. Dated once, in the zone the store has now: a later change never moves it. */
export function decidedMoney(db: Database, event: LedgerEvent, currency: string, totals: TenderTotals): DecidedMoney {
  return { ...totals, currency, businessDate: businessDate(event.occurredAt, storeTimeZone(db)) };
}

/** The one currency every amount uses, or undefined when they mix. */
export function singleCurrency(amounts: ReadonlyArray<{ currency: string }>): string | undefined {
  const currencies = new Set(amounts.map((money) => money.currency));
  return currencies.size === 1 ? [...currencies][0] : undefined;
}

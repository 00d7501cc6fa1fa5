import type { Database, Statement } from 'better-sqlite3';
import type { SaleCompletePayload, SaleRefundPayload } from '../../../shared/protocol/sales-payloads.js';
import type { LedgerRecord } from '../ledger/event-log.js';
import type { DecidedMoney, RefundOutcome, VoidOutcome } from '../ledger/projections/sales-projector.js';

/**
 * A recorded sale, refund or void as a reporting upstream sees it (a NAXML journal entry, a day's movement): what
 * went over the counter, with the catalog's names, at the prices it went at. Quantities and amounts are positive;
 * `kind` says which way they moved. Built from the ledger record and projections only, so the journal entry of a
 * fact and the end of day that counts it can never disagree.
 */
export interface StoreTransaction {
  kind: 'sale' | 'refund' | 'void';
  cursor: number;
  /** The sale id, the refund id, or (for a void) the voided sale's id. */
  transactionId: string;
  saleId: string;
  deviceId: string;
  cashierId: string;
  locationId: string;
  businessDate: string;
  occurredAt: string;
  currency: string;
  lines: TransactionLine[];
  tenders: Array<{ method: 'cash' | 'card'; amount: number }>;
}

export interface TransactionLine {
  productId: string;
  name: string;
  /** The product's department, or null when the catalog gives it none (the store's default applies). */
  merchandiseCode: string | null;
  unitPrice: number;
  quantity: number;
  taxRate: string;
}

export const REPORTED_EVENT_TYPES: ReadonlySet<string> = new Set(['sale.complete', 'sale.refund', 'sale.void']);

interface Queries {
  product: Statement<[string], { name: string; merchandise_code: string | null }>;
  saleLine: Statement<[string, number], { product_id: string; unit_price: number; tax_rate: string }>;
  lines: Statement<[string], { product_id: string; quantity: number; unit_price: number; tax_rate: string }>;
  tenders: Statement<[string], { method: 'cash' | 'card'; amount: number }>;
  dayCursors: Statement<[{ day: string }], { cursor: number }>;
  record: Statement<[number], { record: string }>;
}

const queriesByDb = new WeakMap<Database, Queries>();

function queries(db: Database): Queries {
  let prepared = queriesByDb.get(db);
  if (!prepared) {
    prepared = {
      product: db.prepare(
        `SELECT p.name, m.merchandise_code FROM products p
         LEFT JOIN product_merchandise_codes m ON m.product_id = p.id WHERE p.id = ?`,
      ),
      saleLine: db.prepare('SELECT product_id, unit_price, tax_rate FROM sale_lines WHERE sale_id = ? AND line_no = ?'),
      lines: db.prepare(
        'SELECT product_id, quantity, unit_price, tax_rate FROM sale_lines WHERE sale_id = ? ORDER BY line_no',
      ),
      tenders: db.prepare('SELECT method, amount FROM sale_tenders WHERE sale_id = ? ORDER BY tender_no'),
      // A void counts on the day it was recorded for, which its own outcome fixed (not the sale's day).
      dayCursors: db.prepare(
        `SELECT cursor FROM sales WHERE business_date = @day
         UNION ALL SELECT cursor FROM sale_refunds WHERE business_date = @day
         UNION ALL SELECT s.voided_cursor FROM sales s JOIN events e ON e.cursor = s.voided_cursor
           WHERE s.voided_cursor IS NOT NULL AND json_extract(e.record, '$.outcome.void.businessDate') = @day
         ORDER BY cursor`,
      ),
      record: db.prepare('SELECT record FROM events WHERE cursor = ?'),
    };
    queriesByDb.set(db, prepared);
  }
  return prepared;
}

function line(db: Database, productId: string, unitPrice: number, quantity: number, taxRate: string) {
  const product = queries(db).product.get(productId);
  return {
    productId,
    // A sold product is in the catalog (the decider refuses unknown ones); the id stands in should it ever not be.
    name: product?.name ?? productId,
    merchandiseCode: product?.merchandise_code ?? null,
    unitPrice,
    quantity,
    taxRate,
  };
}

/**
 * The transaction an accepted sale.complete, sale.refund or sale.void record is; undefined for any other record.
 * Must run with the record's projections applied (an `onRecord` listener, or any time later).
 */
export function storeTransactionOf(db: Database, record: LedgerRecord): StoreTransaction | undefined {
  if (record.status !== 'accepted' || !REPORTED_EVENT_TYPES.has(record.event.type)) return undefined;
  const q = queries(db);
  const payload = record.event.payload as { saleId: string; cashierId?: string };
  const common = {
    cursor: record.cursor,
    saleId: payload.saleId,
    deviceId: record.event.deviceId ?? '',
    cashierId: payload.cashierId ?? '',
    occurredAt: record.event.occurredAt,
  };
  const outcome = record.outcome!;
  if (record.event.type === 'sale.complete') {
    const sale = record.event.payload as unknown as SaleCompletePayload;
    const money = outcome.sale as DecidedMoney;
    return {
      ...common,
      kind: 'sale',
      transactionId: sale.saleId,
      locationId: sale.locationId,
      businessDate: money.businessDate,
      currency: money.currency,
      lines: sale.lines.map((l) => line(db, l.productId, l.unitPrice.amount, l.quantity, l.taxRate)),
      tenders: sale.tenders.map((t) => ({ method: t.method, amount: t.amount.amount })),
    };
  }
  if (record.event.type === 'sale.refund') {
    const refund = record.event.payload as unknown as SaleRefundPayload;
    const money = outcome.refund as RefundOutcome;
    return {
      ...common,
      kind: 'refund',
      transactionId: refund.refundId,
      locationId: money.locationId,
      businessDate: money.businessDate,
      currency: money.currency,
      lines: money.lines.map((l) => {
        const sold = q.saleLine.get(refund.saleId, l.saleLine)!;
        // A refund line is one sale line's quantity at that line's price, so the division is exact.
        return line(db, l.productId, l.amount / l.quantity, l.quantity, sold.tax_rate);
      }),
      tenders: refund.tenders.map((t) => ({ method: t.method, amount: t.amount.amount })),
    };
  }
  const money = outcome.void as VoidOutcome;
  return {
    ...common,
    kind: 'void',
    transactionId: payload.saleId,
    locationId: money.locationId,
    businessDate: money.businessDate,
    currency: money.currency,
    lines: q.lines.all(payload.saleId).map((l) => line(db, l.product_id, l.unit_price, l.quantity, l.tax_rate)),
    tenders: q.tenders.all(payload.saleId),
  };
}

/** Every sale, refund and void counted on a business date, in ledger order. */
export function storeTransactionsOn(db: Database, businessDate: string): StoreTransaction[] {
  const q = queries(db);
  return q.dayCursors.all({ day: businessDate }).map(({ cursor }) => {
    const record = JSON.parse(q.record.get(cursor)!.record) as LedgerRecord;
    return storeTransactionOf(db, record)!;
  });
}

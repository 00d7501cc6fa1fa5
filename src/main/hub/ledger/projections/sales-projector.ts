import type { Database, Statement } from 'better-sqlite3';
import {
  lineTotal,
  type SaleCompletePayload,
  type SaleRefundPayload,
  type SaleVoidPayload,
  type TenderTotals,
} from '../../../../shared/protocol/sales-payloads.js';
import type { LedgerRecord } from '../event-log.js';
import type { Projector } from './projector.js';

/** Money a sale, refund or void moved, as the decider fixed it: the projection only adds these up. */
export interface DecidedMoney extends TenderTotals {
  currency: string;
  /** The store's local date of the event's occurredAt, fixed at decision time so a time-zone change never moves it. */
  businessDate: string;
}

/** `outcome.sale` of an accepted sale.complete. */
export interface SaleOutcome extends DecidedMoney {
  /** Set when the sale took more than the location held; the discrepancy itself is `outcome.discrepancy`. */
  discrepancyId?: string;
}

/** `outcome.refund` of an accepted sale.refund: which sale lines the refunded quantities came off. */
export interface RefundOutcome extends DecidedMoney {
  locationId: string;
  lines: Array<{ saleLine: number; productId: string; quantity: number; amount: number }>;
  saleStatus: 'partially_refunded' | 'refunded';
}

/** `outcome.void` of an accepted sale.void: the whole sale reversed. */
export interface VoidOutcome extends DecidedMoney {
  locationId: string;
}

/** The figures of one sales_daily_totals row; applied as signed increments. */
export interface DailyChange {
  gross: number;
  refunds: number;
  voids: number;
  net: number;
  saleCount: number;
  refundCount: number;
  voidCount: number;
  cash: number;
  card: number;
}

const NO_CHANGE: DailyChange = {
  gross: 0,
  refunds: 0,
  voids: 0,
  net: 0,
  saleCount: 0,
  refundCount: 0,
  voidCount: 0,
  cash: 0,
  card: 0,
};

interface Statements {
  sale: Statement;
  line: Statement;
  tender: Statement;
  refund: Statement;
  refundLine: Statement;
  refundTender: Statement;
  lineRefunded: Statement;
  saleRefunded: Statement;
  saleVoided: Statement;
  daily: Statement;
}

const statementsByDb = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let prepared = statementsByDb.get(db);
  if (!prepared) {
    prepared = {
      sale: db.prepare(
        `INSERT INTO sales (sale_id, cursor, event_id, device_id, cashier_id, location_id, business_date, occurred_at,
           status, currency, total, refunded, discrepancy_id)
         VALUES (@saleId, @cursor, @eventId, @deviceId, @cashierId, @locationId, @businessDate, @occurredAt,
           'completed', @currency, @total, 0, @discrepancyId)`,
      ),
      line: db.prepare(
        `INSERT INTO sale_lines (sale_id, line_no, product_id, quantity, unit_price, tax_rate, line_total,
           refunded_quantity) VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
      ),
      tender: db.prepare(
        'INSERT INTO sale_tenders (sale_id, tender_no, method, amount, payment_id) VALUES (?, ?, ?, ?, ?)',
      ),
      refund: db.prepare(
        `INSERT INTO sale_refunds (refund_id, sale_id, cursor, event_id, device_id, cashier_id, business_date,
           currency, total, reason)
         VALUES (@refundId, @saleId, @cursor, @eventId, @deviceId, @cashierId, @businessDate, @currency, @total,
           @reason)`,
      ),
      refundLine: db.prepare(
        'INSERT INTO refund_lines (refund_id, sale_line, product_id, quantity, amount) VALUES (?, ?, ?, ?, ?)',
      ),
      refundTender: db.prepare(
        'INSERT INTO refund_tenders (refund_id, tender_no, method, amount, payment_id) VALUES (?, ?, ?, ?, ?)',
      ),
      lineRefunded: db.prepare(
        'UPDATE sale_lines SET refunded_quantity = refunded_quantity + ? WHERE sale_id = ? AND line_no = ?',
      ),
      saleRefunded: db.prepare('UPDATE sales SET status = ?, refunded = refunded + ? WHERE sale_id = ?'),
      saleVoided: db.prepare(
        "UPDATE sales SET status = 'voided', voided_cursor = ?, void_reason = ? WHERE sale_id = ?",
      ),
      daily: db.prepare(
        `INSERT INTO sales_daily_totals (business_date, location_id, device_id, cashier_id, currency, gross, refunds,
           voids, net, sale_count, refund_count, void_count, cash, card)
         VALUES (@businessDate, @locationId, @deviceId, @cashierId, @currency, @gross, @refunds, @voids, @net,
           @saleCount, @refundCount, @voidCount, @cash, @card)
         ON CONFLICT (business_date, location_id, device_id, cashier_id, currency) DO UPDATE SET
           gross = gross + excluded.gross, refunds = refunds + excluded.refunds, voids = voids + excluded.voids,
           net = net + excluded.net, sale_count = sale_count + excluded.sale_count,
           refund_count = refund_count + excluded.refund_count, void_count = void_count + excluded.void_count,
           cash = cash + excluded.cash, card = card + excluded.card`,
      ),
    };
    statementsByDb.set(db, prepared);
  }
  return prepared;
}

/** Who did it: the bucket columns are NOT NULL so hub-made events and absent cashiers share the '' bucket. */
function actorKey(record: LedgerRecord) {
  const { cashierId } = record.event.payload as { cashierId?: string };
  return { deviceId: record.event.deviceId ?? '', cashierId: cashierId ?? '' };
}

/** Money in (sign 1, a sale) or out (sign -1, a refund or void) as it moves net and the per-method columns. */
function takings(money: DecidedMoney, sign: 1 | -1): Partial<DailyChange> {
  return { net: sign * money.total, cash: sign * money.cash, card: sign * money.card };
}

function addToDailyTotals(
  db: Database,
  record: LedgerRecord,
  locationId: string,
  money: DecidedMoney,
  change: Partial<DailyChange>,
): void {
  statements(db).daily.run({
    ...NO_CHANGE,
    ...change,
    ...actorKey(record),
    businessDate: money.businessDate,
    locationId,
    currency: money.currency,
  });
}

function applySale(db: Database, record: LedgerRecord): void {
  const payload = record.event.payload as unknown as SaleCompletePayload;
  const sale = record.outcome!.sale as SaleOutcome;
  const s = statements(db);
  s.sale.run({
    ...actorKey(record),
    saleId: payload.saleId,
    cursor: record.cursor,
    eventId: record.event.id,
    locationId: payload.locationId,
    businessDate: sale.businessDate,
    occurredAt: record.event.occurredAt,
    currency: sale.currency,
    total: sale.total,
    discrepancyId: sale.discrepancyId ?? null,
  });
  payload.lines.forEach((line, index) => {
    s.line.run(
      payload.saleId,
      index + 1,
      line.productId,
      line.quantity,
      line.unitPrice.amount,
      line.taxRate,
      lineTotal(line),
    );
  });
  payload.tenders.forEach((tender, index) => {
    s.tender.run(payload.saleId, index + 1, tender.method, tender.amount.amount, tender.paymentId ?? null);
  });
  addToDailyTotals(db, record, payload.locationId, sale, { ...takings(sale, 1), gross: sale.total, saleCount: 1 });
}

function applyRefund(db: Database, record: LedgerRecord): void {
  const payload = record.event.payload as unknown as SaleRefundPayload;
  const refund = record.outcome!.refund as RefundOutcome;
  const s = statements(db);
  s.refund.run({
    ...actorKey(record),
    refundId: payload.refundId,
    saleId: payload.saleId,
    cursor: record.cursor,
    eventId: record.event.id,
    businessDate: refund.businessDate,
    currency: refund.currency,
    total: refund.total,
    reason: payload.reason ?? null,
  });
  for (const line of refund.lines) {
    s.refundLine.run(payload.refundId, line.saleLine, line.productId, line.quantity, line.amount);
    s.lineRefunded.run(line.quantity, payload.saleId, line.saleLine);
  }
  payload.tenders.forEach((tender, index) => {
    s.refundTender.run(payload.refundId, index + 1, tender.method, tender.amount.amount, tender.paymentId ?? null);
  });
  s.saleRefunded.run(refund.saleStatus, refund.total, payload.saleId);
  addToDailyTotals(db, record, refund.locationId, refund, {
    ...takings(refund, -1),
    refunds: refund.total,
    refundCount: 1,
  });
}

function applyVoid(db: Database, record: LedgerRecord): void {
  const payload = record.event.payload as unknown as SaleVoidPayload;
  const voided = record.outcome!.void as VoidOutcome;
  statements(db).saleVoided.run(record.cursor, payload.reason ?? null, payload.saleId);
  addToDailyTotals(db, record, voided.locationId, voided, {
    ...takings(voided, -1),
    voids: voided.total,
    voidCount: 1,
  });
}

const appliers: Readonly<Record<string, (db: Database, record: LedgerRecord) => void>> = {
  'sale.complete': applySale,
  'sale.refund': applyRefund,
  'sale.void': applyVoid,
};

/**
 * Sales, their lines, tenders and refunds, and daily totals per business date × location × device × cashier ×
 * currency. Only accepted records count; every figure comes from the record's payload or decided outcome.
 */
export const salesProjector: Projector = {
  name: 'sales',
  tables: [
    'sales',
    'sale_lines',
    'sale_tenders',
    'sale_refunds',
    'refund_lines',
    'refund_tenders',
    'sales_daily_totals',
  ],
  apply(db: Database, record: LedgerRecord) {
    if (record.status !== 'accepted') return;
    appliers[record.event.type]?.(db, record);
  },
};

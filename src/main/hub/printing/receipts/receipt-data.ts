import type { Database } from 'better-sqlite3';
import { EventLog, type StoredRecord } from '../../ledger/event-log.js';
import type { OfflinePaymentState } from '../../ledger/projections/payments-projector.js';
import { findApproval } from '../../payments/payment-reads.js';
import { dailyTotals } from '../../sales/daily-totals.js';
import type { SaleStatus } from '../../sales/sale-reads.js';
import type { DayOfflineCardPayments, DayTakings, EndOfDayData } from './end-of-day-summary.js';
import type { OfflineCardSlipData } from './offline-card-slip.js';
import type { ReceiptTender } from './receipt-blocks.js';
import { ReceiptDataError } from './receipt-data-error.js';
import type { RefundReceiptData } from './refund-receipt.js';
import type { SaleReceiptData } from './sale-receipt.js';

/**
 * What each receipt prints, read from the hub's own projections (and, for the instant of a refund or an offline
 * payment, which no projection keeps, from the ledger record itself), so a receipt shows what the ledger holds.
 */

// Projections write '' for "no device" and "no cashier" (NOT NULL bucket keys); receipts leave those lines out.
const orNull = (value: string | null) => value || null;

/** The ledger record a projection row was made from. */
function ledgerRecord(db: Database, cursor: number): StoredRecord {
  const record = new EventLog(db).get(cursor);
  if (!record) throw new Error(`projection row points at ledger cursor ${cursor}, which does not exist`);
  return record;
}

function locationName(db: Database, locationId: string): string {
  const row = db.prepare<[string], { name: string }>('SELECT name FROM locations WHERE id = ?').get(locationId);
  return row?.name ?? locationId;
}

function deviceName(db: Database, deviceId: string | null): string | null {
  if (!deviceId) return null;
  const row = db.prepare<[string], { name: string }>('SELECT name FROM devices WHERE id = ?').get(deviceId);
  return row?.name ?? deviceId;
}

const TENDER_OWNERS = { sale_tenders: 'sale_id', refund_tenders: 'refund_id' } as const;

function tenders(db: Database, table: keyof typeof TENDER_OWNERS, ownerId: string): ReceiptTender[] {
  return db
    .prepare<[string], ReceiptTender>(
      `SELECT method, amount, payment_id AS paymentId FROM ${table} WHERE ${TENDER_OWNERS[table]} = ?
       ORDER BY tender_no`,
    )
    .all(ownerId);
}

interface SaleRow {
  saleId: string;
  locationId: string;
  deviceId: string;
  cashierId: string;
  businessDate: string;
  occurredAt: string;
  status: SaleStatus;
  currency: string;
  total: number;
  refunded: number;
  voidReason: string | null;
}

function saleRow(db: Database, saleId: string): SaleRow {
  const row = db
    .prepare<[string], SaleRow>(
      `SELECT sale_id AS saleId, location_id AS locationId, device_id AS deviceId, cashier_id AS cashierId,
         business_date AS businessDate, occurred_at AS occurredAt, status, currency, total, refunded,
         void_reason AS voidReason
       FROM sales WHERE sale_id = ?`,
    )
    .get(saleId);
  if (!row) throw new ReceiptDataError('UNKNOWN_SALE', `no recorded sale ${saleId}`);
  return row;
}

export function loadSaleReceipt(db: Database, saleId: string): SaleReceiptData {
  const sale = saleRow(db, saleId);
  // A product deleted from the catalog since still prints, by its id.
  const lines = db
    .prepare<[string], SaleReceiptData['lines'][number]>(
      `SELECT COALESCE(p.name, l.product_id) AS productName, l.quantity, l.unit_price AS unitPrice,
         l.line_total AS lineTotal, l.tax_rate AS taxRate, l.refunded_quantity AS refundedQuantity
       FROM sale_lines l LEFT JOIN products p ON p.id = l.product_id
       WHERE l.sale_id = ? ORDER BY l.line_no`,
    )
    .all(saleId);
  return {
    saleId,
    locationName: locationName(db, sale.locationId),
    deviceName: deviceName(db, orNull(sale.deviceId)),
    cashierId: orNull(sale.cashierId),
    businessDate: sale.businessDate,
    occurredAt: sale.occurredAt,
    status: sale.status,
    currency: sale.currency,
    total: sale.total,
    refunded: sale.refunded,
    voidReason: sale.voidReason,
    lines,
    tenders: tenders(db, 'sale_tenders', saleId),
  };
}

interface RefundRow {
  saleId: string;
  cursor: number;
  deviceId: string;
  cashierId: string;
  businessDate: string;
  currency: string;
  total: number;
  reason: string | null;
}

/** `saleId`, when the request names one, must be the sale the refund was of. */
export function loadRefundReceipt(db: Database, refundId: string, saleId?: string): RefundReceiptData {
  const refund = db
    .prepare<[string], RefundRow>(
      `SELECT sale_id AS saleId, cursor, device_id AS deviceId, cashier_id AS cashierId,
         business_date AS businessDate, currency, total, reason
       FROM sale_refunds WHERE refund_id = ?`,
    )
    .get(refundId);
  if (!refund) throw new ReceiptDataError('UNKNOWN_REFUND', `no recorded refund ${refundId}`);
  if (saleId !== undefined && saleId !== refund.saleId) {
    throw new ReceiptDataError('REFERENCE_MISMATCH', `refund ${refundId} is of sale ${refund.saleId}, not ${saleId}`);
  }
  const sale = saleRow(db, refund.saleId);
  const lines = db
    .prepare<[string, string], RefundReceiptData['lines'][number]>(
      `SELECT COALESCE(p.name, r.product_id) AS productName, r.quantity, l.unit_price AS unitPrice, r.amount,
         l.tax_rate AS taxRate
       FROM refund_lines r
       JOIN sale_lines l ON l.sale_id = ? AND l.line_no = r.sale_line
       LEFT JOIN products p ON p.id = r.product_id
       WHERE r.refund_id = ? ORDER BY r.sale_line`,
    )
    .all(refund.saleId, refundId);
  return {
    refundId,
    saleId: refund.saleId,
    saleBusinessDate: sale.businessDate,
    locationName: locationName(db, sale.locationId),
    deviceName: deviceName(db, orNull(refund.deviceId)),
    cashierId: orNull(refund.cashierId),
    businessDate: refund.businessDate,
    occurredAt: ledgerRecord(db, refund.cursor).event.occurredAt,
    currency: refund.currency,
    total: refund.total,
    reason: refund.reason,
    lines,
    tenders: tenders(db, 'refund_tenders', refundId),
  };
}

interface OfflinePaymentRow {
  saleId: string;
  deviceId: string | null;
  locationId: string;
  amount: number;
  currency: string;
  state: OfflinePaymentState;
  approvalId: string | null;
  cursor: number;
}

/** `saleId`, when the request names one, must be the sale the payment was for. */
export function loadOfflineCardSlip(db: Database, paymentId: string, saleId?: string): OfflineCardSlipData {
  const payment = db
    .prepare<[string], OfflinePaymentRow>(
      `SELECT sale_id AS saleId, device_id AS deviceId, location_id AS locationId, amount, currency, state,
         approval_id AS approvalId, cursor
       FROM offline_payments WHERE payment_id = ?`,
    )
    .get(paymentId);
  if (!payment) throw new ReceiptDataError('UNKNOWN_PAYMENT', `no recorded offline card payment ${paymentId}`);
  if (saleId !== undefined && saleId !== payment.saleId) {
    throw new ReceiptDataError(
      'REFERENCE_MISMATCH',
      `payment ${paymentId} is for sale ${payment.saleId}, not ${saleId}`,
    );
  }
  // The projection keeps neither when the card was taken nor how: the payment.offline_card payload does.
  const taken = ledgerRecord(db, payment.cursor).event.payload as { takenAt: string; method: string };
  const approval = payment.approvalId ? findApproval(db, payment.approvalId) : undefined;
  return {
    paymentId,
    saleId: payment.saleId,
    locationName: locationName(db, payment.locationId),
    deviceName: deviceName(db, payment.deviceId),
    takenAt: taken.takenAt,
    amount: payment.amount,
    currency: payment.currency,
    method: taken.method,
    state: payment.state,
    approval: payment.approvalId
      ? {
          approvalId: payment.approvalId,
          decidedBy: approval?.decided_by ?? null,
          decidedAt: approval?.decided_at ?? null,
        }
      : null,
  };
}

const DAY_FIGURES = [
  'saleCount',
  'gross',
  'refundCount',
  'refunds',
  'voidCount',
  'voids',
  'net',
  'cash',
  'card',
] as const satisfies ReadonlyArray<keyof DayTakings>;
type DayFigure = (typeof DAY_FIGURES)[number];

/** Daily totals rows are per device and cashier too; the summary adds them up per location and currency. */
function takingsByLocation(db: Database, businessDate: string): DayTakings[] {
  const byKey = new Map<string, DayTakings>();
  for (const row of dailyTotals(db, { from: businessDate, to: businessDate })) {
    const key = `${row.locationId}\u0000${row.currency}`;
    let sum = byKey.get(key);
    if (!sum) {
      const zero = Object.fromEntries(DAY_FIGURES.map((figure) => [figure, 0])) as Record<DayFigure, number>;
      sum = { locationName: locationName(db, row.locationId), currency: row.currency, ...zero };
      byKey.set(key, sum);
    }
    for (const figure of DAY_FIGURES) sum[figure] += row[figure];
  }
  return [...byKey.values()];
}

export function loadEndOfDay(db: Database, businessDate: string): EndOfDayData {
  const offlineCardPayments = db
    .prepare<[string], DayOfflineCardPayments>(
      `SELECT currency, COUNT(*) AS count, SUM(amount) AS total,
         COUNT(*) FILTER (WHERE state IN ('authorized', 'held')) AS outstandingCount,
         COALESCE(SUM(amount) FILTER (WHERE state IN ('authorized', 'held')), 0) AS outstanding,
         COUNT(*) FILTER (WHERE state = 'held') AS heldCount,
         COALESCE(SUM(amount) FILTER (WHERE state = 'held'), 0) AS held
       FROM offline_payments WHERE business_date = ? GROUP BY currency ORDER BY currency`,
    )
    .all(businessDate);
  return { businessDate, takings: takingsByLocation(db, businessDate), offlineCardPayments };
}

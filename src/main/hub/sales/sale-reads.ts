import type { Database, Statement } from 'better-sqlite3';

/**
 * The projection reads the sales deciders decide against. The caller guarantees every earlier record is applied,
 * so these are the state at the deciding event's ledger position.
 */

export type SaleStatus = 'completed' | 'voided' | 'partially_refunded' | 'refunded';

export interface RecordedSale {
  saleId: string;
  locationId: string;
  status: SaleStatus;
  currency: string;
  total: number;
}

export interface RecordedLine {
  lineNo: number;
  productId: string;
  quantity: number;
  unitPrice: number;
  refundedQuantity: number;
}

/** An offline card payment taken for a sale, as the payments projection has it now. */
export interface SaleCardPayment {
  paymentId: string;
  amount: number;
  currency: string;
  state: string;
  /** Card money sale refunds have already asked the processor to give back. */
  refundsRequested: number;
}

interface Queries {
  cardPayments: Statement<[string], SaleCardPayment>;
  sale: Statement<[string], RecordedSale>;
  lines: Statement<[string], RecordedLine>;
  tenderTotals: Statement<[string], { cash: number; card: number }>;
  refund: Statement<[string], { refund_id: string }>;
}

// Deciders run once per ingested event; preparing the same SQL every time would dominate a batch push.
const queriesByDb = new WeakMap<Database, Queries>();

function queries(db: Database): Queries {
  let prepared = queriesByDb.get(db);
  if (!prepared) {
    prepared = {
      sale: db.prepare(
        `SELECT sale_id AS saleId, location_id AS locationId, status, currency, total FROM sales WHERE sale_id = ?`,
      ),
      lines: db.prepare(
        `SELECT line_no AS lineNo, product_id AS productId, quantity, unit_price AS unitPrice,
           refunded_quantity AS refundedQuantity
         FROM sale_lines WHERE sale_id = ? ORDER BY line_no`,
      ),
      tenderTotals: db.prepare(
        `SELECT COALESCE(SUM(CASE method WHEN 'cash' THEN amount END), 0) AS cash,
           COALESCE(SUM(CASE method WHEN 'card' THEN amount END), 0) AS card
         FROM sale_tenders WHERE sale_id = ?`,
      ),
      refund: db.prepare('SELECT refund_id FROM sale_refunds WHERE refund_id = ?'),
      cardPayments: db.prepare(
        `SELECT payment_id AS paymentId, amount, currency, state, refunds_requested AS refundsRequested
         FROM offline_payments WHERE sale_id = ? ORDER BY cursor`,
      ),
    };
    queriesByDb.set(db, prepared);
  }
  return prepared;
}

export function findSale(db: Database, saleId: string): RecordedSale | undefined {
  return queries(db).sale.get(saleId);
}

export function saleLines(db: Database, saleId: string): RecordedLine[] {
  return queries(db).lines.all(saleId);
}

export function saleTenderTotals(db: Database, saleId: string): { cash: number; card: number } {
  return queries(db).tenderTotals.get(saleId)!;
}

export function refundExists(db: Database, refundId: string): boolean {
  return queries(db).refund.get(refundId) !== undefined;
}

/** The offline card payments recorded for a sale, in the order they were recorded. */
export function saleCardPayments(db: Database, saleId: string): SaleCardPayment[] {
  return queries(db).cardPayments.all(saleId);
}

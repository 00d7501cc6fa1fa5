import type { Database } from 'better-sqlite3';
import type { PrinterConfig, PrintJobKind } from '../../../../shared/protocol/printing.js';
import { businessDate } from '../../../../shared/store-calendar.js';
import { endOfDaySummary } from './end-of-day-summary.js';
import { invoiceReceipt } from './invoice-receipt.js';
import { loadInvoiceReceipt } from './invoice-receipt-data.js';
import { offlineCardSlip } from './offline-card-slip.js';
import { ReceiptDataError } from './receipt-data-error.js';
import { loadEndOfDay, loadOfflineCardSlip, loadRefundReceipt, loadSaleReceipt } from './receipt-data.js';
import type { StoreHeader } from './receipt-document.js';
import { refundReceipt } from './refund-receipt.js';
import { saleReceipt } from './sale-receipt.js';
import { testPage } from './test-page.js';

export type { StoreHeader } from './receipt-document.js';

export interface ReceiptRequest {
  kind: PrintJobKind;
  saleId?: string;
  refundId?: string;
  invoiceId?: string;
  paymentId?: string;
  /** YYYY-MM-DD */
  businessDate?: string;
}

function required(id: string | undefined, name: keyof ReceiptRequest, kind: ReceiptRequest['kind']): string {
  if (!id) throw new ReceiptDataError('MISSING_REFERENCE', `${kind} receipts need ${name}`);
  return id;
}

/**
 * The bytes of one receipt, from the ledger as it is now: ESC @ first, a cut last, never a drawer kick.
 * Synchronous, so the queue can render inside the SQLite transaction that records the job. Throws ReceiptDataError
 * when the request does not name something the ledger holds (InvoiceError INVOICE_NOT_FOUND for an invoice, the
 * invoicing domain's own answer to an unknown invoice).
 */
export function renderReceipt(
  db: Database,
  request: ReceiptRequest,
  printer: PrinterConfig,
  store: StoreHeader,
  now: Date = new Date(),
): Buffer {
  switch (request.kind) {
    case 'sale':
      return saleReceipt(loadSaleReceipt(db, required(request.saleId, 'saleId', 'sale')), printer, store);
    case 'refund': {
      const refundId = required(request.refundId, 'refundId', 'refund');
      return refundReceipt(loadRefundReceipt(db, refundId, request.saleId), printer, store);
    }
    case 'offline_card_slip': {
      const paymentId = required(request.paymentId, 'paymentId', 'offline_card_slip');
      return offlineCardSlip(loadOfflineCardSlip(db, paymentId, request.saleId), printer, store);
    }
    case 'invoice': {
      const invoiceId = required(request.invoiceId, 'invoiceId', 'invoice');
      return invoiceReceipt(loadInvoiceReceipt(db, invoiceId, request.saleId), printer, store);
    }
    case 'end_of_day': {
      const day = request.businessDate ?? businessDate(now.toISOString(), store.timeZone);
      return endOfDaySummary(loadEndOfDay(db, day), printer, store, now);
    }
    case 'test':
      return testPage(printer, store, now);
  }
}

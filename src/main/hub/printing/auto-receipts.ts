import type { InvoiceRequestPayload } from '../../../shared/protocol/invoice-payloads.js';
import type { SaleCompletePayload, SaleRefundPayload } from '../../../shared/protocol/sales-payloads.js';
import type { StoredRecord } from '../ledger/event-log.js';
import type { InvoiceOutcome } from '../ledger/projections/invoices-projector.js';
import type { ReceiptRequest } from './receipts/render-receipt.js';

/**
 * A sale synced later than this after it happened gets no automatic receipt: its customer has left, and a till back
 * from an outage would otherwise spill a stack of stale receipts. The till can still ask with `POST /v1/print-jobs`.
 * The same holds for an invoice a till asked for.
 */
export const AUTO_RECEIPT_MAX_AGE_MS = 15 * 60_000;

export type AutoReceipt =
  | {
      print: true;
      receipt: ReceiptRequest;
      printerId: string | undefined;
      deviceId: string;
      /** One per recorded event, so a replayed push can never queue a second receipt. */
      clientKey: string;
    }
  | { print: false; why: 'late'; saleId: string; lateMs: number };

/** What a recorded event asks printed (always about a sale), and where; undefined when it asks for nothing. */
function askedFor(
  record: StoredRecord,
): { receipt: ReceiptRequest & { saleId: string }; printerId: string | undefined } | undefined {
  const { event } = record;
  switch (event.type) {
    case 'sale.complete': {
      const payload = event.payload as unknown as SaleCompletePayload;
      if (!payload.printReceipt) return undefined;
      return { receipt: { kind: 'sale', saleId: payload.saleId }, printerId: payload.receiptPrinterId };
    }
    case 'sale.refund': {
      const payload = event.payload as unknown as SaleRefundPayload;
      if (!payload.printReceipt) return undefined;
      const { saleId, refundId } = payload;
      return { receipt: { kind: 'refund', saleId, refundId }, printerId: payload.receiptPrinterId };
    }
    case 'invoice.request': {
      const payload = event.payload as unknown as InvoiceRequestPayload;
      if (!payload.printInvoice) return undefined;
      const { invoiceId } = record.outcome!.invoice as InvoiceOutcome;
      return { receipt: { kind: 'invoice', invoiceId, saleId: payload.saleId }, printerId: payload.printerId };
    }
    default:
      return undefined;
  }
}

/** Whether a just-recorded event asks the hub to print its receipt or invoice, and which; undefined when it does not. */
export function autoReceiptFor(record: StoredRecord): AutoReceipt | undefined {
  const { event } = record;
  if (record.status !== 'accepted' || !event.deviceId) return undefined;
  const asked = askedFor(record);
  if (!asked) return undefined;
  const lateMs = Date.parse(record.recordedAt) - Date.parse(event.occurredAt);
  if (lateMs > AUTO_RECEIPT_MAX_AGE_MS) return { print: false, why: 'late', saleId: asked.receipt.saleId, lateMs };
  return {
    print: true,
    ...asked,
    deviceId: event.deviceId,
    clientKey: `auto:${event.type}:${event.id}`,
  };
}

import type { SaleCompletePayload, SaleRefundPayload } from '../../../shared/protocol/sales-payloads.js';
import type { StoredRecord } from '../ledger/event-log.js';
import type { ReceiptRequest } from './receipts/render-receipt.js';

/**
 * A sale synced later than this after it happened gets no automatic receipt: its customer has left, and a till back
 * from an outage would otherwise spill a stack of stale receipts. The till can still ask with `POST /v1/print-jobs`.
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

/** Whether a just-recorded event asks the hub to print its receipt, and which; undefined when it does not ask. */
export function autoReceiptFor(record: StoredRecord): AutoReceipt | undefined {
  const { event } = record;
  if (record.status !== 'accepted' || !event.deviceId) return undefined;
  if (event.type !== 'sale.complete' && event.type !== 'sale.refund') return undefined;
  const payload = event.payload as unknown as SaleCompletePayload | SaleRefundPayload;
  if (!payload.printReceipt) return undefined;
  const lateMs = Date.parse(record.recordedAt) - Date.parse(event.occurredAt);
  if (lateMs > AUTO_RECEIPT_MAX_AGE_MS) return { print: false, why: 'late', saleId: payload.saleId, lateMs };
  return {
    print: true,
    receipt:
      event.type === 'sale.complete'
        ? { kind: 'sale', saleId: payload.saleId }
        : { kind: 'refund', saleId: payload.saleId, refundId: (payload as SaleRefundPayload).refundId },
    printerId: payload.receiptPrinterId,
    deviceId: event.deviceId,
    clientKey: `auto:${event.type}:${event.id}`,
  };
}

import type {
  PaymentCancelledPayload,
  PaymentCapturedPayload,
  PaymentDeclinedPayload,
  PaymentExpiredPayload,
  PaymentRefundedPayload,
} from '../../../shared/protocol/payment-payloads.js';
import { hubEvent } from '../inventory/hub-events.js';
import type { StoredRecord } from '../ledger/event-log.js';
import type { Ledger } from '../ledger/ledger.js';

/** What the card processor did with a forwarded payment, as the ledger records it. */
export type ProcessorResult =
  | { type: 'payment.captured'; payload: PaymentCapturedPayload }
  | { type: 'payment.declined'; payload: PaymentDeclinedPayload }
  | { type: 'payment.cancelled'; payload: PaymentCancelledPayload }
  | { type: 'payment.refunded'; payload: PaymentRefundedPayload }
  | { type: 'payment.expired'; payload: PaymentExpiredPayload };

/**
 * Records a processor's answer as a hub-made fact. Called inside the transaction that marks the upstream job done
 * (ledger.transaction joins it), so a crash keeps both or neither: a job done without its fact would leave the
 * payment counted as exposure for ever, a fact without its done job would be forwarded again.
 */
export function recordProcessorResult(ledger: Ledger, result: ProcessorResult, actor: string): StoredRecord {
  return ledger.append([{ status: 'accepted', event: hubEvent(result.type, result.payload, actor) }])[0]!;
}

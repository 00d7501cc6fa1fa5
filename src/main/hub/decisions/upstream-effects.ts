import type { Money } from '../../../shared/protocol/money.js';

/**
 * What a decided event owes the outside world (DESIGN §6), said in the store's terms: "capture this card payment",
 * not "POST /v1/payment_intents/…/capture". The domain names the operation; the forwarding wiring picks the
 * connector, its job payload, deadline and key. Recorded in the outcome, so the ledger itself says what each fact
 * required to be forwarded, and the job is enqueued in the transaction that records it.
 */
export type UpstreamEffect =
  /** An authorised offline card payment: capture it before its hold lapses. */
  | { kind: 'card.capture'; paymentId: string; saleId: string; amount: Money; takenAt: string }
  /** The sale was voided before the payment was captured: release the hold. */
  | { kind: 'card.cancel'; paymentId: string; saleId: string }
  /** Money goes back to the card: part or all of a payment. `refundId` is the sale refund (or void) that caused it. */
  | { kind: 'card.refund'; paymentId: string; saleId: string; amount: Money; refundId: string };

export type UpstreamEffectKind = UpstreamEffect['kind'];

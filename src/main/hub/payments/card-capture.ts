import type { OfflineCardPaymentPayload } from '../../../shared/protocol/payment-payloads.js';
import type { UpstreamEffect } from '../decisions/upstream-effects.js';

/** An authorised offline card payment owes a capture: from its acceptance, or from a manager releasing it. */
export function captureOf(payment: OfflineCardPaymentPayload): UpstreamEffect {
  const { paymentId, saleId, amount, takenAt } = payment;
  return { kind: 'card.capture', paymentId, saleId, amount, takenAt };
}

import type { UpstreamEffect } from '../decisions/upstream-effects.js';
import type { NewUpstreamJob } from '../upstream/outbox/outbox-store.js';
import {
  STRIPE_CONNECTOR,
  captureDeadline,
  type CancelJob,
  type CaptureJob,
  type RefundJob,
} from '../upstream/stripe/stripe-jobs.js';

/**
 * The Stripe job a card effect becomes. The payment id is the key part, so one fact owing operations on two payments
 * (a sale paid with two cards) makes two jobs, and the same fact made twice makes the same ones. A capture carries
 * its hold's deadline, which the workers order by; cancels and refunds have none and go after every capture due.
 */
export function stripeJobOf(effect: UpstreamEffect): Omit<NewUpstreamJob, 'source'> {
  const base = { connector: STRIPE_CONNECTOR, keyPart: effect.paymentId };
  switch (effect.kind) {
    case 'card.capture': {
      const { paymentId, saleId, amount, takenAt } = effect;
      const payload: CaptureJob = { paymentId, saleId, amount, takenAt };
      return { ...base, kind: 'capture', payload, deadline: captureDeadline(takenAt) };
    }
    case 'card.cancel': {
      const payload: CancelJob = { paymentId: effect.paymentId, saleId: effect.saleId };
      return { ...base, kind: 'cancel', payload };
    }
    case 'card.refund': {
      const { paymentId, saleId, amount, refundId } = effect;
      const payload: RefundJob = { paymentId, saleId, amount, refundId };
      return { ...base, kind: 'refund', payload };
    }
  }
}

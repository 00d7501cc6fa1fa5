import type Stripe from 'stripe';
import { UpstreamError } from '../workers/upstream-error.js';
import { findPaymentIntent, isPaymentIntentId, retrievePaymentIntent } from './find-payment-intent.js';
import { refundOnce } from './refund.js';
import type { StripeCall } from './stripe-call.js';
import { hasStripeCode } from './stripe-failures.js';
import type { CancelJob, StripeJobResult } from './stripe-jobs.js';

/**
 * Voids a payment: cancels its intent, which releases the hold. A `pi_` job with a live key is cancelled at once
 * (a cancel refused for the state is final, so a saved refusal never hides a later chance); otherwise the intent is
 * read first. A void that finds the money already captured — the capture job, ordered by its deadline, ran first —
 * refunds the rest of it, because what a void promises the customer is that they pay nothing; the job then ends
 * `refunded`, which the wiring records as a refund of the whole payment.
 */
export async function performCancel(call: StripeCall, job: CancelJob): Promise<StripeJobResult> {
  if (isPaymentIntentId(job.paymentId) && !call.keyMayBeGone) return cancelIntent(call, job, job.paymentId);
  const intent = await findPaymentIntent(call, job);
  return (await settledForCancel(call, job, intent)) ?? cancelIntent(call, job, intent.id);
}

async function cancelIntent(call: StripeCall, job: CancelJob, id: string): Promise<StripeJobResult> {
  try {
    const cancelled = await call.send((stripe) => stripe.paymentIntents.cancel(id, {}, call.idempotency));
    return { outcome: 'cancelled', paymentIntentId: cancelled.id, reconciled: false };
  } catch (error) {
    if (!hasStripeCode(error, 'payment_intent_unexpected_state')) throw error;
    const now = await retrievePaymentIntent(call, id);
    const settled = await settledForCancel(call, job, now);
    if (settled) return settled;
    throw new UpstreamError('conflict', `${id} could not be canceled while ${now.status}; trying again`, {
      cause: error,
    });
  }
}

async function settledForCancel(
  call: StripeCall,
  job: CancelJob,
  intent: Stripe.PaymentIntent,
): Promise<StripeJobResult | undefined> {
  if (intent.status === 'canceled') return { outcome: 'cancelled', paymentIntentId: intent.id, reconciled: true };
  if (intent.status !== 'succeeded') return undefined;
  // The void's own refund: its key and refund id derive from the job, so every attempt names the same refund.
  return refundOnce(call, intent, {
    refundId: `void:${job.paymentId}`,
    idempotencyKey: `${call.job.idempotencyKey}:refund`,
  });
}

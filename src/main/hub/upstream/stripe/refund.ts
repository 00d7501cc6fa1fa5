import type Stripe from 'stripe';
import { UpstreamError } from '../workers/upstream-error.js';
import { findPaymentIntent } from './find-payment-intent.js';
import type { StripeCall } from './stripe-call.js';
import type { RefundJob, StripeJobResult } from './stripe-jobs.js';

export interface RefundSpec {
  /** The hub's refund id, stored as `metadata.refund_id`: how a refund is recognised once its key may be gone. */
  refundId: string;
  idempotencyKey: string;
  /** Minor units; undefined refunds all that is left. */
  amount?: number | undefined;
}

/**
 * Refunds captured money. The intent is read first: a refund can reach the queue before its payment is captured
 * (both wait for the reader), and then it waits for the capture instead of failing.
 */
export async function performRefund(call: StripeCall, job: RefundJob): Promise<StripeJobResult> {
  const intent = await findPaymentIntent(call, job);
  if (intent.currency !== job.amount.currency.toLowerCase()) {
    throw new UpstreamError('business', `${intent.id} is in ${intent.currency}, the refund in ${job.amount.currency}`);
  }
  if (intent.status === 'canceled' || (intent.status === 'requires_payment_method' && intent.last_payment_error)) {
    throw new UpstreamError('business', `${intent.id} is ${intent.status}: nothing was captured, so nothing to refund`);
  }
  if (intent.status !== 'succeeded') {
    throw call.notReady(`${intent.id} is ${intent.status}: waiting for its capture before refunding`);
  }
  return refundOnce(call, intent, {
    refundId: job.refundId,
    idempotencyKey: call.job.idempotencyKey,
    amount: job.amount.amount,
  });
}

/**
 * Makes the refund unless it exists. With a live key Stripe itself dedupes; once the key may be gone the intent's
 * refunds are listed and matched by `metadata.refund_id` before anything is POSTed, so a refund whose reply was
 * lost a day ago is found rather than made twice.
 */
export async function refundOnce(
  call: StripeCall,
  intent: Stripe.PaymentIntent,
  spec: RefundSpec,
): Promise<StripeJobResult> {
  if (call.keyMayBeGone) {
    const existing = await findRefund(call, intent.id, spec.refundId);
    if (existing) return refunded(intent.id, existing, true);
  }
  const refund = await call.send((stripe) =>
    stripe.refunds.create(
      {
        payment_intent: intent.id,
        ...(spec.amount !== undefined ? { amount: spec.amount } : {}),
        metadata: { refund_id: spec.refundId },
      },
      { idempotencyKey: spec.idempotencyKey },
    ),
  );
  return refunded(intent.id, refund, false);
}

async function findRefund(
  call: StripeCall,
  paymentIntent: string,
  refundId: string,
): Promise<Stripe.Refund | undefined> {
  let startingAfter: string | undefined;
  for (;;) {
    const page = await call.send((stripe) =>
      stripe.refunds.list({
        payment_intent: paymentIntent,
        limit: 100,
        ...(startingAfter !== undefined ? { starting_after: startingAfter } : {}),
      }),
    );
    const found = page.data.find((refund) => refund.metadata?.['refund_id'] === refundId);
    if (found || !page.has_more || page.data.length === 0) return found;
    startingAfter = page.data[page.data.length - 1]!.id;
  }
}

function refunded(paymentIntentId: string, refund: Stripe.Refund, reconciled: boolean): StripeJobResult {
  if (refund.status === 'failed' || refund.status === 'canceled') {
    throw new UpstreamError('business', `refund ${refund.id} of ${paymentIntentId} is ${refund.status}`);
  }
  return { outcome: 'refunded', paymentIntentId, stripeRefundId: refund.id, amountRefunded: refund.amount, reconciled };
}

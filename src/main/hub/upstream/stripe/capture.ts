import type Stripe from 'stripe';
import { UpstreamError } from '../workers/upstream-error.js';
import { findPaymentIntent, retrievePaymentIntent } from './find-payment-intent.js';
import type { StripeCall } from './stripe-call.js';
import { hasStripeCode } from './stripe-failures.js';
import type { CaptureJob, StripeJobResult } from './stripe-jobs.js';

/**
 * Captures an offline card payment once its reader has forwarded it. The intent's state is always read first, even
 * with a fresh key: a capture POSTed while the intent is still `processing` fails, and Stripe saves that failure under
 * the key and replays it for 24 h, which would hold the capture back for a day of a five-day hold. Reading first also
 * makes every retry a reconciliation: a capture applied by an attempt whose reply was lost is seen as `succeeded`
 * and is not sent again, whether or not its key still exists.
 */
export async function performCapture(call: StripeCall, job: CaptureJob): Promise<StripeJobResult> {
  const intent = await findPaymentIntent(call, job);
  const settled = settledForCapture(intent);
  if (settled) return settled;
  if (intent.status !== 'requires_capture') {
    throw call.notReady(`${intent.id} is ${intent.status} at Stripe; waiting for it to be authorised`);
  }
  checkCapturable(intent, job);
  try {
    const captured = await call.send((stripe) =>
      stripe.paymentIntents.capture(intent.id, { amount_to_capture: job.amount.amount }, call.idempotency),
    );
    return settledForCapture(captured, false) ?? unexpected(captured);
  } catch (error) {
    if (!hasStripeCode(error, 'payment_intent_unexpected_state')) throw error;
    // Its state changed between our read and the capture (hold lapsed, captured elsewhere): read it again.
    const now = await retrievePaymentIntent(call, intent.id);
    const after = settledForCapture(now);
    if (after) return after;
    throw new UpstreamError('conflict', `${intent.id} could not be captured while ${now.status}; trying again`, {
      cause: error,
    });
  }
}

/** The result a capture job ends with for an intent in a final state, or undefined while it can still be captured. */
function settledForCapture(intent: Stripe.PaymentIntent, reconciled = true): StripeJobResult | undefined {
  const paymentIntentId = intent.id;
  if (intent.status === 'succeeded') {
    if (intent.amount_received > 0) {
      return { outcome: 'captured', paymentIntentId, amountCaptured: intent.amount_received, reconciled };
    }
    throw new UpstreamError('business', `${paymentIntentId} succeeded with nothing received; check it at Stripe`);
  }
  if (intent.status === 'requires_payment_method' && intent.last_payment_error) {
    const error = intent.last_payment_error;
    return {
      outcome: 'declined',
      paymentIntentId,
      declineCode: error.decline_code ?? error.code ?? null,
      message: error.message ?? 'the card was declined after the reader forwarded the payment',
    };
  }
  if (intent.status === 'canceled') {
    if (intent.cancellation_reason === 'automatic') {
      return {
        outcome: 'expired',
        paymentIntentId,
        message: `the authorisation lapsed before capture (canceled ${when(intent.canceled_at)})`,
      };
    }
    throw new UpstreamError(
      'business',
      `${paymentIntentId} was canceled (${intent.cancellation_reason ?? 'no reason given'}) before it was captured`,
    );
  }
  return undefined;
}

function checkCapturable(intent: Stripe.PaymentIntent, job: CaptureJob): void {
  if (intent.currency !== job.amount.currency.toLowerCase()) {
    throw new UpstreamError('business', `${intent.id} is in ${intent.currency}, the sale in ${job.amount.currency}`);
  }
  if (job.amount.amount > intent.amount_capturable) {
    throw new UpstreamError(
      'business',
      `the sale asks to capture ${job.amount.amount} but ${intent.id} holds only ${intent.amount_capturable}`,
    );
  }
}

function unexpected(intent: Stripe.PaymentIntent): never {
  throw new UpstreamError('unexpected', `capture of ${intent.id} answered with status ${intent.status}`);
}

function when(unixSeconds: number | null): string {
  return unixSeconds === null ? 'at an unknown time' : new Date(unixSeconds * 1000).toISOString();
}

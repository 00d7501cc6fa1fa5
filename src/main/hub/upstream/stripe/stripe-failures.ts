import Stripe from 'stripe';
import { UpstreamError, failureKindOfStatus, type FailureKind } from '../workers/upstream-error.js';

type StripeError = InstanceType<typeof Stripe.errors.StripeError>;

/** Stripe refusing the request for a reason in the money itself: a person decides, a retry cannot help. */
const BUSINESS_CODES = new Set([
  'amount_too_large',
  'amount_too_small',
  'charge_already_refunded',
  'charge_already_captured',
  'charge_disputed',
  'charge_expired_for_capture',
  'charge_not_refundable',
  'payment_intent_unexpected_state',
]);

export function isStripeError(error: unknown): error is StripeError {
  return error instanceof Stripe.errors.StripeError;
}

export function hasStripeCode(error: unknown, code: string): error is StripeError {
  return isStripeError(error) && error.code === code;
}

/**
 * A stripe-node failure as the pool's classification (research §B.4). Anything that is not a Stripe error (an abort,
 * a bug) is returned unchanged for the pool's own `classifyFailure`. Messages keep Stripe's request id, which is what
 * Stripe support asks for, and never the key: an authentication failure gets our own wording.
 */
export function upstreamErrorOfStripe(error: unknown): unknown {
  if (error instanceof UpstreamError || !isStripeError(error)) return error;
  const status = error.statusCode;
  const options = { status, cause: error };
  const where = error.requestId ? ` (request ${error.requestId})` : '';
  const code = error.code ? `${error.code}: ` : '';
  const message = `${code}${error.message}${where}`;

  if (error instanceof Stripe.errors.StripeConnectionError) {
    const kind: FailureKind = /timeout/i.test(error.message) ? 'timeout' : 'network';
    return new UpstreamError(kind, error.message, options);
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    return new UpstreamError('rate_limited', message, { ...options, retryAfter: headerOf(error, 'retry-after') });
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return new UpstreamError(
      'auth',
      `Stripe refused the secret key${where}; fix it in Settings → Connectors.`,
      options,
    );
  }
  if (error instanceof Stripe.errors.StripePermissionError) {
    return new UpstreamError('auth', `the Stripe key may not do this: ${message}`, options);
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    // Our keys are made once per job and sent with the same parameters every time, so this is a bug: park the job.
    return new UpstreamError('validation', `idempotency key reused with other parameters (a bug): ${message}`, options);
  }
  if (error instanceof Stripe.errors.StripeCardError) return new UpstreamError('business', message, options);
  if (error.code !== undefined && BUSINESS_CODES.has(error.code)) {
    return new UpstreamError('business', message, options);
  }
  if (status === undefined) return new UpstreamError('unexpected', message, options);
  return new UpstreamError(failureKindOfStatus(status), message, {
    ...options,
    retryAfter: headerOf(error, 'retry-after'),
  });
}

function headerOf(error: StripeError, name: string): string | undefined {
  return error.headers?.[name];
}

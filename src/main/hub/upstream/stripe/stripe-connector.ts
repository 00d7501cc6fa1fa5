import type Stripe from 'stripe';
import type { Clock } from '../clock/clock.js';
import type { UpstreamJob } from '../outbox/upstream-job.js';
import type { BackoffPolicy } from '../workers/backoff.js';
import type { Connector } from '../workers/connector.js';
import { performCancel } from './cancel.js';
import { performCapture } from './capture.js';
import { parseStripeJob } from './parse-job.js';
import { performRefund } from './refund.js';
import { StripeCall } from './stripe-call.js';
import { upstreamErrorOfStripe } from './stripe-failures.js';
import { STRIPE_CONNECTOR, type StripeJobResult } from './stripe-jobs.js';

export interface StripeConnectorOptions {
  /** The SDK client (createStripeClient), or a getter so a key changed in Settings applies to the next attempt. */
  stripe: Stripe | (() => Stripe);
  /** The pool's clock: a job's age is measured on it, against `createdAt` written by the outbox on the same clock. */
  clock: Clock;
  /** Stripe may prune an idempotency key once it is 24 h old; a job older than this reconciles before writing. */
  keyAgeLimitMs?: number | undefined;
  /** How long a job waits for a reader to forward its payment: doubling from `baseMs` to `capMs`. */
  notReadyBackoff?: BackoffPolicy | undefined;
  random?: (() => number) | undefined;
}

export const STRIPE_KEY_AGE_LIMIT_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_NOT_READY_BACKOFF: BackoffPolicy = { baseMs: 30_000, capMs: 15 * 60_000 };

/**
 * The Stripe connector (DESIGN §6, research §B): captures, cancels and refunds payments that readers collected and
 * forwarded, exactly once however often an attempt's reply is lost. Resolves with a StripeJobResult; business
 * outcomes (declined, expired) are results, not errors. Failures are UpstreamErrors classified for the pool.
 */
export function createStripeConnector(options: StripeConnectorOptions): Connector {
  const client = typeof options.stripe === 'function' ? options.stripe : () => options.stripe as Stripe;
  const keyAgeLimitMs = options.keyAgeLimitMs ?? STRIPE_KEY_AGE_LIMIT_MS;
  const backoff = options.notReadyBackoff ?? DEFAULT_NOT_READY_BACKOFF;
  const random = options.random ?? Math.random;

  return {
    name: STRIPE_CONNECTOR,
    async perform(job: UpstreamJob, signal: AbortSignal): Promise<StripeJobResult> {
      const parsed = parseStripeJob(job.kind, job.payload);
      const age = options.clock.now().getTime() - Date.parse(job.createdAt);
      const call = new StripeCall(client(), job, age >= keyAgeLimitMs, signal, backoff, random);
      try {
        if (parsed.kind === 'capture') return await performCapture(call, parsed.payload);
        if (parsed.kind === 'cancel') return await performCancel(call, parsed.payload);
        return await performRefund(call, parsed.payload);
      } catch (error) {
        throw upstreamErrorOfStripe(error);
      }
    },
  };
}

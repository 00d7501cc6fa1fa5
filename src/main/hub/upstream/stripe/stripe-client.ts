import Stripe from 'stripe';
import type { StripeEndpoint } from './stripe-api-url.js';

export interface StripeClientOptions extends StripeEndpoint {
  secretKey: string;
  /** One request's limit. Kept well under the pool's perform timeout, which covers up to three sequential requests. */
  timeoutMs?: number | undefined;
}

export const DEFAULT_STRIPE_TIMEOUT_MS = 15_000;

/**
 * The SDK client the connector uses. `maxNetworkRetries: 0` because the worker pool owns retries: it persists the
 * attempt, backs off with jitter across all jobs and honours Retry-After, where the SDK would sleep inside one
 * perform. stripe-node still retries a closed connection (ECONNRESET, EPIPE) once on its own; that retry carries the
 * same Idempotency-Key, so at worst it replays.
 */
export function createStripeClient(options: StripeClientOptions): Stripe {
  return new Stripe(options.secretKey, {
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_STRIPE_TIMEOUT_MS,
    telemetry: false,
    appInfo: { name: 'Backroom' },
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.protocol !== undefined ? { protocol: options.protocol } : {}),
  });
}

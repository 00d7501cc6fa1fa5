import type Stripe from 'stripe';
import type { UpstreamJob } from '../outbox/upstream-job.js';
import type { BackoffPolicy } from '../workers/backoff.js';
import { UpstreamError } from '../workers/upstream-error.js';
import { abortable } from './abortable.js';

/** What one perform of one job needs: the client, the job, whether its key may be gone, and the abort signal. */
export class StripeCall {
  constructor(
    readonly stripe: Stripe,
    readonly job: UpstreamJob,
    /** The job is older than Stripe's key retention: its key may have been pruned, so state is read before writing. */
    readonly keyMayBeGone: boolean,
    private readonly signal: AbortSignal,
    private readonly waitPolicy: BackoffPolicy,
    private readonly random: () => number,
  ) {}

  get idempotency(): { idempotencyKey: string } {
    return { idempotencyKey: this.job.idempotencyKey };
  }

  send<T>(request: (stripe: Stripe) => Promise<T>): Promise<T> {
    return abortable(() => request(this.stripe), this.signal);
  }

  /**
   * The payment is not at Stripe yet (the reader still holds it) or not settled there: wait, longer each time, but
   * never give up — a reader may come back online days later. The wait rides on Retry-After (whole seconds), which
   * the pool obeys instead of its own backoff; half of it is fixed so a waiting job never polls in a tight loop.
   */
  notReady(message: string): UpstreamError {
    const exponent = Math.min(Math.max(this.job.attempts - 1, 0), 30);
    const ceiling = Math.min(this.waitPolicy.capMs, this.waitPolicy.baseMs * 2 ** exponent);
    const waitMs = ceiling / 2 + this.random() * (ceiling / 2);
    return new UpstreamError('not_ready', message, { retryAfter: String(Math.max(1, Math.ceil(waitMs / 1000))) });
  }
}

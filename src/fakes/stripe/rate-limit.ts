import type { FakeClock } from './clock.js';

export interface RateLimitOptions {
  /** Sustained requests per second; also the burst, as Stripe's limiter lets a short burst through. */
  perSecond: number;
  /** `Stripe-Should-Retry` on the 429s; left out when undefined (stripe-node then does not retry a 429). */
  shouldRetry?: boolean;
}

/** A token bucket on the fake's clock, shared by every request as Stripe's per-account limit is. */
export class RateLimiter {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly clock: FakeClock,
    private readonly options: RateLimitOptions,
  ) {
    if (!(options.perSecond > 0)) throw new RangeError(`perSecond must be positive (got ${options.perSecond})`);
    this.tokens = options.perSecond;
    this.refilledAt = clock.now();
  }

  get shouldRetry(): boolean | undefined {
    return this.options.shouldRetry;
  }

  tryTake(): boolean {
    const now = this.clock.now();
    const { perSecond } = this.options;
    this.tokens = Math.min(perSecond, this.tokens + ((now - this.refilledAt) / 1000) * perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface RateLimit {
  /** Sustained requests per second the upstream allows this hub. */
  perSecond: number;
  /** How many may go at once after a quiet spell. Default 1: a steady pace, never a burst. */
  burst?: number | undefined;
}

/**
 * A token bucket on an injected time line: `perSecond` tokens a second, at most `burst` saved up. The pool asks how
 * long until a token is free before claiming a job, so a job is never taken out of the queue only to wait.
 */
export class TokenBucket {
  private tokens: number;
  private readonly capacity: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    now: Date,
  ) {
    if (!(limit.perSecond > 0)) throw new RangeError('a rate limit needs perSecond > 0');
    this.capacity = Math.max(1, limit.burst ?? 1);
    this.tokens = this.capacity;
    this.last = now.getTime();
  }

  /** Milliseconds until a token is free (0: one is free now). */
  waitMs(now: Date): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.limit.perSecond);
  }

  /** Spends a token; call only after `waitMs` returned 0 for the same `now`. */
  take(now: Date): void {
    this.refill(now);
    this.tokens -= 1;
  }

  private refill(now: Date): void {
    const t = now.getTime();
    if (t > this.last)
      this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.limit.perSecond) / 1000);
    this.last = Math.max(this.last, t);
  }
}

/**
 * The fake's own time: real time plus whatever tests have skipped ahead. Idempotency-key pruning, hold expiry, the
 * rate limiter and every `created` stamp read it, so a test can jump 24 h without waiting.
 */
export class FakeClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Stripe stamps objects in whole Unix seconds. */
  unixSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the fake's clock only moves forward (got ${ms})`);
    this.offsetMs += ms;
  }
}

export interface SlidingWindowOptions {
  /** Hits allowed per key within the window. */
  limit: number;
  windowMs: number;
  /** Keys remembered at most; the least recently hit are forgotten first, so memory stays bounded under a flood. */
  maxKeys: number;
  now?: () => number;
}

/** Counts hits per key over a sliding window, keeping only the last `limit` timestamps of each key. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: SlidingWindowOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfterMs(key: string): number {
    const times = this.recent(key);
    if (times.length < this.options.limit) return 0;
    return times[0]! + this.options.windowMs - this.now();
  }

  hit(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    if (times.length > this.options.limit) times.shift();
    // Re-inserting moves the key to the end of the Map's order, which makes the first key the least recent.
    this.hits.delete(key);
    this.hits.set(key, times);
    if (this.hits.size > this.options.maxKeys) this.hits.delete(this.hits.keys().next().value!);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const times = (this.hits.get(key) ?? []).filter((time) => time > since);
    if (times.length === 0) this.hits.delete(key);
    return times;
  }
}

const GLOBAL_KEY = '*';

/** Failed attempts limited per client address and over all addresses together (one attacker, many addresses). */
export class FailedAttemptLimiter {
  private readonly perAddress: SlidingWindowLimiter;
  private readonly overall: SlidingWindowLimiter;

  constructor(options: { perAddress: number; overall: number; windowMs: number; now?: () => number }) {
    const shared = { windowMs: options.windowMs, ...(options.now ? { now: options.now } : {}) };
    this.perAddress = new SlidingWindowLimiter({ ...shared, limit: options.perAddress, maxKeys: 10_000 });
    this.overall = new SlidingWindowLimiter({ ...shared, limit: options.overall, maxKeys: 1 });
  }

  retryAfterMs(address: string): number {
    return Math.max(this.perAddress.retryAfterMs(address), this.overall.retryAfterMs(GLOBAL_KEY));
  }

  recordFailure(address: string): void {
    this.perAddress.hit(address);
    this.overall.hit(GLOBAL_KEY);
  }
}

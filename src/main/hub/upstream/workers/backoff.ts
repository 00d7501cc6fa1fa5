export interface BackoffPolicy {
  /** The ceiling of the first retry's delay; it doubles with each attempt. */
  baseMs: number;
  /** The largest delay ever chosen, so a long outage is still tried every few minutes. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(cap, base·2^(attempt-1))]. Full jitter rather
 * than a fixed ladder because after an outage every queued job fails and retries together; spreading them across
 * the whole window is what keeps the first minutes of a recovery from being one burst into the upstream's rate limit.
 * `attempt` counts from 1 (the attempt that just failed); `random` is injectable for tests.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

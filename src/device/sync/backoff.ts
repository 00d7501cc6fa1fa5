export interface BackoffPolicy {
  /** ceiling of the first retry's delay */
  baseMs: number;
  /** no delay ceiling grows beyond this */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base·2^attempt)). Full jitter spreads a store
 * full of tills that lost the hub at the same moment, so they do not all come back in the same instant.
 * `attempt` counts from 0; `random` returns [0, 1) like Math.random.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

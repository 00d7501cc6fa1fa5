import type { FailedAttemptLimiter } from '../devices/rate-limiter.js';
import { HttpError } from './http-error.js';

/** 429 with Retry-After while `address` (or everyone together) has failed too often at `what`. */
export function refuseWhileLimited(failures: FailedAttemptLimiter, address: string, what: string): void {
  const waitMs = failures.retryAfterMs(address);
  if (waitMs <= 0) return;
  const seconds = Math.ceil(waitMs / 1000);
  throw new HttpError(429, 'RATE_LIMITED', `too many failed ${what}; retry in ${seconds} s`, {
    'retry-after': String(seconds),
  });
}

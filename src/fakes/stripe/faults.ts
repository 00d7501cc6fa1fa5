/**
 * Faults on demand, queued per request matcher and consumed in order. Each fault says where in Stripe's pipeline it
 * strikes, because that decides whether the operation happened and whether its result sits under the idempotency key.
 */

export interface FaultMatch {
  method?: 'GET' | 'POST';
  /** Exact path (`/v1/refunds`) or a pattern (`/\/capture$/`); the query string is not part of it. */
  path?: string | RegExp;
}

export type Fault =
  /** Never answer. `apply: true` runs the request first (applied, result saved under its key), then goes silent. */
  | { kind: 'timeout'; apply?: boolean }
  /** Destroy the socket without answering. By default after applying the operation and saving its result. */
  | { kind: 'drop'; apply?: boolean }
  /**
   * A 5xx with Stripe's `api_error` body. `saved: false` (default) fails before the idempotency layer, as a front-end
   * would, so a retry runs the request. `saved: true` fails inside the endpoint: nothing is applied, but the 500 is
   * saved under the key and replayed to every retry (Stripe says it replays 500s) with `Stripe-Should-Retry: false`.
   */
  | { kind: 'server_error'; status?: number; saved?: boolean }
  /** A 429 `rate_limit` before the idempotency layer; `shouldRetry` sets `Stripe-Should-Retry`, absent when undefined. */
  | { kind: 'rate_limit'; shouldRetry?: boolean };

interface QueuedFault {
  match: FaultMatch;
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private readonly queued: QueuedFault[] = [];

  add(match: FaultMatch, fault: Fault, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer (got ${times})`);
    this.queued.push({ match, fault, remaining: times });
  }

  /** The first queued fault that matches this request, used up by the taking. */
  take(method: string, path: string): Fault | undefined {
    const index = this.queued.findIndex((entry) => matches(entry.match, method, path));
    if (index < 0) return undefined;
    const entry = this.queued[index]!;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queued.splice(index, 1);
    return entry.fault;
  }

  pending(): number {
    return this.queued.reduce((sum, entry) => sum + entry.remaining, 0);
  }

  clear(): void {
    this.queued.length = 0;
  }
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method && match.method !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}

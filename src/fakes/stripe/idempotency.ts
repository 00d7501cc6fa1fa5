import type { FakeClock } from './clock.js';
import type { FakeResponse, StripeApiFailure } from './stripe-errors.js';
import { idempotencyMismatch } from './stripe-errors.js';

/** Stripe may prune a key once it is at least 24 hours old; after that the same key runs as a new request. */
export const DEFAULT_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

interface SavedResult {
  method: string;
  path: string;
  params: string;
  response: FakeResponse;
  requestId: string;
  savedAt: number;
}

export type IdempotencyVerdict =
  | { kind: 'new' }
  | { kind: 'replay'; response: FakeResponse; originalRequestId: string }
  | { kind: 'mismatch'; failure: StripeApiFailure };

/**
 * Stripe's idempotency layer for v1 POSTs: the first result saved under a key (status and body, 500s included) is
 * replayed for the same endpoint and parameters; anything else under that key is an `idempotency_error`.
 */
export class IdempotencyStore {
  private readonly saved = new Map<string, SavedResult>();

  constructor(
    private readonly clock: FakeClock,
    private readonly retentionMs: number,
  ) {}

  check(key: string, method: string, path: string, params: string): IdempotencyVerdict {
    this.prune();
    const entry = this.saved.get(key);
    if (!entry) return { kind: 'new' };
    if (entry.method !== method || entry.path !== path) {
      return {
        kind: 'mismatch',
        failure: idempotencyMismatch(
          `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.path}' vs '${path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
        ),
      };
    }
    if (entry.params !== params) {
      return {
        kind: 'mismatch',
        failure: idempotencyMismatch(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        ),
      };
    }
    return { kind: 'replay', response: entry.response, originalRequestId: entry.requestId };
  }

  save(key: string, method: string, path: string, params: string, response: FakeResponse, requestId: string): void {
    // A stored body must not change when the live object changes later, exactly as a replay from Stripe does not.
    const frozen: FakeResponse = { ...response, body: structuredClone(response.body) };
    this.saved.set(key, { method, path, params, response: frozen, requestId, savedAt: this.clock.now() });
  }

  size(): number {
    this.prune();
    return this.saved.size;
  }

  private prune(): void {
    const oldest = this.clock.now() - this.retentionMs;
    for (const [key, entry] of this.saved) if (entry.savedAt <= oldest) this.saved.delete(key);
  }
}

import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { backoffDelayMs } from '../../src/main/hub/upstream/workers/backoff.js';
import { retryAfterMs } from '../../src/main/hub/upstream/workers/retry-after.js';
import { TokenBucket } from '../../src/main/hub/upstream/workers/token-bucket.js';
import {
  UpstreamError,
  classifyFailure,
  upstreamErrorOfStatus,
} from '../../src/main/hub/upstream/workers/upstream-error.js';

const NOW = new Date('2026-11-22T10:00:00.000Z');

describe('backoff', () => {
  it('grows exponentially up to the cap, each delay drawn uniformly from [0, ceiling]', () => {
    const policy = { baseMs: 1_000, capMs: 60_000 };
    const ceilings = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000];
    ceilings.forEach((ceiling, i) => {
      const samples = Array.from({ length: 400 }, () => backoffDelayMs(i + 1, policy));
      expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...samples)).toBeLessThanOrEqual(ceiling);
      // Jitter: the delays spread over the window rather than sitting at one value.
      expect(new Set(samples).size).toBeGreaterThan(50);
      expect(Math.max(...samples)).toBeGreaterThan(ceiling * 0.8);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      expect(mean).toBeGreaterThan(ceiling * 0.35);
      expect(mean).toBeLessThan(ceiling * 0.65);
    });
    expect(backoffDelayMs(1_000, policy, () => 0.999_999)).toBe(59_999);
    expect(backoffDelayMs(1, policy, () => 0)).toBe(0);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs(' 0 ', NOW)).toBe(0);
    expect(retryAfterMs('Sun, 22 Nov 2026 10:05:00 GMT', NOW)).toBe(300_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 09:00:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
    expect(retryAfterMs('-5', NOW)).toBeUndefined();
    expect(retryAfterMs('1.5', NOW)).toBeUndefined();
  });
});

describe('classification', () => {
  it('429, 5xx, 409 and 408 are retryable; 400, 401, 403, 404, 422 and other 4xx are final', () => {
    const retryable = [429, 500, 502, 503, 504, 409, 408];
    const final = [400, 401, 403, 404, 422, 402];
    for (const status of retryable) expect(upstreamErrorOfStatus(status, 'x').retryable, `${status}`).toBe(true);
    for (const status of final) expect(upstreamErrorOfStatus(status, 'x').retryable, `${status}`).toBe(false);
    expect(upstreamErrorOfStatus(401, 'x').kind).toBe('auth');
    expect(upstreamErrorOfStatus(400, 'x').kind).toBe('validation');
    expect(upstreamErrorOfStatus(402, 'card declined').kind).toBe('business');
    expect(upstreamErrorOfStatus(429, 'x', '7').retryAfter).toBe('7');
  });

  it('a refused connection from a real fetch is a retryable network failure; an abort is a timeout', async () => {
    const port = await freePort();
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((error: unknown) => error);
    expect(classifyFailure(refused)).toMatchObject({ kind: 'network', retryable: true });
    expect(classifyFailure(refused).message).toMatch(/ECONNREFUSED/);
    const aborted = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(classifyFailure(aborted)).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('an error nobody classified is final, so the bug shows as a dead job instead of endless retries', () => {
    expect(classifyFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toMatchObject({
      kind: 'unexpected',
      retryable: false,
    });
    const own = new UpstreamError('business', 'capture window closed');
    expect(classifyFailure(own)).toBe(own);
  });
});

describe('token bucket', () => {
  it('gives perSecond tokens a second after its burst, and says how long to wait for the next', () => {
    const bucket = new TokenBucket({ perSecond: 4, burst: 2 }, NOW);
    let t = NOW.getTime();
    const taken: number[] = [];
    while (taken.length < 10) {
      const wait = bucket.waitMs(new Date(t));
      if (wait > 0) {
        t += wait;
        continue;
      }
      bucket.take(new Date(t));
      taken.push(t - NOW.getTime());
    }
    expect(taken.slice(0, 2)).toEqual([0, 0]);
    expect(taken[9]).toBeGreaterThanOrEqual((10 - 2) * 250);
    expect(taken[9]).toBeLessThanOrEqual((10 - 2) * 250 + 10);
  });
});

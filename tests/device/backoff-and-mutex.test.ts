import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/device/sync/backoff.js';
import { Mutex } from '../../src/device/sync/mutex.js';

describe('backoff with full jitter', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('stays within [0, min(max, base·2^attempt))', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
      expect(backoffDelay(attempt, policy, () => 0)).toBe(0);
      const highest = backoffDelay(attempt, policy, () => 0.999_999);
      expect(highest).toBeLessThan(ceiling);
      expect(highest).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.999));
    }
  });

  it('doubles the ceiling per attempt until the cap, and survives huge attempt counts', () => {
    const half = (attempt: number) => backoffDelay(attempt, policy, () => 0.5);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(half)).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(half(5_000)).toBe(30_000);
  });

  it('spreads devices that failed together', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(6, policy, Math.random));
    expect(Math.min(...delays)).toBeLessThan(20_000);
    expect(Math.max(...delays)).toBeGreaterThan(40_000);
  });
});

describe('mutex', () => {
  it('never runs two tasks at once and keeps call order', async () => {
    const mutex = new Mutex();
    let active = 0;
    let maxActive = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 5 - (n % 3)));
      order.push(n);
      active--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => mutex.run(task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(maxActive).toBe(1);
    expect(mutex.locked).toBe(false);
  });

  it('releases the lock when a task fails', async () => {
    const mutex = new Mutex();
    await expect(mutex.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(mutex.locked).toBe(false);
    expect(await mutex.run(async () => 'next')).toBe('next');
  });
});

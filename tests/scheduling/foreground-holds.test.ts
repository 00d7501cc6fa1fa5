import { describe, expect, it } from 'vitest';
import { ForegroundHolds } from '../../src/main/hub/scheduling/foreground-holds.js';

const settledYet = async (promise: Promise<void>): Promise<boolean> => {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
};

describe('ForegroundHolds', () => {
  it('lets bulk work go on in the same turn when nothing is held', () => {
    expect(new ForegroundHolds().whenFree()).toBeUndefined();
  });

  it('frees bulk work only when the last of several holds ends, and a second release changes nothing', async () => {
    const holds = new ForegroundHolds();
    const first = holds.hold(60_000);
    const second = holds.hold(60_000);
    const free = holds.whenFree()!;
    first();
    first();
    expect(holds.held).toBe(true);
    expect(await settledYet(free)).toBe(false);
    second();
    expect(holds.held).toBe(false);
    expect(await settledYet(free)).toBe(true);
    expect(holds.whenFree()).toBeUndefined();
  });

  it('ends a hold nobody released after its time, so a printer that never answers cannot stall sync', async () => {
    const holds = new ForegroundHolds();
    holds.hold(30);
    const started = performance.now();
    await holds.whenFree();
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(holds.held).toBe(false);
  });
});

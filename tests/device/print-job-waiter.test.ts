/**
 * Following a print job: reads until it settles, with pauses that grow up to a bound, and gives the job back as
 * last read when the time is up. A clock that jumps instead of waiting, and a scripted sequence of job states.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/device/core/ports.js';
import { waitForPrintJob } from '../../src/device/printing/print-job-waiter.js';
import type { PrintJobState, PrintJobView } from '../../src/shared/protocol/printing.js';

/** Time moves only when something sleeps on it; every pause is recorded. */
function jumpingClock(): Clock & { pauses: number[] } {
  let now = 0;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => now,
    schedule(callback, ms) {
      pauses.push(ms);
      now += ms;
      queueMicrotask(callback);
      return () => undefined;
    },
  };
}

function job(state: PrintJobState, waitingFor: PrintJobView['waitingFor'] = null): PrintJobView {
  return {
    id: 'j-1',
    clientKey: 'k',
    printerId: 'front',
    kind: 'sale',
    state,
    waitingFor,
    statusUnknown: false,
    note: null,
    saleId: 's-1',
    attempts: state === 'queued' ? 0 : 1,
    requestedBy: { type: 'device', id: 'd-1' },
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:00:00.000Z',
    printedAt: null,
  };
}

function scripted(states: PrintJobState[]): { read: () => Promise<PrintJobView>; reads: () => number } {
  let reads = 0;
  return {
    read: async () => job(states[Math.min(reads++, states.length - 1)]!),
    reads: () => reads,
  };
}

describe('waiting for a print job', () => {
  it('reads until printed, uncertain or dropped, with growing pauses', async () => {
    for (const last of ['printed', 'uncertain', 'dropped'] as const) {
      const clock = jumpingClock();
      const source = scripted(['queued', 'queued', 'printing', last]);
      expect((await waitForPrintJob(source.read, clock)).state).toBe(last);
      expect(source.reads()).toBe(4);
      expect(clock.pauses).toEqual([100, 150, 225]);
    }
  });

  it('never pauses longer than the bound, nor past the deadline, and returns the job as last read', async () => {
    const clock = jumpingClock();
    const source = scripted(['queued']);
    const last = await waitForPrintJob(source.read, clock, { timeoutMs: 5_000, intervalMs: 400, maxIntervalMs: 1_000 });

    expect(last.state).toBe('queued');
    expect(clock.pauses.slice(0, 4)).toEqual([400, 600, 900, 1_000]);
    expect(Math.max(...clock.pauses)).toBe(1_000);
    expect(clock.pauses.reduce((sum, ms) => sum + ms, 0)).toBe(5_000);
  });

  it('keeps its pauses within sane bounds whatever it is asked', async () => {
    const clock = jumpingClock();
    await waitForPrintJob(scripted(['queued']).read, clock, { timeoutMs: 100, intervalMs: 0, maxIntervalMs: 0 });
    expect(Math.min(...clock.pauses)).toBe(20);
  });

  it('reads once with no time to wait, and passes read errors on', async () => {
    const source = scripted(['queued']);
    expect((await waitForPrintJob(source.read, jumpingClock(), { timeoutMs: 0 })).state).toBe('queued');
    expect(source.reads()).toBe(1);
    const failing = () => Promise.reject(new Error('hub unreachable'));
    await expect(waitForPrintJob(failing, jumpingClock())).rejects.toThrow('hub unreachable');
  });
});

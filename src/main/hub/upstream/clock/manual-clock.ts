import type { Clock } from './clock.js';

interface Pending {
  at: number;
  order: number;
  run: () => void;
}

/**
 * A clock that moves only when told. `advance` fires due timers in time order and lets the promise chains they start
 * settle before moving on, so a worker that performs, records and claims again behaves as it would in real time.
 * For tests, the simulator and benchmarks; the hub itself runs on `systemClock`.
 */
export class ManualClock implements Clock {
  private current: number;
  private pending: Pending[] = [];
  private order = 0;

  constructor(start: Date | string = '2026-11-22T08:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  schedule(ms: number, run: () => void): () => void {
    const entry: Pending = { at: this.current + Math.max(0, ms), order: (this.order += 1), run };
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((p) => p !== entry);
    };
  }

  /** Timers waiting to fire; a test can tell "waiting for a timer" from "stuck". */
  get timers(): number {
    return this.pending.length;
  }

  /** Milliseconds until the next timer fires, or undefined when none is pending. */
  nextIn(): number | undefined {
    const next = this.earliest();
    return next ? next.at - this.current : undefined;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, each at its own time. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (let next = this.earliest(); next && next.at <= target; next = this.earliest()) {
      this.pending = this.pending.filter((p) => p !== next);
      this.current = Math.max(this.current, next.at);
      next.run();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** Advances in steps until `done()` holds; throws after `limitMs` of simulated time, so a hang fails the test. */
  async advanceUntil(done: () => boolean, limitMs: number, stepMs = 100): Promise<void> {
    const until = this.current + limitMs;
    await settle();
    while (!done()) {
      if (this.current >= until) throw new Error(`condition not met within ${limitMs} simulated ms`);
      await this.advance(Math.min(stepMs, until - this.current));
    }
  }

  private earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending) if (!best || p.at < best.at || (p.at === best.at && p.order < best.order)) best = p;
    return best;
  }
}

/**
 * Lets pending promise callbacks run. A macrotask turn (setImmediate) drains every microtask queued before it; a few
 * turns cover chains that hop through I/O callbacks such as a SQLite statement or a loopback socket.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

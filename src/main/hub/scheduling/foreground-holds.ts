/** What bulk work asks before its next step: undefined when it may go on at once, else when it may. */
export interface BulkGate {
  whenFree(): Promise<void> | undefined;
}

/** A drawer kick normally reaches the line within a few milliseconds once the event loop is free. */
export const DEFAULT_HOLD_MS = 100;

/**
 * Someone standing at the hardware goes before bulk sync (issue 11). The hub has one event loop; under a full
 * ingest load it is busy back to back with 500-event commits and batch checks, and a drawer kick, which needs three
 * turns of it (the request, the printer's status answer, its read), queued behind them for over 100 ms. While a hold
 * is on, bulk work stops at its next step (one commit group, one batch's checks) and the loop serves only I/O.
 * Each hold ends when released or after its `maxMs`, so a printer that never answers cannot stall sync for long.
 */
export class ForegroundHolds implements BulkGate {
  private readonly active = new Set<object>();
  private readonly waiting: Array<() => void> = [];
  private resuming = false;

  /** Holds bulk work until the returned function is called (again harmless) or `maxMs` has passed. */
  hold(maxMs = DEFAULT_HOLD_MS): () => void {
    const token = {};
    this.active.add(token);
    const release = () => {
      clearTimeout(timer);
      if (this.active.delete(token) && this.active.size === 0) this.resumeNext();
    };
    const timer = setTimeout(release, maxMs);
    // A hold left at shutdown must not keep the process up.
    timer.unref();
    return release;
  }

  get held(): boolean {
    return this.active.size > 0;
  }

  whenFree(): Promise<void> | undefined {
    if (this.active.size === 0 && this.waiting.length === 0) return undefined;
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /**
   * One held step per turn of the loop, in the order they stopped: resumed all at once they would run back to back
   * and hold the loop as long as the hold saved, just when the next kick may come.
   */
  private resumeNext(): void {
    if (this.resuming) return;
    this.resuming = true;
    setImmediate(() => {
      this.resuming = false;
      if (this.active.size > 0) return;
      this.waiting.shift()?.();
      if (this.waiting.length > 0) this.resumeNext();
    });
  }
}

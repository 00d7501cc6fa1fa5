/**
 * Cursor notices, at most one per window (issue 11). Every commit used to be told to every live stream: 500 one-event
 * pushes a second made 25,000 WebSocket messages a second for 50 tills, and that fan-out was most of the hub's work.
 * A listener only needs the newest cursor, so the first commit after a quiet window is told at once (a quiet store
 * loses nothing) and later ones within the window are folded into one notice at its end, carrying the newest cursor.
 * 25 ms is well below what a person at a till notices; at 10 ms, 50 tills still got 5,000 messages a second, and
 * their TLS writes, on the event loop beside the commits, kept the one-event push p99 near its 8 ms target.
 */
export class CursorNotices {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pending: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly publish: (cursor: number) => void,
    private readonly windowMs = 25,
    private readonly now: () => number = () => performance.now(),
  ) {}

  committed(cursor: number): void {
    if (this.timer) {
      this.pending = cursor;
      return;
    }
    const wait = this.lastSentAt + this.windowMs - this.now();
    if (wait <= 0) return this.send(cursor);
    this.pending = cursor;
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Stops the window; a pending cursor is sent now rather than lost. */
  stop(): void {
    if (this.timer) this.flush();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const cursor = this.pending;
    this.pending = undefined;
    if (cursor !== undefined) this.send(cursor);
  }

  private send(cursor: number): void {
    this.lastSentAt = this.now();
    this.publish(cursor);
  }
}

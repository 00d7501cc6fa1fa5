import type { Database, Statement } from 'better-sqlite3';
import type { ActivityPoint } from '../../../shared/protocol/admin-views.js';

/** What the hub holds at one moment: the ledger head, and what waits on devices and for upstream services. */
export interface ActivityFigures {
  cursor: number;
  deviceQueued: number;
  upstreamQueued: number;
}

export const SAMPLE_EVERY_MS = 60_000;
/** A day of one-minute samples; older ones are dropped as new ones come, so the table never grows past this. */
export const KEEP_HOURS = 24;
const KEEP_ROWS = (KEEP_HOURS * 3_600_000) / SAMPLE_EVERY_MS;

interface SampleRow {
  at: string;
  cursor: number;
  device_queued: number;
  upstream_queued: number;
}

/**
 * The dashboard chart's history (issue 12): the figures sampled once a minute into `activity_samples`, kept for a
 * day, so the chart means something the moment the manager opens it. Events recorded between two samples are the
 * difference of their ledger heads: exact without reading the event log, whose rows are far too large to scan for a
 * chart. Queue depths are not in the ledger at all (a device reports its queue; the outbox drains), hence sampling.
 */
export class ActivityHistory {
  private readonly insert: Statement<[SampleRow]>;
  private readonly prune: Statement<[string, number]>;
  private readonly since: Statement<[string], SampleRow>;
  private readonly before: Statement<[string], SampleRow>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    db: Database,
    private readonly figures: () => ActivityFigures,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO activity_samples (at, cursor, device_queued, upstream_queued)
       VALUES (@at, @cursor, @device_queued, @upstream_queued)`,
    );
    // By age, and by count too: a clock set back a day would otherwise keep a second day of rows.
    this.prune = db.prepare(
      `DELETE FROM activity_samples
       WHERE at < ? OR at NOT IN (SELECT at FROM activity_samples ORDER BY at DESC LIMIT ?)`,
    );
    this.since = db.prepare('SELECT * FROM activity_samples WHERE at >= ? ORDER BY at');
    this.before = db.prepare('SELECT * FROM activity_samples WHERE at < ? ORDER BY at DESC LIMIT 1');
  }

  /** Samples now, then every minute; `stop` takes a last one, so the events of the hub's last minute are counted. */
  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  sample(at: Date = this.now()): void {
    const { cursor, deviceQueued, upstreamQueued } = this.figures();
    this.insert.run({ at: at.toISOString(), cursor, device_queued: deviceQueued, upstream_queued: upstreamQueued });
    this.prune.run(new Date(at.getTime() - KEEP_HOURS * 3_600_000).toISOString(), KEEP_ROWS);
  }

  /**
   * The last `hours`, oldest first, ending with the figures as they are now. `events` is what was recorded since
   * the point before; null for the first sample the hub ever took, which has nothing to count from.
   */
  series(hours: number, at: Date = this.now()): ActivityPoint[] {
    const from = new Date(at.getTime() - hours * 3_600_000).toISOString();
    const rows = [...this.since.all(from), this.current(at)];
    let previous = this.before.get(from)?.cursor ?? null;
    return rows.map((row) => {
      const point: ActivityPoint = {
        at: row.at,
        events: previous === null ? null : row.cursor - previous,
        deviceQueued: row.device_queued,
        upstreamQueued: row.upstream_queued,
      };
      previous = row.cursor;
      return point;
    });
  }

  private current(at: Date): SampleRow {
    const { cursor, deviceQueued, upstreamQueued } = this.figures();
    return { at: at.toISOString(), cursor, device_queued: deviceQueued, upstream_queued: upstreamQueued };
  }
}

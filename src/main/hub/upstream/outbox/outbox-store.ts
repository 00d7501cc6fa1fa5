import type { Database, Statement } from 'better-sqlite3';
import { uuidv7 } from '../../uuid-v7.js';
import { canonicalJson } from '../../../../shared/canonical-json.js';
import { systemClock, type Clock } from '../clock/clock.js';
import { idempotencyKeyFor } from './idempotency-key.js';
import { OutboxError } from './outbox-errors.js';
import { JOB_STATES, jobOf, type JobRow, type JobSource, type JobState, type UpstreamJob } from './upstream-job.js';

export interface NewUpstreamJob {
  connector: string;
  kind: string;
  /** JSON-serialisable; stored canonical, so the same job enqueued twice compares equal. */
  payload: unknown;
  /** The ledger fact that causes the job; omit only for a job a manager makes by hand. */
  source?: JobSource | undefined;
  /** Tells apart two jobs of one kind from one fact (see idempotencyKeyFor). */
  keyPart?: string | undefined;
  /** Higher goes first among jobs with the same deadline. Default 0. */
  priority?: number | undefined;
  /** When the upstream stops accepting the operation (a card hold expiring). Jobs nearest theirs go first. */
  deadline?: Date | string | undefined;
  /** Not claimed before this time. Default: now. */
  notBefore?: Date | undefined;
}

export interface EnqueueResult {
  job: UpstreamJob;
  /** False when a job with the same idempotency key already existed: it is returned unchanged. */
  created: boolean;
}

export interface JobFilter {
  connector?: string | undefined;
  state?: JobState | undefined;
  kind?: string | undefined;
  sourceEventId?: string | undefined;
  limit: number;
  /** Only jobs enqueued before this seq: pass the previous page's last seq. */
  before?: number | undefined;
}

export interface ConnectorStats {
  connector: string;
  /** Jobs still owed to the upstream: queued + in flight. */
  depth: number;
  counts: Record<JobState, number>;
  oldestQueuedAt: string | null;
  oldestQueuedAgeMs: number | null;
  /** Attempts made so far by the jobs still owed: grows while an upstream keeps failing. */
  openAttempts: number;
  maxOpenAttempts: number;
}

/** Told which connector may have new work (ANY_CONNECTOR: all of them); see `onWork`. */
export type WorkListener = (connector: string) => void;

export const ANY_CONNECTOR = '*';

/** The claim's order: deadline (none last), priority (higher first), age. */
function claimOrder(a: UpstreamJob, b: UpstreamJob): number {
  if (a.deadline !== b.deadline) {
    if (a.deadline === null) return 1;
    if (b.deadline === null) return -1;
    return a.deadline < b.deadline ? -1 : 1;
  }
  return b.priority - a.priority || a.seq - b.seq;
}

interface StatsRow {
  connector: string;
  state: JobState;
  n: number;
  oldest: string;
  attempts: number;
  max_attempts: number;
}

/**
 * The `upstream_jobs` table (DESIGN §6). Every write is one statement, so it joins whatever transaction the caller
 * has open: `enqueue` insists on one (a job must commit with its fact), and a manager's cancel or retry can share
 * a transaction with its audit row. Each state change names the states it may leave, so a manager's cancel and a
 * worker's completion can never both win.
 */
export class OutboxStore {
  private readonly listeners = new Set<WorkListener>();
  private readonly insertStmt: Statement<[Record<string, string | number | null>], JobRow>;
  private readonly byKeyStmt: Statement<[string], JobRow>;
  private readonly byIdStmt: Statement<[string], JobRow>;
  private readonly claimStmt: Statement<[{ connector: string; now: string; limit: number }], JobRow>;
  private readonly nextDueStmt: Statement<[string], { at: string | null }>;
  private readonly completeStmt: Statement<[{ id: string; result: string; now: string }], JobRow>;
  private readonly retryLaterStmt: Statement<[{ id: string; notBefore: string; error: string; now: string }], JobRow>;
  private readonly killStmt: Statement<[{ id: string; error: string; now: string }], JobRow>;
  // Read on every jobs page, overview and metrics scrape: prepared once, like the worker's statements.
  private readonly listStmt: Statement<[Record<string, string | number | null>], JobRow>;
  private readonly statsStmt: Statement<[], StatsRow>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO upstream_jobs (id, connector, kind, payload, idempotency_key, priority, deadline, not_before,
         state, source_cursor, source_event_id, created_at, updated_at)
       VALUES (@id, @connector, @kind, @payload, @key, @priority, @deadline, @notBefore,
         'queued', @sourceCursor, @sourceEventId, @now, @now)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING *`,
    );
    this.byKeyStmt = db.prepare('SELECT * FROM upstream_jobs WHERE idempotency_key = ?');
    this.byIdStmt = db.prepare('SELECT * FROM upstream_jobs WHERE id = ?');
    // One statement picks and takes the jobs, so no other claim can take them in between. The ORDER BY and WHERE
    // repeat the upstream_jobs_due index's, which is what lets SQLite walk it instead of sorting.
    this.claimStmt = db.prepare(
      `UPDATE upstream_jobs SET state = 'in_flight', attempts = attempts + 1, updated_at = @now
       WHERE seq IN (
         SELECT seq FROM upstream_jobs
         WHERE connector = @connector AND state = 'queued' AND not_before <= @now
         ORDER BY deadline IS NULL, deadline, priority DESC, seq
         LIMIT @limit)
       RETURNING *`,
    );
    this.nextDueStmt = db.prepare(
      `SELECT MIN(not_before) AS at FROM upstream_jobs WHERE connector = ? AND state = 'queued'`,
    );
    this.completeStmt = db.prepare(
      `UPDATE upstream_jobs SET state = 'done', result = @result, last_error = NULL, updated_at = @now
       WHERE id = @id AND state = 'in_flight' RETURNING *`,
    );
    this.retryLaterStmt = db.prepare(
      `UPDATE upstream_jobs SET state = 'queued', not_before = @notBefore, last_error = @error, updated_at = @now
       WHERE id = @id AND state = 'in_flight' RETURNING *`,
    );
    this.killStmt = db.prepare(
      `UPDATE upstream_jobs SET state = 'dead', last_error = @error, updated_at = @now
       WHERE id = @id AND state = 'in_flight' RETURNING *`,
    );
    this.listStmt = db.prepare(
      `SELECT * FROM upstream_jobs
       WHERE seq < @before AND (@connector IS NULL OR connector = @connector) AND (@state IS NULL OR state = @state)
         AND (@kind IS NULL OR kind = @kind) AND (@sourceEventId IS NULL OR source_event_id = @sourceEventId)
       ORDER BY seq DESC LIMIT @limit`,
    );
    this.statsStmt = db.prepare(
      `SELECT connector, state, COUNT(*) AS n, MIN(created_at) AS oldest, SUM(attempts) AS attempts,
         MAX(attempts) AS max_attempts
       FROM upstream_jobs GROUP BY connector, state`,
    );
  }

  /**
   * Hears of work that may be claimable now: an enqueue, a manual retry, a sync-now, a restart's requeue.
   * Announced on a microtask: a better-sqlite3 transaction is synchronous, so by the time a listener runs, the
   * transaction that wrote the job has committed or rolled back, and a worker never wakes for a row it cannot see
   * (a rolled-back enqueue costs one empty look). Returns the function that unsubscribes.
   */
  onWork(listener: WorkListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Adds a job inside the caller's transaction (throws outside one). The same idempotency key again returns the
   * existing job unchanged; with a different connector, kind or payload it is refused, since one key must name one
   * operation for ever.
   */
  enqueue(job: NewUpstreamJob): EnqueueResult {
    if (!this.db.inTransaction) {
      throw new OutboxError('NOT_IN_TRANSACTION', 'enqueue inside the transaction that records the causing fact');
    }
    const now = this.clock.now().toISOString();
    const key = idempotencyKeyFor(job.connector, job.kind, job.source, job.keyPart);
    const payload = canonicalJson(job.payload);
    const row = this.insertStmt.get({
      id: uuidv7(),
      connector: job.connector,
      kind: job.kind,
      payload,
      key,
      priority: job.priority ?? 0,
      deadline: job.deadline === undefined ? null : new Date(job.deadline).toISOString(),
      notBefore: job.notBefore?.toISOString() ?? now,
      sourceCursor: job.source?.cursor ?? null,
      sourceEventId: job.source?.eventId ?? null,
      now,
    });
    if (row) {
      this.announce(job.connector);
      return { job: jobOf(row), created: true };
    }
    const existing = this.byKeyStmt.get(key)!;
    if (existing.connector !== job.connector || existing.kind !== job.kind || existing.payload !== payload) {
      throw new OutboxError(
        'IDEMPOTENCY_MISMATCH',
        `idempotency key ${key} already names job ${existing.id} with a different operation`,
      );
    }
    return { job: jobOf(existing), created: false };
  }

  /** Takes the next due job of `connector` (deadline, priority, age) and counts the attempt; undefined if none. */
  claimNext(connector: string, now: Date = this.clock.now()): UpstreamJob | undefined {
    return this.claimMany(connector, 1, now)[0];
  }

  /**
   * Takes up to `limit` due jobs of `connector` at once, for a connector that sends many in one upstream call (a
   * KSeF batch session); returned in claim order (deadline, priority, age).
   */
  claimMany(connector: string, limit: number, now: Date = this.clock.now()): UpstreamJob[] {
    const rows = this.claimStmt.all({ connector, now: now.toISOString(), limit });
    // RETURNING gives rows in no promised order.
    return rows.map(jobOf).sort(claimOrder);
  }

  /** The earliest not-before among `connector`'s queued jobs: when a worker with nothing due should look again. */
  nextDueAt(connector: string): Date | undefined {
    const at = this.nextDueStmt.get(connector)?.at;
    return at ? new Date(at) : undefined;
  }

  complete(id: string, result: unknown): UpstreamJob {
    const row = this.completeStmt.get({ id, result: canonicalJson(result ?? null), now: this.stamp() });
    return row ? jobOf(row) : this.refuse(id, 'complete');
  }

  retryLater(id: string, notBefore: Date, error: string): UpstreamJob {
    const row = this.retryLaterStmt.get({ id, notBefore: notBefore.toISOString(), error, now: this.stamp() });
    return row ? jobOf(row) : this.refuse(id, 'retry later');
  }

  kill(id: string, error: string): UpstreamJob {
    const row = this.killStmt.get({ id, error, now: this.stamp() });
    return row ? jobOf(row) : this.refuse(id, 'kill');
  }

  /**
   * A manager gives up on a queued or dead job. An in-flight job cannot be cancelled: the upstream may be applying
   * it this very moment, and a cancelled row over an applied capture would be a lie.
   */
  cancel(id: string, by: string): UpstreamJob {
    const row = this.db
      .prepare<[{ id: string; by: string; now: string }], JobRow>(
        `UPDATE upstream_jobs SET state = 'cancelled', cancelled_by = @by, updated_at = @now
         WHERE id = @id AND state IN ('queued','dead') RETURNING *`,
      )
      .get({ id, by, now: this.stamp() });
    return row ? jobOf(row) : this.refuse(id, 'cancel');
  }

  /**
   * A manager asks for a dead job, or one waiting out its backoff, to be tried now. Attempts keep counting: the
   * screen shows the job's whole history, and the key stays the same, so the retry is safe upstream.
   */
  retryNow(id: string): UpstreamJob {
    const row = this.db
      .prepare<[{ id: string; now: string }], JobRow>(
        `UPDATE upstream_jobs SET state = 'queued', not_before = @now, updated_at = @now
         WHERE id = @id AND state IN ('queued','dead') RETURNING *`,
      )
      .get({ id, now: this.stamp() });
    if (!row) return this.refuse(id, 'retry');
    this.announce(row.connector);
    return jobOf(row);
  }

  /** Sync now: every queued job of `connector` becomes due at once. Returns how many were waiting. */
  expedite(connector: string): number {
    const now = this.stamp();
    const { changes } = this.db
      .prepare(
        `UPDATE upstream_jobs SET not_before = @now, updated_at = @now
         WHERE connector = @connector AND state = 'queued' AND not_before > @now`,
      )
      .run({ connector, now });
    this.announce(connector);
    return changes;
  }

  /**
   * At start-up, before any worker runs: jobs left in flight by a process that died go back to the queue. Whether
   * the upstream applied them is unknown; retrying with the same idempotency key is what makes that safe.
   */
  requeueInFlight(): number {
    const now = this.stamp();
    const { changes } = this.db
      .prepare(
        `UPDATE upstream_jobs SET state = 'queued', updated_at = @now,
           last_error = 'interrupted: the hub stopped while this job was in flight'
         WHERE state = 'in_flight'`,
      )
      .run({ now });
    if (changes > 0) this.announce(ANY_CONNECTOR);
    return changes;
  }

  get(id: string): UpstreamJob | undefined {
    const row = this.byIdStmt.get(id);
    return row ? jobOf(row) : undefined;
  }

  /** Newest first, a page at a time. */
  list(filter: JobFilter): UpstreamJob[] {
    return this.listStmt
      .all({
        before: filter.before ?? Number.MAX_SAFE_INTEGER,
        connector: filter.connector ?? null,
        state: filter.state ?? null,
        kind: filter.kind ?? null,
        sourceEventId: filter.sourceEventId ?? null,
        limit: filter.limit,
      })
      .map(jobOf);
  }

  /** Per connector, every connector with jobs plus any named in `connectors` (shown with zeros). */
  stats(now: Date = this.clock.now(), connectors: readonly string[] = []): ConnectorStats[] {
    const rows = this.statsStmt.all();
    const byConnector = new Map<string, ConnectorStats>();
    const entry = (connector: string): ConnectorStats => {
      let stats = byConnector.get(connector);
      if (!stats) {
        stats = {
          connector,
          depth: 0,
          counts: Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>,
          oldestQueuedAt: null,
          oldestQueuedAgeMs: null,
          openAttempts: 0,
          maxOpenAttempts: 0,
        };
        byConnector.set(connector, stats);
      }
      return stats;
    };
    for (const connector of connectors) entry(connector);
    for (const row of rows) {
      const stats = entry(row.connector);
      stats.counts[row.state] = row.n;
      if (row.state === 'queued') {
        stats.oldestQueuedAt = row.oldest;
        stats.oldestQueuedAgeMs = Math.max(0, now.getTime() - Date.parse(row.oldest));
      }
      if (row.state === 'queued' || row.state === 'in_flight') {
        stats.depth += row.n;
        stats.openAttempts += row.attempts;
        stats.maxOpenAttempts = Math.max(stats.maxOpenAttempts, row.max_attempts);
      }
    }
    return [...byConnector.values()].sort((a, b) => a.connector.localeCompare(b.connector));
  }

  private stamp(): string {
    return this.clock.now().toISOString();
  }

  private refuse(id: string, action: string): never {
    const current = this.byIdStmt.get(id);
    if (!current) throw new OutboxError('JOB_NOT_FOUND', `no upstream job ${id}`);
    throw new OutboxError('JOB_STATE', `cannot ${action} job ${id}: it is ${current.state}`);
  }

  private announce(connector: string): void {
    queueMicrotask(() => {
      for (const listener of this.listeners) listener(connector);
    });
  }
}

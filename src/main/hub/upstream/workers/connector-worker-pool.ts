import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '../clock/clock.js';
import { ANY_CONNECTOR, type OutboxStore } from '../outbox/outbox-store.js';
import type { UpstreamJob } from '../outbox/upstream-job.js';
import { DEFAULT_BACKOFF, backoffDelayMs, type BackoffPolicy } from './backoff.js';
import type { Connector, JobOutcome } from './connector.js';
import { retryAfterMs } from './retry-after.js';
import { TokenBucket, type RateLimit } from './token-bucket.js';
import { UpstreamError, classifyFailure } from './upstream-error.js';

export interface WorkerPoolOptions {
  connector: Connector;
  outbox: OutboxStore;
  /** Jobs performed at once. Default 1. */
  concurrency?: number | undefined;
  /** The upstream's request budget; none means only `concurrency` limits the pace. */
  rateLimit?: RateLimit | undefined;
  backoff?: BackoffPolicy | undefined;
  /** After this many attempts a retryable failure is final too (Conexxus: 10). Default: no limit. */
  maxAttempts?: number | undefined;
  /** A perform still running after this long is aborted and retried as a timeout. Default 60 s. */
  performTimeoutMs?: number | undefined;
  /** The longest Retry-After obeyed; a longer one (or a far-future date) is cut to this. Default 1 h. */
  maxRetryAfterMs?: number | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
  /**
   * Records a successful job: must call `complete` (which marks the job done) and may write more in the same
   * transaction, e.g. the result as a ledger fact, so the outcome and the job's completion commit together or not
   * at all. A throw leaves the job in flight (a `fault`), for `requeueInFlight` at the next start. Default: `complete`.
   */
  settle?: ((job: UpstreamJob, result: unknown, complete: () => UpstreamJob) => UpstreamJob) | undefined;
}

export interface WorkerPoolEvents {
  /** The job is done; its result is stored. */
  done: [job: UpstreamJob];
  /** The attempt failed but may succeed later; the job is queued again with its new not-before. */
  retry: [job: UpstreamJob, error: UpstreamError];
  /** The job failed for good and needs a person: what the alert engine listens for. */
  dead: [job: UpstreamJob, error: UpstreamError];
  paused: [reason: string];
  resumed: [];
  /**
   * A claim or an outcome could not be written (the database is gone, full or corrupt), or a listener of the events
   * above threw. A job whose outcome was lost stays in flight and is requeued at the next start; the pool keeps
   * going and looks again later, so the hub's logger should listen.
   */
  fault: [error: unknown, job: UpstreamJob | undefined];
}

export interface WorkerPoolStatus {
  connector: string;
  state: 'idle' | 'running' | 'paused' | 'stopping' | 'stopped';
  pausedBecause: string | null;
  inFlight: number;
}

/** Why a perform was aborted by `stop`, so its failure is not counted against the job. */
const STOPPING = new Error('the worker pool is stopping');

/**
 * Clock jumps (the PC's time corrected) make a timer set for a job's not-before fire at the wrong moment, and a
 * database fault may pass; looking again at least this often bounds either to a minute.
 */
const MAX_SLEEP_MS = 60_000;

interface Running {
  controller: AbortController;
  settled: Promise<void>;
}

/**
 * Runs one connector's jobs (DESIGN §6): claims due jobs in deadline, priority, age order, up to `concurrency` at a
 * time and no faster than the rate limit, and records each outcome. Retryable failures go back to the queue with
 * exponential backoff and full jitter, or after the upstream's Retry-After; final ones go dead and are announced.
 * A paused pool claims nothing (jobs already performing finish); `resume` claims at once.
 */
export class ConnectorWorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly name: string;
  private readonly clock: Clock;
  private readonly concurrency: number;
  private readonly bucket: TokenBucket | undefined;
  private readonly running = new Map<string, Running>();
  private phase: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  private pausedBecause: string | null = null;
  private cancelWake: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: WorkerPoolOptions) {
    super();
    this.name = options.connector.name;
    this.clock = options.clock ?? systemClock;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.bucket = options.rateLimit ? new TokenBucket(options.rateLimit, this.clock.now()) : undefined;
  }

  /**
   * Starts claiming. Call `OutboxStore.requeueInFlight()` once before starting any pool, so jobs a dead process left
   * in flight are taken again.
   */
  start(): void {
    if (this.phase !== 'idle') return;
    this.phase = 'running';
    this.unsubscribe = this.options.outbox.onWork((connector) => {
      if (connector === this.name || connector === ANY_CONNECTOR) this.pump();
    });
    this.pump();
  }

  pause(reason: string): void {
    const wasPaused = this.pausedBecause !== null;
    this.pausedBecause = reason;
    this.sleep(undefined);
    if (!wasPaused) this.emit('paused', reason);
  }

  /** Claims at once: a target that came back should not wait for a timer. */
  resume(): void {
    if (this.pausedBecause === null) return;
    this.pausedBecause = null;
    this.emit('resumed');
    this.pump();
  }

  /**
   * A manager's "sync now": every queued job becomes due at once, including those waiting out a backoff or a
   * Retry-After, because a person asking to try now outranks our guess of when to try. The rate limit still holds,
   * and a pool paused for an offline target stays paused: re-probe the target (ConnectivityMonitor.probeNow) to
   * resume it if it is back. Returns how many jobs were brought forward.
   */
  syncNow(): number {
    return this.options.outbox.expedite(this.name);
  }

  status(): WorkerPoolStatus {
    const state = this.phase === 'running' && this.pausedBecause !== null ? 'paused' : this.phase;
    return { connector: this.name, state, pausedBecause: this.pausedBecause, inFlight: this.running.size };
  }

  /**
   * Stops claiming and lets performs in flight finish for up to `graceMs`, then aborts the rest and waits for them
   * to settle. A job whose perform ends because of that abort goes back to the queue, due at once, without its
   * failure counted: it was not the upstream's doing, and its key makes the next attempt safe even if the upstream
   * applied this one. A perform that still succeeds is recorded as done. So after a graceful stop no row is left
   * in flight; only a process that dies leaves them, for `requeueInFlight` at the next start.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.phase === 'stopped' || this.phase === 'stopping') return;
    this.phase = 'stopping';
    this.sleep(undefined);
    this.unsubscribe?.();
    const abortAll = this.clock.schedule(graceMs, () => {
      for (const { controller } of this.running.values()) controller.abort(STOPPING);
    });
    await Promise.all([...this.running.values()].map((r) => r.settled));
    abortAll();
    this.phase = 'stopped';
  }

  /** Fills free slots with due jobs while the rate limit allows, then sleeps until the next thing can change. */
  private pump(): void {
    if (this.phase !== 'running' || this.pausedBecause !== null) return;
    this.sleep(undefined);
    try {
      while (this.running.size < this.concurrency) {
        const now = this.clock.now();
        const wait = this.bucket?.waitMs(now) ?? 0;
        if (wait > 0) return this.sleep(wait);
        const { connector, outbox } = this.options;
        const jobs = outbox.claimMany(this.name, connector.performMany ? (connector.batchLimit ?? 1) : 1, now);
        if (jobs.length === 0) return this.sleep(this.untilNextDue(now));
        this.bucket?.take(now);
        this.perform(jobs);
      }
    } catch (error) {
      this.emit('fault', error, undefined);
      this.sleep(MAX_SLEEP_MS);
    }
  }

  /** With no due job: until the earliest not-before, or no timer at all when the queue is empty (onWork wakes us). */
  private untilNextDue(now: Date): number | undefined {
    const due = this.options.outbox.nextDueAt(this.name);
    if (!due) return undefined;
    return Math.min(MAX_SLEEP_MS, Math.max(1, due.getTime() - now.getTime()));
  }

  private sleep(ms: number | undefined): void {
    this.cancelWake?.();
    this.cancelWake = ms === undefined ? undefined : this.clock.schedule(ms, () => this.pump());
  }

  /** One job, or a batch for a connector with `performMany`: each job's outcome is recorded on its own. */
  private perform(jobs: UpstreamJob[]): void {
    const controller = new AbortController();
    const timeoutMs = this.options.performTimeoutMs ?? 60_000;
    const cancelTimeout = this.clock.schedule(timeoutMs, () =>
      controller.abort(new UpstreamError('timeout', `no answer within ${timeoutMs} ms`)),
    );
    const { connector } = this.options;
    const recorded = new Set<string>();
    const outcomeOf = (job: UpstreamJob, outcome: JobOutcome) => {
      if (recorded.has(job.id)) return;
      recorded.add(job.id);
      this.record(job, () =>
        outcome.ok ? this.succeeded(job, outcome.result) : this.failed(job, outcome.error, controller.signal),
      );
    };
    const byId = new Map(jobs.map((job) => [job.id, job]));
    const report = (jobId: string, outcome: JobOutcome) => {
      const job = byId.get(jobId);
      if (job) outcomeOf(job, outcome);
    };
    const attempt = (async (): Promise<Map<string, JobOutcome>> => {
      if (!connector.performMany) {
        return new Map([[jobs[0]!.id, { ok: true, result: await connector.perform(jobs[0]!, controller.signal) }]]);
      }
      return connector.performMany(jobs, controller.signal, report);
    })();
    const settled = attempt
      .then(
        (outcomes) => {
          for (const job of jobs) {
            outcomeOf(job, outcomes.get(job.id) ?? { ok: false, error: new Error('the connector gave no outcome') });
          }
        },
        (error: unknown) => {
          for (const job of jobs) outcomeOf(job, { ok: false, error });
        },
      )
      .finally(() => {
        cancelTimeout();
        this.running.delete(jobs[0]!.id);
        this.pump();
      });
    this.running.set(jobs[0]!.id, { controller, settled });
  }

  private record(job: UpstreamJob, write: () => void): void {
    try {
      write();
    } catch (error) {
      this.emit('fault', error, job);
    }
  }

  private succeeded(job: UpstreamJob, result: unknown): void {
    const complete = () => this.options.outbox.complete(job.id, result);
    this.emit('done', this.options.settle ? this.options.settle(job, result, complete) : complete());
  }

  private failed(job: UpstreamJob, thrown: unknown, signal: AbortSignal): void {
    const now = this.clock.now();
    if (signal.aborted && signal.reason === STOPPING) {
      this.options.outbox.retryLater(job.id, now, 'interrupted: the hub stopped while this job was in flight');
      return;
    }
    // A perform aborted by our timeout usually throws a bare AbortError; the reason says what really happened.
    const error = classifyFailure(signal.aborted && signal.reason instanceof UpstreamError ? signal.reason : thrown);
    const description = describe(error);
    const { maxAttempts } = this.options;
    if (!error.retryable || (maxAttempts !== undefined && job.attempts >= maxAttempts)) {
      const reason = error.retryable ? `gave up after ${job.attempts} attempts; last: ${description}` : description;
      this.emit('dead', this.options.outbox.kill(job.id, reason), error);
      return;
    }
    const delay = this.retryDelayMs(job, error, now);
    this.emit('retry', this.options.outbox.retryLater(job.id, new Date(now.getTime() + delay), description), error);
  }

  private retryDelayMs(job: UpstreamJob, error: UpstreamError, now: Date): number {
    const asked = retryAfterMs(error.retryAfter, now);
    if (asked !== undefined) return Math.min(asked, this.options.maxRetryAfterMs ?? 3_600_000);
    return backoffDelayMs(job.attempts, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
  }
}

function describe(error: UpstreamError): string {
  return `${error.kind}${error.status === undefined ? '' : ` ${error.status}`}: ${error.message}`;
}

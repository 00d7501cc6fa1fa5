import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/** SQLite's own default: what the writer goes back to when no thread checkpoints for it. */
export const INLINE_AUTOCHECKPOINT_PAGES = 1000;
/**
 * While the thread checkpoints, the writer checkpoints itself only past this WAL size (32 MB of 4 KiB pages): a
 * passive checkpoint cannot reset a WAL that is appended to without a pause, so under a long unbroken load the
 * writer still bounds the file, once in a long while instead of every thousand pages.
 */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 8000;

/**
 * What one of the thread's checkpoints found: WAL frames in all, and how many of them are now in the database file
 * (both -1, with the error, when it failed).
 */
export interface CheckpointReport {
  walFrames: number;
  backfilled: number;
  error?: string;
}

/**
 * The checkpoint runs on its own connection in a worker thread. The worker is a plain script (eval) for the reason
 * given in devices/signature-workers.ts: the hub ships as one bundle, and the native module resolves from here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ walFrames: result.log, backfilled: result.checkpointed });
  } catch (error) {
    // A failed checkpoint leaves the pages in the WAL for the next one; the writer's backstop bounds the file.
    parentPort.postMessage({ walFrames: -1, backfilled: -1, error: String(error) });
  }
});
`;

/**
 * WAL checkpoints off the writer's thread (issue 11). SQLite checkpoints in the connection that commits, once the WAL
 * passes a thousand pages: copying those pages into the database file and syncing it, in the middle of whichever
 * push happened to commit then. That was a one-event push's slowest case and a tenth of ingest's time on the event
 * loop. Here a second connection, on a worker thread, copies committed pages in passive mode (it never blocks the
 * writer or a reader), at most once per `intervalMs` while commits come in. Durability does not change: a commit is
 * durable in the WAL, synced, before it is acknowledged, whoever later copies it into the database file.
 *
 * The thread starts with the first commit, so an idle hub does not keep it. If it cannot start or dies, the writer
 * checkpoints itself again as SQLite does by default.
 */
export class WalCheckpoints {
  private worker: Worker | undefined;
  private failed = false;
  private running = false;
  private dirty = false;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly reportWaiters: Array<(report: CheckpointReport) => void> = [];

  constructor(
    private readonly writer: Database,
    private readonly intervalMs = 200,
  ) {}

  /** Told after each commit that appended to the ledger. */
  committed(): void {
    if (this.closed || this.failed || this.writer.memory) return;
    this.dirty = true;
    if (this.running || this.timer) return;
    const wait = this.lastStartedAt + this.intervalMs - performance.now();
    if (wait <= 0) this.checkpoint();
    else this.timer = setTimeout(() => this.checkpoint(), wait).unref();
  }

  /** The thread's next report. */
  nextReport(): Promise<CheckpointReport> {
    return new Promise((resolve) => this.reportWaiters.push(resolve));
  }

  /** Stops the thread and closes its connection; the writer can then checkpoint and close as before. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    await exited;
  }

  private checkpoint(): void {
    this.timer = undefined;
    const worker = this.worker ?? this.start();
    if (!worker) return;
    this.dirty = false;
    this.running = true;
    this.lastStartedAt = performance.now();
    worker.postMessage('checkpoint');
  }

  private start(): Worker | undefined {
    try {
      const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sqlite, file: this.writer.name } });
      worker.unref();
      worker.on('message', (report: CheckpointReport) => this.reported(report));
      worker.on('error', () => this.fail());
      worker.on('exit', () => {
        if (!this.closed) this.fail();
      });
      this.writer.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
      this.worker = worker;
      return worker;
    } catch {
      this.fail();
      return undefined;
    }
  }

  private reported(report: CheckpointReport): void {
    this.running = false;
    for (const resolve of this.reportWaiters.splice(0)) resolve(report);
    if (this.dirty) this.committed();
  }

  private fail(): void {
    this.failed = true;
    this.running = false;
    this.worker = undefined;
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${INLINE_AUTOCHECKPOINT_PAGES}`);
  }
}

import type { PrintJobState, PrintJobView } from '../../shared/protocol/printing.js';
import type { Clock } from '../core/ports.js';

/** States a job does not leave by itself: `uncertain` waits for a manager, who reprints or drops it. */
export const SETTLED_PRINT_JOB_STATES: readonly PrintJobState[] = ['printed', 'uncertain', 'dropped'];

export function isPrintJobSettled(job: Pick<PrintJobView, 'state'>): boolean {
  return SETTLED_PRINT_JOB_STATES.includes(job.state);
}

export interface PrintJobWaitOptions {
  /** How long to wait in all; then the job is returned as last read (default 30 s). */
  timeoutMs?: number;
  /** The first pause between two reads (default 100 ms); each one after is half as long again… */
  intervalMs?: number;
  /** …up to this (default 1 s): a receipt is seen at once, a printer out of paper is not asked ten times a second. */
  maxIntervalMs?: number;
}

const DEFAULTS = { timeoutMs: 30_000, intervalMs: 100, maxIntervalMs: 1_000 };
/** Bounds on the pauses whatever the caller asks: never a busy loop against the hub, never minutes between reads. */
const MIN_INTERVAL_MS = 20;
const MAX_INTERVAL_MS = 10_000;

/**
 * Reads a print job until it is printed, uncertain or dropped, or until `timeoutMs` passed; returns the job as last
 * read either way, so a till can say "printed", "ask the manager" or "still waiting: paper out" (`waitingFor`).
 * Errors of `read` (hub unreachable, 404) are not retried: they reach the caller.
 */
export async function waitForPrintJob(
  read: () => Promise<PrintJobView>,
  clock: Clock,
  options: PrintJobWaitOptions = {},
): Promise<PrintJobView> {
  const timeoutMs = Math.max(0, options.timeoutMs ?? DEFAULTS.timeoutMs);
  const maxIntervalMs = bounded(options.maxIntervalMs ?? DEFAULTS.maxIntervalMs);
  let intervalMs = Math.min(bounded(options.intervalMs ?? DEFAULTS.intervalMs), maxIntervalMs);
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const job = await read();
    const left = deadline - clock.now();
    if (isPrintJobSettled(job) || left <= 0) return job;
    await new Promise<void>((resolve) => clock.schedule(resolve, Math.min(intervalMs, left)));
    intervalMs = Math.min(maxIntervalMs, intervalMs * 1.5);
  }
}

function bounded(ms: number): number {
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, ms));
}

import type { UpstreamJob } from '../outbox/upstream-job.js';

/** How one job of a batch ended: its result (kept on the job) or what it failed with. */
export type JobOutcome = { ok: true; result: unknown } | { ok: false; error: unknown };

/**
 * What a connector (Stripe, Conexxus, KSeF) gives the generic machinery: how to perform one job. `perform` is called
 * with the job's stored idempotency key and must send it on every attempt. It resolves with a JSON-serialisable
 * result (kept on the job), or throws; an `UpstreamError` says whether trying again can help, and anything else is
 * classified by `classifyFailure`. It must honour `signal`: the pool aborts it on timeout and on shutdown and waits
 * for it to settle before the job's slot is reused.
 *
 * A connector whose upstream takes many jobs in one call (a KSeF batch session) also gives `performMany`: the pool
 * then claims up to `batchLimit` due jobs at once and hands them over together. The connector may `report` a job's
 * outcome as soon as it knows it (recorded at once, so a long call shows progress and a crash loses less); it resolves
 * with the outcomes of the jobs not reported (a job in neither failed unexpectedly), or throws when the whole call
 * failed, which counts for every job not reported.
 */
export interface Connector {
  readonly name: string;
  perform(job: UpstreamJob, signal: AbortSignal): Promise<unknown>;
  readonly batchLimit?: number | undefined;
  performMany?(
    jobs: UpstreamJob[],
    signal: AbortSignal,
    report: (jobId: string, outcome: JobOutcome) => void,
  ): Promise<Map<string, JobOutcome>>;
}

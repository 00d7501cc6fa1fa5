import type { UpstreamJob } from '../outbox/upstream-job.js';

/**
 * What a connector (Stripe, Conexxus, KSeF) gives the generic machinery: how to perform one job. `perform` is called
 * with the job's stored idempotency key and must send it on every attempt. It resolves with a JSON-serialisable
 * result (kept on the job), or throws; an `UpstreamError` says whether trying again can help, and anything else is
 * classified by `classifyFailure`. It must honour `signal`: the pool aborts it on timeout and on shutdown and waits
 * for it to settle before the job's slot is reused.
 */
export interface Connector {
  readonly name: string;
  perform(job: UpstreamJob, signal: AbortSignal): Promise<unknown>;
}

import type { CeilingSizes } from './ceilings.js';
import type { IngestSizes } from './ingest.js';
import type { RecoverySizes } from './mass-recovery.js';
import type { PullSizes } from './pull-catch-up.js';
import type { LatencySizes } from './push-latency.js';

export interface BenchSizes {
  ceilings: CeilingSizes;
  /** How long a started hub sits idle before its RSS is read (DESIGN §13: start + 10 s). */
  idleMs: number;
  ingestDevices: number;
  ingest: IngestSizes;
  /** Devices pulling at once; the ledger they catch up on is the one ingest filled. */
  pullDevices: number;
  pull: PullSizes;
  latency: LatencySizes;
  recovery: RecoverySizes;
}

/**
 * The workloads of DESIGN §13 at their target sizes. Ingest pushes 100k events because pull catch-up needs a ledger
 * of 100k. Caps keep a slow machine's full run near five minutes, plus about seven for the Stripe backlog drain
 * (paced by the fake's rate limit); a capped figure reports what it reached.
 */
export const FULL: BenchSizes = {
  ceilings: { verifies: 20_000, batchedRows: 100_000, singleRows: 4_000, maxMsEach: 2_000 },
  idleMs: 10_000,
  ingestDevices: 20,
  ingest: { eventsPerDevice: 5_000, batchSize: 500, maxMs: 60_000 },
  pullDevices: 50,
  pull: { limit: 1_000, maxMs: 60_000 },
  latency: { devices: 50, backgroundEventsPerSec: 500, samples: 1_500, warmup: 20, gapMs: 5, maxMs: 25_000 },
  recovery: { devices: 50, eventsPerDevice: 2_000, maxMs: 60_000 },
};

/** A smoke run: every scenario and the report, small enough for a minute or so. */
export const QUICK: BenchSizes = {
  ceilings: { verifies: 2_000, batchedRows: 10_000, singleRows: 300, maxMsEach: 500 },
  idleMs: 3_000,
  ingestDevices: 20,
  ingest: { eventsPerDevice: 250, batchSize: 500, maxMs: 20_000 },
  pullDevices: 10,
  pull: { limit: 1_000, maxMs: 20_000 },
  latency: { devices: 10, backgroundEventsPerSec: 100, samples: 200, warmup: 10, gapMs: 5, maxMs: 10_000 },
  recovery: { devices: 5, eventsPerDevice: 200, maxMs: 20_000 },
};

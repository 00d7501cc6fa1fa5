/**
 * The backlog drain (issue 11, DESIGN §6 and §13): card payments taken while the internet was out leave a backlog of
 * Stripe captures in the outbox; when it returns, how fast does the worker pool empty it against Stripe's rate limit,
 * and is every payment still captured exactly once?
 *
 * Everything the hub uses for it, in this process: the ledger file opened as the hub opens it (migrations, WAL,
 * synchronous=FULL), the OutboxStore, the ConnectorWorkerPool with the Stripe connector and the real `stripe` SDK
 * client, talking to the Stripe fake on loopback limited to Stripe's 25 requests/s. The pool is paused while the jobs
 * are recorded (the outage) and resumed at t0 (the internet is back); the clock stops when the outbox owes Stripe
 * nothing. A job's source is a hub-made ledger fact committed with it, not a till's signed `payment.offline_card`
 * going through the payment decision (that is the sale flow's cost, not the drain's); keys, payloads and deadlines
 * are made as the hub makes them for a capture.
 *
 * Run alone with `npx tsx bench/backlog-drain.ts [--quick] [--concurrency=N] [--jobs-per-sec=X] [--burst=N]`
 * (the flags are for tuning the pool; `npm run bench` runs it with the settings below).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { v7 as uuidv7 } from 'uuid';
import { startStripeFake, type StripeFake } from '../src/fakes/stripe/index.js';
import { hubEvent } from '../src/main/hub/inventory/hub-events.js';
import { Ledger } from '../src/main/hub/ledger/ledger.js';
import { OutboxStore } from '../src/main/hub/upstream/outbox/outbox-store.js';
import type { UpstreamJob } from '../src/main/hub/upstream/outbox/upstream-job.js';
import {
  captureDeadline,
  createStripeClient,
  createStripeConnector,
  STRIPE_CONNECTOR,
  type CaptureJob,
  type StripeJobResult,
} from '../src/main/hub/upstream/stripe/index.js';
import { systemClock } from '../src/main/hub/upstream/clock/clock.js';
import { ConnectorWorkerPool } from '../src/main/hub/upstream/workers/connector-worker-pool.js';
import type { RateLimit } from '../src/main/hub/upstream/workers/token-bucket.js';
import { startCpuMeter, type CpuShare } from './lib/cpu-meter.js';
import { withTimeout } from './lib/timing.js';
import { backlogDrainRows, printTable } from './report.js';

/** Stripe's documented limit (and its sandbox's): what the fake enforces and what every ratio is taken against. */
export const STRIPE_REQUESTS_PER_SEC = 25;
/**
 * A capture reads before it writes (find the intent by `metadata.payment_id`, then capture it: see the Stripe
 * connector's README), so the job-level ceiling is half the request budget.
 */
export const REQUESTS_PER_CAPTURE = 2;

export interface PoolSettings {
  concurrency: number;
  /** In jobs per second, as the pool counts. */
  rateLimit: RateLimit;
}

/**
 * The fastest setting without 429s: exactly the job ceiling. Burst 2, not 1: with one token the bucket is full
 * whenever the pool's timer fires a little late, and that lateness is lost on every job (12.2 jobs/s measured instead
 * of 12.5); a second token keeps it. It stays under the fake's bucket (25 + 25·t requests in any t seconds): jobs
 * started in t seconds are at most 2 + 12.5·t, so at most 4 + 25·t requests, leaving room for replies delayed up to
 * ~0.8 s to bunch their captures. A 429 would cost more than its own request: the retry reads again first, after a
 * backoff. Concurrency only has to cover a job's two round trips and its commit in the 80 ms between two starts,
 * with room for a stall on a shared machine; more would not go faster.
 */
export const DRAIN_POOL: PoolSettings = {
  concurrency: 4,
  rateLimit: { perSecond: STRIPE_REQUESTS_PER_SEC / REQUESTS_PER_CAPTURE, burst: 2 },
};

export interface BacklogDrainSizes {
  /** Capture jobs queued during the outage, one forwarded PaymentIntent each. */
  jobs: number;
  /** Facts (each with its job) per transaction while recording: a till's push after the outage brings a batch. */
  factsPerTransaction: number;
  /** How often progress is printed during the drain. */
  progressEveryMs: number;
}

export const BACKLOG_DRAIN_SIZES: Record<'full' | 'quick', BacklogDrainSizes> = {
  full: { jobs: 5_000, factsPerTransaction: 500, progressEveryMs: 20_000 },
  quick: { jobs: 300, factsPerTransaction: 100, progressEveryMs: 5_000 },
};

export interface BacklogDrainResult {
  jobs: number;
  pool: PoolSettings;
  /** The fake's limit, requests per second. */
  limitPerSec: number;
  requestsPerJob: number;
  /** Recording the facts and their jobs while the pool was paused (not part of the drain). */
  enqueueMs: number;
  /** From resume to the moment the outbox owed Stripe nothing. */
  drainMs: number;
  /** Requests the fake received during the drain, and how many of them it answered 429. */
  requests: number;
  rateLimited: number;
  /** Attempts the jobs took in all; above `jobs` by the number of retries. */
  attempts: number;
  /** Jobs that ended dead (never expected: the bench fails after reporting them). */
  dead: number;
  /** PaymentIntents the fake applied exactly one capture to (and nothing else): all of them, or the bench failed. */
  capturedOnce: number;
  /** `hub` is this process, which here runs the pool, the SDK, SQLite and the fake alike. */
  cpu: CpuShare;
}

interface Progress {
  done: number;
  dead: number;
  retries: number;
}

/**
 * Drains `sizes.jobs` queued captures into a rate-limited Stripe fake and checks the fake's own counts afterwards.
 * Throws if any PaymentIntent was not captured exactly once, or if the drain takes more than twice its ideal time.
 */
export async function runBacklogDrain(
  dataDir: string,
  sizes: BacklogDrainSizes,
  pool: PoolSettings = DRAIN_POOL,
  log: (line: string) => void = (line) => console.log(`  ${line}`),
): Promise<BacklogDrainResult> {
  const fake = await startStripeFake({ rateLimit: { perSecond: STRIPE_REQUESTS_PER_SEC } });
  const ledger = Ledger.open(dataDir);
  let workers: ConnectorWorkerPool | undefined;
  try {
    const outbox = new OutboxStore(ledger.db);
    outbox.requeueInFlight();
    workers = new ConnectorWorkerPool({
      connector: createStripeConnector({
        stripe: createStripeClient({ secretKey: fake.apiKey, host: '127.0.0.1', port: fake.port, protocol: 'http' }),
        clock: systemClock,
      }),
      outbox,
      concurrency: pool.concurrency,
      rateLimit: pool.rateLimit,
    });
    const progress: Progress = { done: 0, dead: 0, retries: 0 };
    let emptied: () => void = () => undefined;
    const empty = new Promise<void>((resolve) => (emptied = resolve));
    const settled = () => {
      if (progress.done + progress.dead === sizes.jobs) emptied();
    };
    workers.on('done', () => {
      progress.done += 1;
      settled();
    });
    workers.on('dead', (job, error) => {
      progress.dead += 1;
      log(`DEAD job ${job.id}: ${error.message}`);
      settled();
    });
    workers.on('retry', () => (progress.retries += 1));
    workers.on('fault', (error) => log(`pool fault: ${(error as Error).message}`));

    workers.pause('the internet is out');
    workers.start();
    const recordStarted = performance.now();
    const intents = recordBacklog(ledger, outbox, fake, sizes);
    const enqueueMs = performance.now() - recordStarted;
    log(`${sizes.jobs} captures queued in ${(enqueueMs / 1000).toFixed(2)} s; the internet comes back now`);

    const idealMs = (sizes.jobs * REQUESTS_PER_CAPTURE * 1000) / STRIPE_REQUESTS_PER_SEC;
    const cpu = startCpuMeter(process.pid);
    const t0 = performance.now();
    const elapsed = () => performance.now() - t0;
    const status = () => progressLine(fake, progress, sizes.jobs, elapsed());
    const ticker = setInterval(() => log(status()), sizes.progressEveryMs);
    try {
      workers.resume();
      // Twice the time at the limit: a pool that trips the limit and backs off ends here, with what it reached.
      const capMs = 2 * idealMs + 30_000;
      await withTimeout(empty, capMs, 'capped').catch(() => {
        throw new Error(`the backlog was not empty after ${(capMs / 1000).toFixed(0)} s (${status()})`);
      });
    } finally {
      clearInterval(ticker);
    }
    const drainMs = elapsed();
    const cpuShare = cpu();

    const depth = outbox.stats(new Date(), [STRIPE_CONNECTOR])[0]!.depth;
    if (depth !== 0) throw new Error(`every job settled, yet the outbox still owes Stripe ${depth}`);
    const requests = fake.requests();
    const jobs = outbox.list({ connector: STRIPE_CONNECTOR, limit: sizes.jobs + 1 });
    return {
      jobs: sizes.jobs,
      pool,
      limitPerSec: STRIPE_REQUESTS_PER_SEC,
      requestsPerJob: REQUESTS_PER_CAPTURE,
      enqueueMs,
      drainMs,
      requests: requests.length,
      rateLimited: requests.filter((entry) => entry.status === 429).length,
      attempts: jobs.reduce((sum, job) => sum + job.attempts, 0),
      dead: progress.dead,
      capturedOnce: verifyExactlyOnce(fake, jobs, intents),
      cpu: cpuShare,
    };
  } finally {
    // Before the ledger closes: a capped drain leaves performs in flight, and stopping puts them back in the queue.
    await workers?.stop(0);
    ledger.close();
    await fake.close();
  }
}

/**
 * The outage: readers forward each stored payment (so Stripe holds an uncaptured intent tagged with the hub's
 * payment id) and the hub records a fact per payment with its capture job in the same transaction, a batch per
 * transaction. Returns the PaymentIntent id of each job's payment.
 */
function recordBacklog(ledger: Ledger, outbox: OutboxStore, fake: StripeFake, sizes: BacklogDrainSizes): string[] {
  const intents: string[] = [];
  // An hour ago, as a payment taken in the outage: the deadlines then order the jobs as the hub's would.
  const outageStart = Date.now() - 3_600_000;
  for (let first = 0; first < sizes.jobs; first += sizes.factsPerTransaction) {
    const batch = Array.from({ length: Math.min(sizes.factsPerTransaction, sizes.jobs - first) }, (_, index) => {
      const n = first + index + 1;
      const payment: CaptureJob = {
        paymentId: uuidv7(),
        saleId: `bench-sale-${n}`,
        amount: { amount: 500 + (n % 50) * 100, currency: 'pln' },
        takenAt: new Date(outageStart + n * 500).toISOString(),
      };
      const { id } = fake.forward({
        saleId: payment.saleId,
        amount: payment.amount.amount,
        currency: payment.amount.currency,
        metadata: { payment_id: payment.paymentId },
      });
      intents.push(id);
      return payment;
    });
    const facts = batch.map((payment) => ({
      status: 'accepted' as const,
      event: hubEvent('bench.offline_card_taken', payment, 'bench'),
    }));
    ledger.append(facts, (records) =>
      records.forEach((record, index) => {
        const payment = batch[index]!;
        outbox.enqueue({
          connector: STRIPE_CONNECTOR,
          kind: 'capture',
          payload: payment,
          source: { cursor: record.cursor, eventId: record.event.id },
          keyPart: payment.paymentId,
          deadline: captureDeadline(payment.takenAt),
        });
      }),
    );
  }
  return intents;
}

/** The fake is the judge: one capture per PaymentIntent, no cancel or refund, and each job's result names its intent. */
function verifyExactlyOnce(fake: StripeFake, jobs: readonly UpstreamJob[], intents: readonly string[]): number {
  const wrong = intents.flatMap((id) => {
    const applied = fake.applied(id);
    return applied.captures === 1 && applied.cancels === 0 && applied.refunds === 0
      ? []
      : [`${id}: ${applied.captures} captures, ${applied.cancels} cancels, ${applied.refunds} refunds`];
  });
  const captured = new Set(
    jobs.flatMap((job) => {
      const result = job.result as StripeJobResult | null;
      return job.state === 'done' && result?.outcome === 'captured' ? [result.paymentIntentId] : [];
    }),
  );
  const unrecorded = intents.filter((id) => !captured.has(id));
  if (wrong.length > 0 || unrecorded.length > 0 || jobs.length !== intents.length) {
    throw new Error(
      `EXACTLY ONCE BROKEN: ${wrong.length} of ${intents.length} PaymentIntents not captured exactly once ` +
        `(${wrong.slice(0, 5).join('; ')}${wrong.length > 5 ? '; …' : ''}); ${unrecorded.length} without a done ` +
        `capture job; ${jobs.length} jobs for ${intents.length} payments`,
    );
  }
  return intents.length;
}

function progressLine(fake: StripeFake, progress: Progress, jobs: number, ms: number): string {
  const requests = fake.requests();
  const limited = requests.filter((entry) => entry.status === 429).length;
  const seconds = ms / 1000;
  return (
    `${seconds.toFixed(0).padStart(4)} s: ${progress.done} of ${jobs} captured, ${progress.dead} dead, ` +
    `${(progress.done / seconds).toFixed(2)} jobs/s, ${(requests.length / seconds).toFixed(1)} requests/s, ` +
    `${limited} × 429, ${progress.retries} retries`
  );
}

/** `--name=value` from the command line as a positive number, or the default. */
function numberFlag(name: string, fallback: number): number {
  const raw = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = raw === undefined ? fallback : Number(raw);
  if (!(value > 0)) throw new Error(`--${name} must be a positive number (got ${raw})`);
  return value;
}

/** This scenario alone, with the pool settings overridable for tuning; exits non-zero if it failed. */
async function main(): Promise<void> {
  const sizes = BACKLOG_DRAIN_SIZES[process.argv.includes('--quick') ? 'quick' : 'full'];
  const pool: PoolSettings = {
    concurrency: numberFlag('concurrency', DRAIN_POOL.concurrency),
    rateLimit: {
      perSecond: numberFlag('jobs-per-sec', DRAIN_POOL.rateLimit.perSecond),
      burst: numberFlag('burst', DRAIN_POOL.rateLimit.burst ?? 1),
    },
  };
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-bench-drain-'));
  try {
    console.log(
      `› backlog drain: ${sizes.jobs} Stripe captures, fake limited to ${STRIPE_REQUESTS_PER_SEC} requests/s, ` +
        `pool ${pool.concurrency} at once, ${pool.rateLimit.perSecond} jobs/s, burst ${pool.rateLimit.burst}`,
    );
    printTable(backlogDrainRows(await runBacklogDrain(path.join(workDir, 'ledger'), sizes, pool)));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();

/**
 * Shared pieces for the upstream tests: a real ledger file with its outbox, a ledger fact to hang jobs on, a stub of
 * an external upstream service (it stands for Stripe or a NAXML host, never for our own code), and waiting helpers.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import type { StoredRecord } from '../../src/main/hub/ledger/event-log.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ManualClock } from '../../src/main/hub/upstream/clock/manual-clock.js';
import { OutboxStore, type NewUpstreamJob } from '../../src/main/hub/upstream/outbox/outbox-store.js';
import type { UpstreamJob } from '../../src/main/hub/upstream/outbox/upstream-job.js';
import type { Connector } from '../../src/main/hub/upstream/workers/connector.js';
import { onCleanup, tempDir } from '../helpers/ledger-testkit.js';

export interface OutboxKit {
  dataDir: string;
  ledger: Ledger;
  outbox: OutboxStore;
  clock: ManualClock;
}

/** A fresh ledger file on disk (migrated, WAL, synchronous=FULL) with an outbox on a manual clock. */
export function openOutbox(dataDir = tempDir('backroom-upstream-'), clock = new ManualClock()): OutboxKit {
  const ledger = Ledger.open(dataDir);
  onCleanup(() => ledger.close());
  return { dataDir, ledger, outbox: new OutboxStore(ledger.db, clock), clock };
}

/** Records a hub-made fact and enqueues `jobs` for it in the same transaction, as a domain service would. */
export function recordWithJobs(
  kit: OutboxKit,
  jobs: Array<Omit<NewUpstreamJob, 'source'>>,
): { record: StoredRecord; jobs: UpstreamJob[] } {
  const event = hubEvent('upstream.test_fact', { n: kit.ledger.head().cursor + 1 }, 'test');
  let made: UpstreamJob[] = [];
  const [record] = kit.ledger.append([{ status: 'accepted', event }], ([stored]) => {
    made = jobs.map(
      (job) => kit.outbox.enqueue({ ...job, source: { cursor: stored!.cursor, eventId: stored!.event.id } }).job,
    );
  });
  return { record: record!, jobs: made };
}

/** A job a manager made by hand: no fact, but still inside a transaction (where its audit row would go). */
export function manualJob(kit: OutboxKit, job: NewUpstreamJob): UpstreamJob {
  return kit.ledger.transaction(() => kit.outbox.enqueue(job).job);
}

export interface Call {
  jobId: string;
  idempotencyKey: string;
  at: number;
}

/**
 * A stub upstream: answers each call with what `respond` says for it, and remembers who called when (on the
 * simulated clock) and with which key. Honours the abort signal as a real client would.
 */
export class StubUpstream implements Connector {
  readonly calls: Call[] = [];
  constructor(
    readonly name: string,
    private readonly clock: ManualClock,
    private readonly respond: (job: UpstreamJob, call: number, signal: AbortSignal) => Promise<unknown> = async () => ({
      ok: true,
    }),
  ) {}

  perform(job: UpstreamJob, signal: AbortSignal): Promise<unknown> {
    this.calls.push({ jobId: job.id, idempotencyKey: job.idempotencyKey, at: this.clock.now().getTime() });
    return this.respond(job, this.calls.filter((c) => c.jobId === job.id).length, signal);
  }

  callsFor(jobId: string): Call[] {
    return this.calls.filter((c) => c.jobId === jobId);
  }
}

/** Resolves when `signal` aborts, rejecting like fetch does; for stubs that hang until told to stop. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
  });
}

export type ServerMode = 'ok' | 'fail-503' | 'drop' | 'hang';

/** A loopback HTTP server that can be told to answer, fail with 503, drop the connection or never answer. */
export async function switchableServer(): Promise<{ url: string; hits: () => number; set(mode: ServerMode): void }> {
  let mode: ServerMode = 'ok';
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits += 1;
    if (mode === 'ok') res.writeHead(204).end();
    else if (mode === 'fail-503') res.writeHead(503, { connection: 'close' }).end();
    else if (mode === 'drop') req.socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onCleanup(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/ping`,
    hits: () => hits,
    set(next) {
      mode = next;
    },
  };
}

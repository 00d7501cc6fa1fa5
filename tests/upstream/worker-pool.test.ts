import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { UpstreamJob } from '../../src/main/hub/upstream/outbox/upstream-job.js';
import type { Connector } from '../../src/main/hub/upstream/workers/connector.js';
import {
  ConnectorWorkerPool,
  type WorkerPoolOptions,
} from '../../src/main/hub/upstream/workers/connector-worker-pool.js';
import { UpstreamError, upstreamErrorOfStatus } from '../../src/main/hub/upstream/workers/upstream-error.js';
import { onCleanup } from '../helpers/ledger-testkit.js';
import { StubUpstream, openOutbox, recordWithJobs, untilAborted, type OutboxKit } from './upstream-testkit.js';

function startPool(kit: OutboxKit, options: Omit<WorkerPoolOptions, 'outbox' | 'clock'>): ConnectorWorkerPool {
  const pool = new ConnectorWorkerPool({ outbox: kit.outbox, clock: kit.clock, ...options });
  pool.start();
  onCleanup(() => void pool.stop(0));
  return pool;
}

function enqueue(kit: OutboxKit, connector: string, count: number, extra: { deadline?: string } = {}): UpstreamJob[] {
  return recordWithJobs(
    kit,
    Array.from({ length: count }, (_, i) => ({
      connector,
      kind: 'capture',
      payload: { i },
      keyPart: `${i}`,
      ...extra,
    })),
  ).jobs;
}

const sleepOn = (kit: OutboxKit, ms: number): Promise<void> =>
  new Promise((resolve) => kit.clock.schedule(ms, resolve));

type Answer = 'drop' | { status: number; headers?: Record<string, string> };

/**
 * A loopback stand-in for a payment processor's HTTP API: answers each request with the next scripted answer
 * (then 200), and remembers the Idempotency-Key of each.
 */
async function scriptedUpstream(script: Answer[]): Promise<{ connector: Connector; keys: string[] }> {
  const keys: string[] = [];
  const server = http.createServer((req, res) => {
    keys.push(String(req.headers['idempotency-key']));
    const answer = script.shift() ?? { status: 200 };
    if (answer === 'drop') return void req.socket.destroy();
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.status === 200 ? { id: 'pi_123', status: 'succeeded' } : { error: 'no' }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onCleanup(() => {
    server.closeAllConnections();
    server.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/capture`;
  const connector: Connector = {
    name: 'acme-pay',
    async perform(job, signal) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'idempotency-key': job.idempotencyKey, 'content-type': 'application/json' },
        body: JSON.stringify(job.payload),
        signal,
      });
      const body = await response.text();
      if (!response.ok) throw upstreamErrorOfStatus(response.status, body, response.headers.get('retry-after'));
      return JSON.parse(body) as unknown;
    },
  };
  return { connector, keys };
}

describe('worker pool: outcomes', () => {
  it.each<[string, Answer, string]>([
    ['429', { status: 429 }, 'rate_limited 429'],
    ['500', { status: 500 }, 'server 500'],
    ['503', { status: 503 }, 'server 503'],
    ['409', { status: 409 }, 'conflict 409'],
    ['a dropped connection', 'drop', 'network'],
  ])('%s is retried with the same idempotency key until it succeeds', async (_, answer, logged) => {
    const kit = openOutbox();
    const { connector, keys } = await scriptedUpstream([answer]);
    const [job] = enqueue(kit, 'acme-pay', 1);
    const pool = startPool(kit, { connector, random: () => 0.5, backoff: { baseMs: 1_000, capMs: 60_000 } });
    const [retried, error] = (await once(pool, 'retry')) as [UpstreamJob, UpstreamError];
    expect(error.retryable).toBe(true);
    expect(retried).toMatchObject({ state: 'queued', attempts: 1 });
    expect(retried.lastError).toMatch(new RegExp(`^${logged}`));
    expect(Date.parse(retried.notBefore) - kit.clock.now().getTime()).toBe(500); // half of the first 1 s window

    const done = once(pool, 'done');
    await kit.clock.advance(500);
    const [finished] = (await done) as [UpstreamJob];
    expect(finished).toMatchObject({ id: job!.id, state: 'done', attempts: 2, result: { id: 'pi_123' } });
    expect(keys).toEqual([job!.idempotencyKey, job!.idempotencyKey]);
  });

  it.each<[number, string]>([
    [400, 'validation'],
    [401, 'auth'],
  ])('%i is final: the job goes dead after one attempt and the pool announces it', async (status, kind) => {
    const kit = openOutbox();
    const { connector, keys } = await scriptedUpstream([{ status }]);
    enqueue(kit, 'acme-pay', 1);
    const pool = startPool(kit, { connector });
    const [dead, error] = (await once(pool, 'dead')) as [UpstreamJob, UpstreamError];
    expect(error.kind).toBe(kind);
    expect(dead).toMatchObject({ state: 'dead', attempts: 1, lastError: `${kind} ${status}: {"error":"no"}` });
    expect(kit.outbox.get(dead.id)?.state).toBe('dead');
    await kit.clock.advance(3_600_000);
    expect(keys).toHaveLength(1);
  });

  it('honours Retry-After in seconds and as an HTTP date, to the millisecond', async () => {
    const kit = openOutbox();
    const inTwoMinutes = new Date(kit.clock.now().getTime() + 120_000).toUTCString();
    const answers = [{ retryAfter: '30' }, { retryAfter: inTwoMinutes }];
    const upstream = new StubUpstream('acme-pay', kit.clock, async () => {
      const next = answers.shift();
      if (next) throw new UpstreamError('rate_limited', 'slow down', { status: 429, ...next });
      return { ok: true };
    });
    enqueue(kit, 'acme-pay', 1);
    startPool(kit, { connector: upstream, random: () => 0 });
    await kit.clock.advance(29_999);
    expect(upstream.calls).toHaveLength(1);
    await kit.clock.advance(1);
    expect(upstream.calls).toHaveLength(2);
    const secondAt = upstream.calls[1]!.at;
    await kit.clock.advance(120_000 - 30_000 - 1);
    expect(upstream.calls).toHaveLength(2);
    await kit.clock.advance(1);
    expect(upstream.calls).toHaveLength(3);
    expect(upstream.calls[2]!.at - secondAt).toBe(90_000);
  });

  it('waits between attempts with exponential backoff and full jitter, and gives up after maxAttempts', async () => {
    const kit = openOutbox();
    const upstream = new StubUpstream('acme-pay', kit.clock, async () => {
      throw new UpstreamError('server', 'down', { status: 503 });
    });
    const [job] = enqueue(kit, 'acme-pay', 1);
    const pool = startPool(kit, { connector: upstream, maxAttempts: 8, backoff: { baseMs: 1_000, capMs: 30_000 } });
    const dead = once(pool, 'dead');
    await kit.clock.advanceUntil(() => kit.outbox.get(job!.id)?.state === 'dead', 3_600_000, 250);
    await dead;
    expect(upstream.calls).toHaveLength(8);
    const gaps = upstream.calls.slice(1).map((call, i) => call.at - upstream.calls[i]!.at);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(0);
      // The timer fires on time; advanceUntil's 250 ms steps are the only slack.
      expect(gap).toBeLessThanOrEqual(Math.min(30_000, 1_000 * 2 ** i) + 250);
    });
    expect(kit.outbox.get(job!.id)?.lastError).toBe('gave up after 8 attempts; last: server 503: down');
  });

  it('aborts a perform that runs past its timeout and retries it as a timeout', async () => {
    const kit = openOutbox();
    const upstream = new StubUpstream('acme-pay', kit.clock, (_, call, signal) =>
      call === 1 ? untilAborted(signal) : Promise.resolve({ ok: true }),
    );
    const [job] = enqueue(kit, 'acme-pay', 1);
    const pool = startPool(kit, { connector: upstream, performTimeoutMs: 10_000, random: () => 0 });
    const retry = once(pool, 'retry');
    await kit.clock.advance(10_000);
    const [retried] = (await retry) as [UpstreamJob];
    expect(retried.lastError).toBe('timeout: no answer within 10000 ms');
    await kit.clock.advance(0);
    expect(kit.outbox.get(job!.id)).toMatchObject({ state: 'done', attempts: 2 });
  });
});

describe('worker pool: pace', () => {
  it('performs every job exactly once, never more than `concurrency` at a time, nearest deadline first', async () => {
    const kit = openOutbox();
    let active = 0;
    let peak = 0;
    const upstream = new StubUpstream('acme-pay', kit.clock, async () => {
      active += 1;
      peak = Math.max(peak, active);
      await sleepOn(kit, 1_000);
      active -= 1;
      return { ok: true };
    });
    const late = enqueue(kit, 'acme-pay', 6);
    const urgent = enqueue(kit, 'acme-pay', 3, {
      deadline: new Date(kit.clock.now().getTime() + 3_600_000).toISOString(),
    });
    startPool(kit, { connector: upstream, concurrency: 3 });
    await kit.clock.advanceUntil(() => kit.outbox.stats()[0]!.counts.done === 9, 60_000);
    expect(peak).toBe(3);
    expect(upstream.calls.map((c) => c.jobId)).toEqual([...urgent, ...late].map((j) => j.id));
    expect(new Set(upstream.calls.map((c) => c.idempotencyKey)).size).toBe(9);
    expect(kit.clock.now().getTime() - upstream.calls[0]!.at).toBeGreaterThanOrEqual(3_000);
  });

  it('keeps to the rate limit: N jobs at R per second take at least (N-1)/R seconds', async () => {
    const kit = openOutbox();
    const upstream = new StubUpstream('acme-pay', kit.clock);
    const N = 21;
    const R = 5;
    enqueue(kit, 'acme-pay', N);
    startPool(kit, { connector: upstream, concurrency: 8, rateLimit: { perSecond: R } });
    await kit.clock.advanceUntil(() => upstream.calls.length === N, 60_000, 50);
    const span = upstream.calls[N - 1]!.at - upstream.calls[0]!.at;
    expect(span).toBeGreaterThanOrEqual(((N - 1) / R) * 1000);
    expect(span).toBeLessThanOrEqual(((N - 1) / R) * 1000 + 50);
    upstream.calls.slice(1).forEach((call, i) => expect(call.at - upstream.calls[i]!.at).toBeGreaterThanOrEqual(200));
  });

  it('wakes on a committed enqueue, without a timer', async () => {
    const kit = openOutbox();
    const upstream = new StubUpstream('acme-pay', kit.clock);
    startPool(kit, { connector: upstream });
    await kit.clock.advance(0);
    expect(kit.clock.timers).toBe(0);
    enqueue(kit, 'acme-pay', 2);
    await kit.clock.advance(0);
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('worker pool: manual control', () => {
  it('a paused pool claims nothing however long it waits; resume claims at once', async () => {
    const kit = openOutbox();
    const upstream = new StubUpstream('acme-pay', kit.clock);
    const pool = startPool(kit, { connector: upstream });
    const events: string[] = [];
    pool.on('paused', (reason) => events.push(`paused: ${reason}`)).on('resumed', () => events.push('resumed'));
    pool.pause('internet is offline');
    enqueue(kit, 'acme-pay', 3);
    await kit.clock.advance(6 * 3_600_000);
    expect(upstream.calls).toHaveLength(0);
    expect(pool.status()).toMatchObject({ state: 'paused', pausedBecause: 'internet is offline' });
    pool.resume();
    await kit.clock.advance(0);
    expect(upstream.calls).toHaveLength(3);
    expect(events).toEqual(['paused: internet is offline', 'resumed']);
  });

  it('sync now performs jobs waiting out a backoff or Retry-After at once', async () => {
    const kit = openOutbox();
    let first = true;
    const upstream = new StubUpstream('acme-pay', kit.clock, async () => {
      if (!first) return { ok: true };
      first = false;
      throw new UpstreamError('rate_limited', 'busy', { status: 429, retryAfter: '3600' });
    });
    const [job] = enqueue(kit, 'acme-pay', 1);
    const pool = startPool(kit, { connector: upstream });
    await kit.clock.advance(60_000);
    expect(kit.outbox.get(job!.id)).toMatchObject({ state: 'queued', attempts: 1 });
    expect(pool.syncNow()).toBe(1);
    await kit.clock.advance(0);
    expect(kit.outbox.get(job!.id)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('a manager retrying a dead job gets it performed at once, with its key', async () => {
    const kit = openOutbox();
    let authorised = false;
    const upstream = new StubUpstream('acme-pay', kit.clock, async () => {
      if (!authorised) throw new UpstreamError('auth', 'invalid API key', { status: 401 });
      return { ok: true };
    });
    const [job] = enqueue(kit, 'acme-pay', 1);
    startPool(kit, { connector: upstream });
    await kit.clock.advance(0);
    expect(kit.outbox.get(job!.id)?.state).toBe('dead');
    authorised = true; // the manager fixed the key in Settings
    kit.outbox.retryNow(job!.id);
    await kit.clock.advance(0);
    expect(kit.outbox.get(job!.id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(upstream.calls.map((c) => c.idempotencyKey)).toEqual([job!.idempotencyKey, job!.idempotencyKey]);
  });

  it('a graceful stop lets performs finish within the grace, then aborts the rest back to the queue', async () => {
    const kit = openOutbox();
    const upstream = new StubUpstream('acme-pay', kit.clock, async (job, _, signal) => {
      if ((job.payload as { i: number }).i === 0) {
        await sleepOn(kit, 2_000);
        return { ok: true };
      }
      return untilAborted(signal);
    });
    const [quick, stuck] = enqueue(kit, 'acme-pay', 2);
    const pool = startPool(kit, { connector: upstream, concurrency: 2 });
    await kit.clock.advance(0);
    let stopped = false;
    const stopping = pool.stop(5_000).then(() => (stopped = true));
    await kit.clock.advance(4_999);
    expect(stopped).toBe(false);
    expect(kit.outbox.get(quick!.id)?.state).toBe('done');
    await kit.clock.advance(1);
    await stopping;
    expect(kit.outbox.get(stuck!.id)).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: 'interrupted: the hub stopped while this job was in flight',
    });
    expect(kit.outbox.list({ state: 'in_flight', limit: 10 })).toEqual([]);
    expect(pool.status().state).toBe('stopped');
  });

  it('reports a database it cannot use as a fault and keeps running, instead of crashing the hub', async () => {
    const kit = openOutbox();
    const pool = startPool(kit, { connector: new StubUpstream('acme-pay', kit.clock) });
    const faults: unknown[] = [];
    pool.on('fault', (error) => faults.push(error));
    pool.pause('maintenance');
    kit.ledger.close();
    pool.resume();
    expect(faults).toHaveLength(1);
    expect(String(faults[0])).toMatch(/database connection is not open/);
    expect(pool.status().state).toBe('running');
    expect(kit.clock.nextIn()).toBe(60_000);
  });
});

describe('ConnectorWorkerPool: a connector that takes many jobs in one call', () => {
  /** Records each call's job count; fails the jobs whose payload says so, and the whole call when told to. */
  function batchConnector(options: { failWhole?: () => boolean } = {}) {
    const calls: number[] = [];
    const connector: Connector = {
      name: 'ksef',
      batchLimit: 50,
      perform: () => Promise.reject(new Error('perform is not used when performMany is given')),
      performMany: async (jobs) => {
        calls.push(jobs.length);
        if (options.failWhole?.()) throw new UpstreamError('rate_limited', 'slow down', { retryAfter: '30' });
        return new Map(
          jobs.map((job) => [
            job.id,
            (job.payload as { i: number }).i % 10 === 3
              ? { ok: false as const, error: new UpstreamError('validation', 'rejected') }
              : { ok: true as const, result: { i: (job.payload as { i: number }).i } },
          ]),
        );
      },
    };
    return { connector, calls };
  }

  it('claims up to batchLimit due jobs at once and records each job on its own', async () => {
    const kit = openOutbox();
    const jobs = enqueue(kit, 'ksef', 120);
    const { connector, calls } = batchConnector();
    startPool(kit, { connector });
    await kit.clock.advanceUntil(() => calls.reduce((a, b) => a + b, 0) === 120, 10_000);
    expect(calls).toEqual([50, 50, 20]);
    const states = jobs.map((job) => kit.outbox.get(job.id)!);
    expect(states.filter((job) => job.state === 'dead').map((job) => (job.payload as { i: number }).i)).toEqual(
      Array.from({ length: 12 }, (_, k) => k * 10 + 3),
    );
    expect(states.filter((job) => job.state === 'done')).toHaveLength(108);
    expect(states.find((job) => job.state === 'done')!.result).toEqual({ i: 0 });
  });

  it('a failure of the whole call counts for every job, with the upstream Retry-After', async () => {
    const kit = openOutbox();
    const jobs = enqueue(kit, 'ksef', 5);
    let failing = true;
    const { connector, calls } = batchConnector({ failWhole: () => failing });
    startPool(kit, { connector });
    await kit.clock.advanceUntil(() => calls.length === 1, 1_000);
    const retried = jobs.map((job) => kit.outbox.get(job.id)!);
    expect(retried.every((job) => job.state === 'queued' && job.lastError?.startsWith('rate_limited'))).toBe(true);
    expect(new Set(retried.map((job) => job.notBefore)).size).toBe(1);
    failing = false;
    await kit.clock.advanceUntil(() => calls.length === 2, 60_000);
    expect(calls).toEqual([5, 5]);
  });
});

describe('ConnectorWorkerPool: outcomes reported during a long call', () => {
  it('records a reported job at once, while the call goes on, and the rest when it returns', async () => {
    const kit = openOutbox();
    const jobs = enqueue(kit, 'ksef', 3);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const connector: Connector = {
      name: 'ksef',
      batchLimit: 10,
      perform: () => Promise.reject(new Error('not used')),
      performMany: async (claimed, _signal, report) => {
        report(claimed[0]!.id, { ok: true, result: { early: true } });
        await released;
        // A late word on a job already reported does not record it twice.
        return new Map(claimed.map((job) => [job.id, { ok: true as const, result: { early: false } }]));
      },
    };
    startPool(kit, { connector });
    await kit.clock.advanceUntil(() => kit.outbox.get(jobs[0]!.id)!.state === 'done', 1_000);
    expect(kit.outbox.get(jobs[1]!.id)!.state).toBe('in_flight');
    release();
    await kit.clock.advanceUntil(() => jobs.every((job) => kit.outbox.get(job.id)!.state === 'done'), 1_000);
    expect(jobs.map((job) => kit.outbox.get(job.id)!.result)).toEqual([
      { early: true },
      { early: false },
      { early: false },
    ]);
  });
});

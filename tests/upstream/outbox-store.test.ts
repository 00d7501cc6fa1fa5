import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ledgerFile } from '../../src/main/hub/ledger/open-database.js';
import { OutboxError } from '../../src/main/hub/upstream/outbox/outbox-errors.js';
import { OutboxStore } from '../../src/main/hub/upstream/outbox/outbox-store.js';
import { onCleanup } from '../helpers/ledger-testkit.js';
import { manualJob, openOutbox, recordWithJobs, type OutboxKit } from './upstream-testkit.js';

function count(kit: OutboxKit, sql: string): number {
  return kit.ledger.db.prepare(sql).pluck().get() as number;
}

function claimAll(kit: OutboxKit, connector: string): string[] {
  const order: string[] = [];
  for (let job = kit.outbox.claimNext(connector); job; job = kit.outbox.claimNext(connector)) order.push(job.kind);
  return order;
}

describe('outbox: order', () => {
  it('claims by deadline (none last), then priority (higher first), then age', () => {
    const kit = openOutbox();
    const at = (hours: number): string => new Date(kit.clock.now().getTime() + hours * 3_600_000).toISOString();
    recordWithJobs(kit, [
      { connector: 'stripe', kind: 'no-deadline-old', payload: {} },
      { connector: 'stripe', kind: 'deadline-48h', payload: {}, deadline: at(48) },
      { connector: 'stripe', kind: 'no-deadline-urgent', payload: {}, priority: 5 },
    ]);
    recordWithJobs(kit, [
      { connector: 'stripe', kind: 'deadline-2h', payload: {}, deadline: at(2) },
      { connector: 'stripe', kind: 'deadline-48h-urgent', payload: {}, deadline: at(48), priority: 9 },
      { connector: 'stripe', kind: 'deadline-48h-later', payload: {}, deadline: at(48) },
      { connector: 'stripe', kind: 'no-deadline-young', payload: {} },
      { connector: 'conexxus', kind: 'other-connector', payload: {}, deadline: at(1) },
    ]);
    expect(claimAll(kit, 'stripe')).toEqual([
      'deadline-2h',
      'deadline-48h-urgent',
      'deadline-48h',
      'deadline-48h-later',
      'no-deadline-urgent',
      'no-deadline-old',
      'no-deadline-young',
    ]);
    expect(claimAll(kit, 'conexxus')).toEqual(['other-connector']);
  });

  it('skips jobs whose not-before is still ahead, and finds them once it has passed', () => {
    const kit = openOutbox();
    const later = new Date(kit.clock.now().getTime() + 60_000);
    recordWithJobs(kit, [{ connector: 'stripe', kind: 'later', payload: {}, notBefore: later, priority: 9 }]);
    recordWithJobs(kit, [{ connector: 'stripe', kind: 'now', payload: {} }]);
    expect(kit.outbox.nextDueAt('stripe')?.toISOString()).toBe(kit.clock.now().toISOString());
    expect(kit.outbox.claimNext('stripe')?.kind).toBe('now');
    expect(kit.outbox.claimNext('stripe')).toBeUndefined();
    expect(kit.outbox.nextDueAt('stripe')).toEqual(later);
    expect(kit.outbox.claimNext('stripe', later)?.kind).toBe('later');
  });

  it('the claim walks the due index in order instead of sorting the queue', () => {
    const kit = openOutbox();
    const plan = kit.ledger.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT seq FROM upstream_jobs
         WHERE connector = 'stripe' AND state = 'queued' AND not_before <= '2026-01-01T00:00:00.000Z'
         ORDER BY deadline IS NULL, deadline, priority DESC, seq LIMIT 1`,
      )
      .all()
      .map((row) => (row as { detail: string }).detail)
      .join('\n');
    expect(plan).toContain('upstream_jobs_due');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});

describe('outbox: claims', () => {
  it('a claim is exclusive: each job is taken once, even by two connections to the same file', () => {
    const kit = openOutbox();
    for (let i = 0; i < 10; i += 1) recordWithJobs(kit, [{ connector: 'stripe', kind: `job-${i}`, payload: { i } }]);
    const secondDb = new BetterSqlite3(ledgerFile(kit.dataDir));
    onCleanup(() => secondDb.close());
    const second = new OutboxStore(secondDb, kit.clock);
    const taken: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      for (const store of [kit.outbox, second]) {
        const job = store.claimNext('stripe');
        if (job) taken.push(job.id);
      }
    }
    expect(taken).toHaveLength(10);
    expect(new Set(taken).size).toBe(10);
    expect(count(kit, `SELECT COUNT(*) FROM upstream_jobs WHERE state = 'in_flight' AND attempts = 1`)).toBe(10);
  });

  it('a claim moves the job to in_flight and counts the attempt; outcomes need it in flight', async () => {
    const kit = openOutbox();
    const { jobs } = recordWithJobs(kit, [{ connector: 'stripe', kind: 'capture', payload: { amount: 1250 } }]);
    const id = jobs[0]!.id;
    expect(() => kit.outbox.complete(id, {})).toThrow(/cannot complete job .* it is queued/);
    const claimed = kit.outbox.claimNext('stripe')!;
    expect(claimed).toMatchObject({ id, state: 'in_flight', attempts: 1, payload: { amount: 1250 } });
    const retry = kit.outbox.retryLater(id, new Date(kit.clock.now().getTime() + 5_000), 'server 503: busy');
    expect(retry).toMatchObject({ state: 'queued', attempts: 1, lastError: 'server 503: busy' });
    expect(kit.outbox.claimNext('stripe')).toBeUndefined();
    await kit.clock.advance(5_000);
    expect(kit.outbox.claimNext('stripe')).toMatchObject({ id, attempts: 2 });
    const done = kit.outbox.complete(id, { paymentIntent: 'pi_1', status: 'succeeded' });
    expect(done).toMatchObject({ state: 'done', lastError: null, result: { paymentIntent: 'pi_1' } });
    expect(() => kit.outbox.kill(id, 'late')).toThrow(OutboxError);
  });
});

describe('outbox: enqueue', () => {
  it('a fact and its job commit together or not at all', () => {
    const kit = openOutbox();
    const event = hubEvent('upstream.test_fact', {}, 'test');
    expect(() =>
      kit.ledger.append([{ status: 'accepted', event }], ([record]) => {
        kit.outbox.enqueue({
          connector: 'stripe',
          kind: 'capture',
          payload: {},
          source: { cursor: record!.cursor, eventId: record!.event.id },
        });
        throw new Error('the domain changed its mind after enqueueing');
      }),
    ).toThrow(/changed its mind/);
    expect(count(kit, 'SELECT COUNT(*) FROM events')).toBe(0);
    expect(count(kit, 'SELECT COUNT(*) FROM upstream_jobs')).toBe(0);

    // And the other way round: a job the schema refuses takes its fact down with it.
    expect(() =>
      kit.ledger.append([{ status: 'accepted', event }], ([record]) => {
        kit.outbox.enqueue({
          connector: 'stripe',
          kind: 'capture',
          payload: {},
          deadline: 'not a date',
          source: { cursor: record!.cursor, eventId: record!.event.id },
        });
      }),
    ).toThrow();
    expect(count(kit, 'SELECT COUNT(*) FROM events')).toBe(0);

    const { record, jobs } = recordWithJobs(kit, [{ connector: 'stripe', kind: 'capture', payload: {} }]);
    expect(jobs[0]!.source).toEqual({ cursor: record.cursor, eventId: record.event.id });
    expect(count(kit, 'SELECT COUNT(*) FROM events')).toBe(1);
  });

  it('refuses to enqueue outside a transaction, so no caller can write a job apart from its fact', () => {
    const kit = openOutbox();
    let caught: unknown;
    try {
      kit.outbox.enqueue({ connector: 'stripe', kind: 'capture', payload: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OutboxError);
    expect((caught as OutboxError).code).toBe('NOT_IN_TRANSACTION');
  });

  it('a job must name a fact that exists in the ledger', () => {
    const kit = openOutbox();
    expect(() =>
      kit.ledger.transaction(() =>
        kit.outbox.enqueue({ connector: 'stripe', kind: 'x', payload: {}, source: { cursor: 99, eventId: 'nope' } }),
      ),
    ).toThrow(/FOREIGN KEY/);
  });

  it('derives the key from the fact: enqueueing the same job again is a no-op, a different one under it is refused', () => {
    const kit = openOutbox();
    const { record, jobs } = recordWithJobs(kit, [
      { connector: 'stripe', kind: 'capture', payload: { amount: 500 }, keyPart: 'pay-1' },
      { connector: 'stripe', kind: 'capture', payload: { amount: 700 }, keyPart: 'pay-2' },
    ]);
    expect(jobs.map((j) => j.idempotencyKey)).toEqual([
      `${record.event.id}:stripe:capture:pay-1`,
      `${record.event.id}:stripe:capture:pay-2`,
    ]);
    const source = { cursor: record.cursor, eventId: record.event.id };
    const again = kit.ledger.transaction(() =>
      kit.outbox.enqueue({ connector: 'stripe', kind: 'capture', payload: { amount: 500 }, keyPart: 'pay-1', source }),
    );
    expect(again).toEqual({ job: jobs[0], created: false });
    let caught: unknown;
    try {
      kit.ledger.transaction(() =>
        kit.outbox.enqueue({ connector: 'stripe', kind: 'capture', payload: { amount: 9 }, keyPart: 'pay-1', source }),
      );
    } catch (error) {
      caught = error;
    }
    expect((caught as OutboxError).code).toBe('IDEMPOTENCY_MISMATCH');
    expect(count(kit, 'SELECT COUNT(*) FROM upstream_jobs')).toBe(2);

    const manual = [1, 2].map(() => manualJob(kit, { connector: 'stripe', kind: 'refund', payload: {} }));
    expect(manual[0]!.source).toBeNull();
    expect(manual[0]!.idempotencyKey).not.toBe(manual[1]!.idempotencyKey);
  });
});

describe('outbox: start-up, cancel, retry, sync now', () => {
  it('jobs left in flight by a process that died are queued again at the next start, with the same key', () => {
    const kit = openOutbox();
    const { jobs } = recordWithJobs(kit, [
      { connector: 'stripe', kind: 'capture', payload: {} },
      { connector: 'stripe', kind: 'refund', payload: {} },
    ]);
    kit.outbox.claimNext('stripe');
    kit.outbox.claimNext('stripe');
    kit.ledger.close(); // the process is gone with two jobs in flight

    const reopened = Ledger.open(kit.dataDir);
    try {
      const outbox = new OutboxStore(reopened.db, kit.clock);
      expect(outbox.requeueInFlight()).toBe(2);
      for (const job of jobs) {
        expect(outbox.get(job.id)).toMatchObject({
          state: 'queued',
          attempts: 1,
          idempotencyKey: job.idempotencyKey,
          lastError: expect.stringMatching(/interrupted/),
        });
      }
      expect(outbox.claimNext('stripe')).toMatchObject({ id: jobs[0]!.id, attempts: 2 });
    } finally {
      reopened.close();
    }
  });

  it('cancel takes queued or dead jobs, names who did it, and never touches one in flight or done', () => {
    const kit = openOutbox();
    const { jobs } = recordWithJobs(kit, [
      { connector: 'stripe', kind: 'a', payload: {} },
      { connector: 'stripe', kind: 'b', payload: {} },
      { connector: 'stripe', kind: 'c', payload: {} },
    ]);
    const [a, b, c] = jobs.map((j) => j.id) as [string, string, string];
    expect(kit.outbox.cancel(a, 'manager-1')).toMatchObject({ state: 'cancelled', cancelledBy: 'manager-1' });
    kit.outbox.claimNext('stripe');
    expect(() => kit.outbox.cancel(b, 'manager-1')).toThrow(/cannot cancel .* in_flight/);
    kit.outbox.kill(b, 'auth 401: bad key');
    expect(kit.outbox.cancel(b, 'manager-2')).toMatchObject({ state: 'cancelled', lastError: 'auth 401: bad key' });
    kit.outbox.claimNext('stripe');
    kit.outbox.complete(c, {});
    expect(() => kit.outbox.cancel(c, 'manager-1')).toThrow(/it is done/);
    expect(() => kit.outbox.cancel('missing', 'manager-1')).toThrow(/no upstream job/);
    expect(() => kit.outbox.retryNow(a)).toThrow(/cannot retry .* cancelled/);
  });

  it('retry now makes a dead or waiting job due at once, keeping its attempts and key; sync now does so for all', async () => {
    const kit = openOutbox();
    const { jobs } = recordWithJobs(kit, [
      { connector: 'stripe', kind: 'a', payload: {} },
      { connector: 'stripe', kind: 'b', payload: {} },
      { connector: 'stripe', kind: 'c', payload: {} },
    ]);
    const inAnHour = new Date(kit.clock.now().getTime() + 3_600_000);
    for (const job of jobs) {
      kit.outbox.claimNext('stripe');
      if (job.kind === 'a') kit.outbox.kill(job.id, 'validation 400: bad amount');
      else kit.outbox.retryLater(job.id, inAnHour, 'rate_limited 429: slow down');
    }
    await kit.clock.advance(1_000);
    expect(kit.outbox.claimNext('stripe')).toBeUndefined();
    const heard: string[] = [];
    kit.outbox.onWork((connector) => heard.push(connector));

    const revived = kit.outbox.retryNow(jobs[0]!.id);
    expect(revived).toMatchObject({ state: 'queued', attempts: 1, idempotencyKey: jobs[0]!.idempotencyKey });
    expect(revived.notBefore).toBe(kit.clock.now().toISOString());
    expect(kit.outbox.expedite('stripe')).toBe(2);
    await kit.clock.advance(0);
    expect(heard).toEqual(['stripe', 'stripe']);
    expect(claimAll(kit, 'stripe')).toEqual(['a', 'b', 'c']);
  });
});

describe('outbox: views', () => {
  it('stats give depth, counts by state, oldest queued age and attempts per connector', async () => {
    const kit = openOutbox();
    const start = kit.clock.now();
    recordWithJobs(kit, [
      { connector: 'stripe', kind: 'a', payload: {} },
      { connector: 'stripe', kind: 'b', payload: {} },
    ]);
    await kit.clock.advance(60_000);
    recordWithJobs(kit, [
      { connector: 'stripe', kind: 'c', payload: {} },
      { connector: 'conexxus', kind: 'journal', payload: {} },
    ]);
    // a fails once and is taken again at once (2 attempts, in flight); b is done; c waits (queued since +60 s).
    const a = kit.outbox.claimNext('stripe')!;
    kit.outbox.retryLater(a.id, kit.clock.now(), 'network: ECONNRESET');
    expect(kit.outbox.claimNext('stripe')?.id).toBe(a.id);
    const b = kit.outbox.claimNext('stripe')!;
    kit.outbox.complete(b.id, { ok: true });
    await kit.clock.advance(60_000);

    const stats = kit.outbox.stats(kit.clock.now(), ['ksef']);
    expect(stats.map((s) => s.connector)).toEqual(['conexxus', 'ksef', 'stripe']);
    expect(stats[1]).toMatchObject({ depth: 0, oldestQueuedAt: null, openAttempts: 0 });
    expect(stats[2]).toEqual({
      connector: 'stripe',
      depth: 2,
      counts: { queued: 1, in_flight: 1, done: 1, dead: 0, cancelled: 0 },
      oldestQueuedAt: new Date(start.getTime() + 60_000).toISOString(),
      oldestQueuedAgeMs: 60_000,
      openAttempts: 2,
      maxOpenAttempts: 2,
    });
    expect(stats[0]).toMatchObject({
      depth: 1,
      oldestQueuedAt: new Date(start.getTime() + 60_000).toISOString(),
      oldestQueuedAgeMs: 60_000,
    });
  });

  it('lists newest first with filters, a page at a time', () => {
    const kit = openOutbox();
    for (let i = 0; i < 5; i += 1) recordWithJobs(kit, [{ connector: 'stripe', kind: `k${i % 2}`, payload: { i } }]);
    const { record } = recordWithJobs(kit, [{ connector: 'conexxus', kind: 'journal', payload: {} }]);
    const first = kit.outbox.list({ connector: 'stripe', limit: 2 });
    expect(first.map((j) => j.payload)).toEqual([{ i: 4 }, { i: 3 }]);
    const second = kit.outbox.list({ connector: 'stripe', limit: 2, before: first[1]!.seq });
    expect(second.map((j) => j.payload)).toEqual([{ i: 2 }, { i: 1 }]);
    expect(kit.outbox.list({ kind: 'k0', limit: 10 }).map((j) => j.payload)).toEqual([{ i: 4 }, { i: 2 }, { i: 0 }]);
    expect(kit.outbox.list({ sourceEventId: record.event.id, limit: 10 }).map((j) => j.kind)).toEqual(['journal']);
    kit.outbox.claimNext('conexxus');
    expect(kit.outbox.list({ state: 'in_flight', limit: 10 }).map((j) => j.kind)).toEqual(['journal']);
  });

  it('the schema itself refuses rows the store would never write', () => {
    const kit = openOutbox();
    const [job] = recordWithJobs(kit, [{ connector: 'stripe', kind: 'capture', payload: {} }]).jobs;
    const update =
      (set: string): (() => void) =>
      () =>
        kit.ledger.db.prepare(`UPDATE upstream_jobs SET ${set} WHERE id = ?`).run(job!.id);
    expect(update(`state = 'lost'`)).toThrow(/CHECK constraint/);
    expect(update(`state = 'done'`)).toThrow(/CHECK constraint/); // done without a result
    expect(update(`state = 'cancelled'`)).toThrow(/CHECK constraint/); // cancelled by nobody
    expect(update(`not_before = '2026-11-22 08:00'`)).toThrow(/CHECK constraint/); // would sort wrongly as text
    expect(update(`payload = '{not json'`)).toThrow(/CHECK constraint/);
    expect(update(`attempts = -1`)).toThrow(/CHECK constraint/);
    expect(update(`source_event_id = NULL`)).toThrow(/CHECK constraint/);
  });
});

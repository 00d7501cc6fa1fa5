import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStorage, EventDraft } from '../../src/device/core/ports.js';
import type { UnsignedEnvelope } from '../../src/shared/protocol/envelope.js';
import { SqliteStorage } from '../../src/device/node/sqlite-storage.js';
import { MemoryStorage } from '../../src/device/storage/memory-storage.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'backroom-device-storage-'));
  dirs.push(dir);
  return path.join(dir, 'device.sqlite');
}

let nextId = 0;
function draft(quantity = 1): EventDraft {
  nextId++;
  return {
    id: `0190f000-0000-7000-8000-${String(nextId).padStart(12, '0')}`,
    deviceId: 'd1',
    type: 'inventory.issue',
    v: 1,
    occurredAt: '2026-11-22T10:15:00.000Z',
    deviceTime: '2026-11-22T10:15:00.000Z',
    basis: 0,
    payload: { productId: 'p', locationId: 'l', quantity },
  };
}

const storages: Array<[string, () => DeviceStorage]> = [
  ['memory', () => new MemoryStorage()],
  ['sqlite', () => SqliteStorage.open(tempFile())],
];

describe.each(storages)('%s storage', (_name, open) => {
  it('allocates seq 1, 2, 3… gap-free and keeps pending entries in seq order', async () => {
    const storage = open();
    const seqs = [];
    for (let n = 0; n < 5; n++) seqs.push((await storage.enqueue(draft())).seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    expect((await storage.pending(3)).map((e) => e.envelope.seq)).toEqual([1, 2, 3]);
    await storage.close();
  });

  it('allocates a distinct seq to every one of many concurrent enqueues', async () => {
    const storage = open();
    const envelopes = await Promise.all(Array.from({ length: 50 }, () => storage.enqueue(draft())));
    expect(new Set(envelopes.map((e) => e.seq)).size).toBe(50);
    expect(Math.max(...envelopes.map((e) => e.seq))).toBe(50);
    await storage.close();
  });

  it('records results: final statuses leave pending, a rejection is the first failed entry until retried', async () => {
    const storage = open();
    const [a, b, c, d] = [
      await storage.enqueue(draft()),
      await storage.enqueue(draft()),
      await storage.enqueue(draft()),
      await storage.enqueue(draft()),
    ];
    await storage.markResults([
      { id: a!.id, seq: 1, status: 'accepted', cursor: 10 },
      { id: b!.id, seq: 2, status: 'conflict', cursor: 11 },
      { id: c!.id, seq: 3, status: 'rejected', error: { code: 'SIGNATURE_INVALID', message: 'bad' } },
    ]);
    expect(await storage.counts()).toEqual({ pending: 1, synced: 1, conflict: 1, failed: 1, refused: 0 });
    expect((await storage.entry(b!.id))?.result?.cursor).toBe(11);
    expect((await storage.firstFailed())?.result?.error?.code).toBe('SIGNATURE_INVALID');
    expect((await storage.pending(10)).map((e) => e.envelope.id)).toEqual([d!.id]);

    expect(await storage.retryFailed()).toBe(1);
    expect(await storage.firstFailed()).toBeUndefined();
    expect((await storage.pending(10)).map((e) => e.envelope.seq)).toEqual([3, 4]);
    await storage.close();
  });

  it('keeps pending entries in seq order whichever entries the results named, and a retried one in its place', async () => {
    const storage = open();
    const envelopes: UnsignedEnvelope[] = [];
    for (let n = 0; n < 5; n++) envelopes.push(await storage.enqueue(draft()));
    const result = (seq: number, status: 'accepted' | 'rejected') => ({
      id: envelopes[seq - 1]!.id,
      seq,
      status,
      ...(status === 'rejected' ? { error: { code: 'SIGNATURE_INVALID', message: 'bad' } } : { cursor: seq }),
    });
    const pendingSeqs = async (limit = 10) => (await storage.pending(limit)).map((e) => e.envelope.seq);

    await storage.markResults([result(2, 'accepted'), result(4, 'accepted')]);
    expect(await pendingSeqs(2)).toEqual([1, 3]);
    expect(await pendingSeqs()).toEqual([1, 3, 5]);
    await storage.markResults([result(1, 'accepted')]);
    expect(await pendingSeqs()).toEqual([3, 5]);
    await storage.markResults([result(3, 'rejected')]);
    expect((await storage.firstFailed())?.envelope.seq).toBe(3);
    expect(await pendingSeqs()).toEqual([5]);
    expect(await storage.retryFailed()).toBe(1);
    expect(await storage.firstFailed()).toBeUndefined();
    expect(await pendingSeqs()).toEqual([3, 5]);
    await storage.markResults([result(3, 'accepted'), result(5, 'accepted')]);
    expect(await pendingSeqs()).toEqual([]);
    expect((await storage.enqueue(draft())).seq).toBe(6);
    expect(await pendingSeqs()).toEqual([6]);
    await storage.close();
  });

  it('hands out entries, envelopes and results the caller cannot change the outbox through', async () => {
    const storage = open();
    const recorded = await storage.enqueue(draft(1));
    await storage.attachSignature(recorded.seq, 'sig-bytes');
    const signed = { ...structuredClone(recorded), sig: 'sig-bytes' };
    const conflict = {
      id: recorded.id,
      seq: recorded.seq,
      status: 'conflict' as const,
      cursor: 3,
      conflict: { id: 'c1', kind: 'oversell', server: { onHand: 0 }, requested: { quantity: 1 }, options: ['retry'] },
    };
    const mutate = (change: () => void) => {
      try {
        change();
      } catch {
        // a storage may hand out frozen objects instead of copies
      }
    };
    mutate(() => Object.assign(recorded.payload, { quantity: 99 }));
    const [pending] = await storage.pending(1);
    mutate(() => Object.assign(pending!.envelope.payload, { quantity: 98 }));
    mutate(() => Object.assign(pending!.envelope, { sig: 'forged' }));
    mutate(() => Object.assign(pending!, { status: 'synced' }));
    expect(await storage.pending(1)).toEqual([{ envelope: signed, status: 'pending' }]);

    await storage.markResults([conflict]);
    mutate(() => Object.assign(conflict.conflict.server, { onHand: 7 }));
    const stored = await storage.entry(recorded.id);
    mutate(() => Object.assign(stored!.result!.conflict!.server, { onHand: 6 }));
    expect((await storage.entry(recorded.id))?.result?.conflict?.server).toEqual({ onHand: 0 });
    await storage.close();
  });

  it('keeps the signature with the entry once attached', async () => {
    const storage = open();
    const envelope = await storage.enqueue(draft());
    expect((await storage.pending(1))[0]!.envelope.sig).toBeUndefined();
    await storage.attachSignature(envelope.seq, 'sig-bytes');
    expect((await storage.pending(1))[0]!.envelope).toEqual({ ...envelope, sig: 'sig-bytes' });
    await storage.close();
  });

  it('applies a hub snapshot, then pulled changes in order with their cursor', async () => {
    const storage = open();
    expect(await storage.hubCursor()).toBeUndefined();
    await storage.replaceHubState({ cursor: 5, stock: [{ productId: 'p', locationId: 'l', quantity: 10 }] });
    await storage.applyHubChanges(7, [
      { productId: 'p', locationId: 'l', delta: -3 },
      { productId: 'p', locationId: 'm', delta: 2 },
      { productId: 'p', locationId: 'l', set: 4 },
      { productId: 'p', locationId: 'l', delta: 1 },
    ]);
    expect(await storage.hubCursor()).toBe(7);
    expect(await storage.stockLevel('p', 'l')).toBe(5);
    expect(await storage.stockLevel('p', 'm')).toBe(2);
    await storage.replaceHubState({ cursor: 9, stock: [] });
    expect(await storage.stockLevel('p', 'l')).toBeUndefined();
    await storage.close();
  });
});

describe('sqlite storage across restarts', () => {
  it('continues the sequence after reopening and never hands out a seq twice', async () => {
    const file = tempFile();
    let storage = SqliteStorage.open(file);
    await storage.setMeta('deviceId', 'd1');
    await storage.enqueue(draft());
    const second = await storage.enqueue(draft());
    await storage.markResults([{ id: second.id, seq: 2, status: 'accepted', cursor: 3 }]);
    await storage.close();

    storage = SqliteStorage.open(file);
    expect(await storage.getMeta('deviceId')).toBe('d1');
    expect((await storage.enqueue(draft())).seq).toBe(3);
    await storage.close();

    storage = SqliteStorage.open(file);
    const seqs = [(await storage.enqueue(draft())).seq, (await storage.enqueue(draft())).seq];
    expect(seqs).toEqual([4, 5]);
    expect((await storage.entry(second.id))?.status).toBe('synced');
    expect((await storage.pending(10)).map((e) => e.envelope.seq)).toEqual([1, 3, 4, 5]);
    await storage.close();
  });

  it('refuses a database from a newer SDK', async () => {
    const file = tempFile();
    const storage = SqliteStorage.open(file);
    await storage.close();
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const db = new BetterSqlite3(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => SqliteStorage.open(file)).toThrow(/schema 99/);
  });
});

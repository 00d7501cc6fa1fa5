/**
 * The device SDK against a REAL hub (startHub on loopback, ports 0, real TLS, real SQLite): pairing, offline
 * recording, sync, replay after a lost acknowledgement, conflicts, rejections, restarts, the live stream and
 * revocation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlreadyPairedError, pair } from '../../src/device/client/pairing.js';
import { DeviceRevokedError, HubError, OutboxBlockedError, TransportError } from '../../src/device/core/errors.js';
import type { DeviceStorage, HubTransport } from '../../src/device/core/ports.js';
import { Device } from '../../src/device/device.js';
import { HttpsTransport } from '../../src/device/node/https-transport.js';
import { SqliteStorage } from '../../src/device/node/sqlite-storage.js';
import { loadOrCreateDeviceSigner } from '../../src/device/signer/device-keys.js';
import { WebCryptoSigner } from '../../src/device/signer/webcrypto-signer.js';
import { MemoryStorage } from '../../src/device/storage/memory-storage.js';
import { signEnvelope } from '../../src/shared/protocol/signing.js';
import { BACK, SHELF, SODA, startTestHub, type TestHub } from './helpers/real-hub.js';

const INITIAL_STOCK = 1_000;
let hub: TestHub;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  hub = await startTestHub(INITIAL_STOCK);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await hub.stop();
});

function transportFor(fingerprint = hub.fingerprint): HttpsTransport {
  const transport = new HttpsTransport({ url: hub.url, fingerprint });
  cleanups.push(() => transport.close());
  return transport;
}

async function pairedDevice(
  options: {
    storage?: DeviceStorage;
    transport?: HubTransport;
    name?: string;
    appVersion?: string;
    snapshotAfter?: number;
  } = {},
): Promise<{ device: Device; storage: DeviceStorage; transport: HubTransport }> {
  const storage = options.storage ?? new MemoryStorage();
  const transport = options.transport ?? transportFor();
  const signer = await loadOrCreateDeviceSigner(storage);
  await pair({
    transport,
    storage,
    signer,
    code: hub.pairingCode(),
    name: options.name ?? 'till',
    kind: 'pos',
    hubUrl: hub.url,
    fingerprint: hub.fingerprint,
  });
  const device = await Device.open({
    storage,
    transport,
    appVersion: options.appVersion ?? 'itest 1.0',
    ...(options.snapshotAfter === undefined ? {} : { snapshotAfter: options.snapshotAfter }),
  });
  cleanups.push(() => device.stop());
  return { device, storage, transport };
}

function duplicatesInLedger(): string[] {
  const seen = new Set<string>();
  return hub.ledgerEventIds().filter((id) => seen.has(id) || !seen.add(id));
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const issue = (quantity: number, locationId = SHELF) => ({ productId: SODA, locationId, quantity });

describe('pairing', () => {
  it('stores identity, token and the pinned hub, and a storage pairs only once', async () => {
    const { storage, transport } = await pairedDevice();
    expect(await storage.getMeta('deviceId')).toMatch(/\S/);
    expect(await storage.getMeta('token')).toMatch(/\S/);
    expect(await storage.getMeta('hub')).toMatchObject({
      url: hub.url,
      hubId: hub.hub.status().identity.hubId,
      tlsFingerprint: hub.fingerprint,
    });
    const signer = await loadOrCreateDeviceSigner(storage);
    const again = pair({
      transport,
      storage,
      signer,
      code: hub.pairingCode(),
      name: 'x',
      kind: 'pos',
      hubUrl: hub.url,
      fingerprint: hub.fingerprint,
    });
    await expect(again).rejects.toBeInstanceOf(AlreadyPairedError);
  });

  it('answers an unknown code with 403 PAIRING_CODE_INVALID and stores nothing', async () => {
    const storage = new MemoryStorage();
    const { signer } = await WebCryptoSigner.generate();
    const attempt = pair({
      transport: transportFor(),
      storage,
      signer,
      code: '00000000',
      name: 'x',
      kind: 'handheld',
      hubUrl: hub.url,
      fingerprint: hub.fingerprint,
    });
    await expect(attempt).rejects.toMatchObject({ status: 403, code: 'PAIRING_CODE_INVALID' });
    await expect(attempt).rejects.toBeInstanceOf(HubError);
    expect(await storage.getMeta('deviceId')).toBeUndefined();
  });
});

describe('sync', () => {
  it('a new device starts from the state snapshot', async () => {
    const { device } = await pairedDevice();
    const report = await device.sync();
    expect(report.cursor).toBe(hub.hub.context.ledger.head().cursor);
    expect(await device.stock(SODA, SHELF)).toBe(hub.stock(SODA, SHELF));
    expect(await device.stock(SODA, BACK)).toBe(hub.stock(SODA, BACK));
  });

  it('records offline, then delivers in order; the local stock view follows the hub', async () => {
    const { device } = await pairedDevice();
    await device.sync();
    const basis = hub.hub.context.ledger.head().cursor;
    const recorded = [
      await device.record('inventory.issue', issue(2)),
      await device.record('inventory.transfer', {
        productId: SODA,
        fromLocationId: SHELF,
        toLocationId: BACK,
        quantity: 3,
      }),
      await device.record('inventory.return', issue(1)),
    ];
    expect(recorded.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(recorded.every((e) => e.basis === basis)).toBe(true);
    expect(await device.counts()).toMatchObject({ pending: 3, synced: 0 });

    const report = await device.sync();
    expect(report).toMatchObject({ pushed: 3, accepted: 3, conflicts: 0, replayed: 0 });
    for (const envelope of recorded) expect((await device.statusOf(envelope.id))?.status).toBe('synced');
    expect(await device.stock(SODA, SHELF)).toBe(hub.stock(SODA, SHELF));
    expect(await device.stock(SODA, BACK)).toBe(hub.stock(SODA, BACK));
    expect(duplicatesInLedger()).toEqual([]);
  });

  it('replays safely when the acknowledgement is lost: the hub answers the original results, no duplicates', async () => {
    const real = transportFor();
    let dropNextPushReply = false;
    // Forwards to the real hub, then loses the reply, like a connection dropped after the hub committed.
    const lossy: HubTransport = {
      async request(method, requestPath, body, token) {
        const response = await real.request(method, requestPath, body, token);
        if (method === 'POST' && requestPath === '/v1/events' && dropNextPushReply) {
          dropNextPushReply = false;
          throw new TransportError('connection reset before the reply arrived');
        }
        return response;
      },
      openStream: (token, handlers) => real.openStream(token, handlers),
      close: () => real.close(),
    };
    const { device } = await pairedDevice({ transport: lossy });
    await device.sync();
    const recorded = [
      await device.record('inventory.issue', issue(1)),
      await device.record('inventory.issue', issue(1)),
    ];
    const ledgerBefore = hub.ledgerEventIds().length;

    dropNextPushReply = true;
    await expect(device.sync()).rejects.toBeInstanceOf(TransportError);
    expect(await device.counts()).toMatchObject({ pending: 2 });
    expect(hub.ledgerEventIds().length).toBe(ledgerBefore + 2);

    const report = await device.sync();
    expect(report).toMatchObject({ pushed: 2, accepted: 2, replayed: 2 });
    for (const envelope of recorded) {
      expect(await device.statusOf(envelope.id)).toMatchObject({ status: 'synced', result: { replayed: true } });
    }
    expect(await device.sync()).toMatchObject({ pushed: 0 });
    expect(hub.ledgerEventIds().length).toBe(ledgerBefore + 2);
    expect(duplicatesInLedger()).toEqual([]);
  });

  it('surfaces an oversell as status conflict with the hub detail, and later events still sync', async () => {
    const { device } = await pairedDevice();
    await device.sync();
    const oversell = await device.record('inventory.issue', issue(INITIAL_STOCK * 100));
    const after = await device.record('inventory.issue', issue(1));
    const report = await device.sync();
    expect(report).toMatchObject({ pushed: 2, accepted: 1, conflicts: 1 });
    const state = await device.statusOf(oversell.id);
    expect(state?.status).toBe('conflict');
    expect(state?.result?.conflict).toMatchObject({
      kind: 'insufficient_stock',
      options: expect.arrayContaining(['retry']),
    });
    expect((await device.statusOf(after.id))?.status).toBe('synced');
    expect(await device.stock(SODA, SHELF)).toBe(hub.stock(SODA, SHELF));
  });

  it('a device its push shows far behind catches up from the snapshot to the stock replaying the records gives', async () => {
    const paths: string[] = [];
    const real = transportFor();
    const watched: HubTransport = {
      request: (method, path, body, token) => {
        paths.push(`${method} ${path.split('?')[0]}`);
        return real.request(method, path, body, token);
      },
      openStream: (token, handlers) => real.openStream(token, handlers),
      close: () => real.close(),
    };
    const jumping = await pairedDevice({ transport: watched, snapshotAfter: 3 });
    const replaying = await pairedDevice({ snapshotAfter: 1_000 });
    const other = await pairedDevice();
    for (const { device } of [jumping, replaying, other]) await device.sync();

    // while the two were offline: movements, and an oversell whose effect the hub holds
    for (const quantity of [1, 2, 3]) await other.device.record('inventory.issue', issue(quantity, BACK));
    await other.device.record('inventory.transfer', {
      productId: SODA,
      fromLocationId: SHELF,
      toLocationId: BACK,
      quantity: 4,
    });
    await other.device.record('inventory.issue', issue(INITIAL_STOCK * 100));
    expect(await other.device.sync()).toMatchObject({ pushed: 5, conflicts: 1 });

    for (const { device } of [jumping, replaying]) await device.record('inventory.return', issue(1));
    const stockNow = async (device: Device) =>
      [await device.stock(SODA, SHELF), await device.stock(SODA, BACK)].join(' ');
    const hubStockNow = () => [hub.stock(SODA, SHELF), hub.stock(SODA, BACK)].join(' ');
    const replayed = await replaying.device.sync();
    expect(replayed.pulled).toBeGreaterThan(5);
    expect(await stockNow(replaying.device)).toBe(hubStockNow());
    paths.length = 0;
    const jumped = await jumping.device.sync();
    expect(paths).toEqual(['POST /v1/events', 'GET /v1/state']);
    expect(jumped).toMatchObject({ pushed: 1, pulled: 0, cursor: hub.hub.context.ledger.head().cursor });
    expect(await stockNow(jumping.device)).toBe(hubStockNow());
  });

  it('stops at a rejected event, marks it failed with its code, and resumes after it is fixed', async () => {
    const { device, storage } = await pairedDevice();
    await device.sync();
    const first = await device.record('inventory.issue', issue(1));
    const broken = await device.record('inventory.issue', issue(1));
    const later = await device.record('inventory.issue', issue(1));
    const { signer: stranger } = await WebCryptoSigner.generate();
    const { sig: _sig, ...unsigned } = broken;
    await storage.attachSignature(broken.seq, (await signEnvelope(unsigned, stranger)).sig);

    const failure = await device.sync().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutboxBlockedError);
    expect(failure).toMatchObject({ code: 'SIGNATURE_INVALID', seq: broken.seq });
    expect((await device.statusOf(first.id))?.status).toBe('synced');
    expect((await device.statusOf(broken.id))?.status).toBe('failed');
    expect((await device.statusOf(later.id))?.status).toBe('pending');
    // still blocked on the next attempt, without pushing anything
    await expect(device.sync()).rejects.toBeInstanceOf(OutboxBlockedError);

    await storage.attachSignature(broken.seq, broken.sig);
    expect(await device.retryFailed()).toBe(1);
    expect(await device.sync()).toMatchObject({ pushed: 2, accepted: 2 });
    expect(await device.counts()).toMatchObject({ pending: 0, failed: 0, synced: 3 });
  });

  it('signs at push an event stored before the process could sign it', async () => {
    const { device, storage } = await pairedDevice();
    await device.sync();
    const unsigned = await storage.enqueue({
      id: '01900000-0000-7000-8000-00000000abcd',
      deviceId: device.deviceId,
      type: 'inventory.return',
      v: 1,
      occurredAt: new Date().toISOString(),
      deviceTime: new Date().toISOString(),
      basis: 0,
      payload: issue(1),
    });
    expect(await device.sync()).toMatchObject({ accepted: 1 });
    expect((await device.statusOf(unsigned.id))?.status).toBe('synced');
  });

  it('keeps the outbox and the sequence across a restart of a SQLite device', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'backroom-device-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'till.sqlite');
    const first = await pairedDevice({ storage: SqliteStorage.open(file) });
    await first.device.sync();
    const before = await first.device.record('inventory.issue', issue(1));
    await first.device.stop();
    await first.storage.close();

    const storage = SqliteStorage.open(file);
    cleanups.push(() => storage.close());
    const device = await Device.open({ storage, transport: first.transport });
    const afterRestart = await device.record('inventory.issue', issue(1));
    expect([before.seq, afterRestart.seq]).toEqual([1, 2]);
    expect(await device.sync()).toMatchObject({ pushed: 2, accepted: 2 });
    expect(await device.stock(SODA, SHELF)).toBe(hub.stock(SODA, SHELF));
  });
});

describe('live', () => {
  it('a running device pulls when another device changes stock, and its heartbeats reach the hub', async () => {
    const watcher = await pairedDevice({ name: 'watcher', appVersion: 'watcher 2.1' });
    const actor = await pairedDevice({ name: 'actor' });
    await actor.device.sync();
    watcher.device.start();
    await eventually(() => watcher.device.syncStatus().streamConnected);

    await actor.device.record('inventory.issue', issue(5, BACK));
    await actor.device.sync();
    await eventually(async () => (await watcher.device.stock(SODA, BACK)) === hub.stock(SODA, BACK));
    await eventually(() => hub.hub.context.devices.get(watcher.device.deviceId)?.appVersion === 'watcher 2.1');
  });

  it('a revoked device stops syncing and refuses to record', async () => {
    const running = await pairedDevice();
    running.device.start();
    await eventually(() => running.device.syncStatus().streamConnected);
    hub.hub.context.devices.revoke(running.device.deviceId, 'lost', 'test');
    await eventually(async () => (await running.storage.getMeta('revoked')) !== undefined);
    await eventually(() => !running.device.syncStatus().running);
    await expect(running.device.record('inventory.issue', issue(1))).rejects.toBeInstanceOf(DeviceRevokedError);

    // a device that was offline learns it from the hub's 401 DEVICE_REVOKED
    const offline = await pairedDevice();
    hub.hub.context.devices.revoke(offline.device.deviceId, 'lost', 'test');
    await expect(offline.device.sync()).rejects.toBeInstanceOf(DeviceRevokedError);
    expect(await offline.storage.getMeta('revoked')).toMatchObject({ at: expect.any(String) });
  });
});

/**
 * The background loop's schedule with an injected clock and a scripted hub at the transport port: backoff after
 * failures, immediate resume on reconnect, no overlapping cycles, heartbeats, revocation. The protocol itself is
 * exercised against a real hub in hub-integration.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../src/device/core/errors.js';
import type { Clock, HubResponse, HubStream, HubTransport, StreamHandlers } from '../../src/device/core/ports.js';
import { DeviceRevokedError } from '../../src/device/core/errors.js';
import { Device } from '../../src/device/device.js';
import { loadOrCreateDeviceSigner } from '../../src/device/signer/device-keys.js';
import { MemoryStorage } from '../../src/device/storage/memory-storage.js';
import type { SyncEvent } from '../../src/device/sync/sync-engine.js';
import type { HubStreamMessage } from '../../src/shared/protocol/device-api.js';

class ManualClock implements Clock {
  private time = Date.parse('2026-11-22T10:00:00.000Z');
  private timers: Array<{ at: number; ms: number; callback: () => void; cancelled: boolean }> = [];

  now(): number {
    return this.time;
  }

  schedule(callback: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, ms, callback, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** delays of the timers still waiting, in scheduling order */
  waiting(): number[] {
    return this.live().map((t) => t.ms);
  }

  /** runs the earliest timer, advancing time to it */
  async fireNext(): Promise<void> {
    const next = this.live().sort((a, b) => a.at - b.at)[0];
    if (!next) throw new Error('no timer waiting');
    next.cancelled = true;
    this.time = Math.max(this.time, next.at);
    next.callback();
    await settle();
  }

  private live() {
    return this.timers.filter((t) => !t.cancelled);
  }
}

/** Lets the work a timer started finish; the scripted hub answers after one event-loop turn, never on a timer. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** A scripted hub behind the transport port. */
class ScriptedHub implements HubTransport {
  reachable = false;
  inFlight = 0;
  maxInFlight = 0;
  pushes = 0;
  heartbeats: unknown[] = [];
  private handlers: StreamHandlers | undefined;
  private cursor = 1;

  async request(method: string, path: string, body?: unknown): Promise<HubResponse> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      if (!this.reachable) throw new TransportError('hub unreachable');
      if (path === '/v1/state') return { status: 200, body: { cursor: this.cursor, stock: [] } };
      if (method === 'GET') return { status: 200, body: { events: [], cursor: this.cursor, hasMore: false } };
      this.pushes++;
      const events = (body as { events: Array<{ id: string; seq: number }> }).events;
      return {
        status: 200,
        body: {
          results: events.map((e) => ({ id: e.id, seq: e.seq, status: 'accepted', cursor: ++this.cursor })),
          lastSequence: events.at(-1)!.seq,
          cursor: this.cursor,
        },
      };
    } finally {
      this.inFlight--;
    }
  }

  openStream(_token: string, handlers: StreamHandlers): HubStream {
    this.handlers = handlers;
    if (this.reachable) queueMicrotask(() => handlers.onOpen());
    else queueMicrotask(() => handlers.onClose(new TransportError('hub unreachable')));
    return {
      send: (message) => this.heartbeats.push(message),
      close: () => undefined,
    };
  }

  tell(message: HubStreamMessage): void {
    this.handlers?.onMessage(message);
  }

  close(): void {}
}

async function pairedDevice(hub: ScriptedHub, clock: ManualClock, events: SyncEvent[]) {
  const storage = new MemoryStorage();
  await loadOrCreateDeviceSigner(storage);
  await storage.setMeta('token', 'token');
  await storage.setMeta('deviceId', 'device-1');
  const device = await Device.open({
    storage,
    transport: hub,
    clock,
    random: () => 0.5,
    backoff: { baseMs: 1_000, maxMs: 8_000 },
    pollIntervalMs: 30_000,
    heartbeatIntervalMs: 15_000,
    appVersion: 'test 1.0',
    onEvent: (event) => events.push(event),
  });
  return { device, storage };
}

const issue = { productId: 'p', locationId: 'l', quantity: 1 };

describe('sync loop', () => {
  it('backs off with jitter while the hub is unreachable and resumes at once when the stream reconnects', async () => {
    const hub = new ScriptedHub();
    const clock = new ManualClock();
    const events: SyncEvent[] = [];
    const { device } = await pairedDevice(hub, clock, events);
    await device.record('inventory.issue', issue);
    device.start();
    await settle();

    // first cycle fails; with random 0.5 each retry waits half its ceiling: 500, 1000, 2000, 4000, then capped
    const retries: number[] = [];
    for (let n = 0; n < 5; n++) {
      await clock.fireNext(); // the cycle (or the stream retry)
      retries.push(...events.splice(0).flatMap((e) => (e.type === 'sync-failed' ? [e.retryInMs] : [])));
    }
    expect(retries.slice(0, 3)).toEqual([500, 1000, 2000]);
    expect(await device.counts()).toMatchObject({ pending: 1 });

    // a new record while backing off does not cut the backoff short
    const waitingBefore = clock.waiting().length;
    await device.record('inventory.issue', issue);
    expect(clock.waiting().length).toBe(waitingBefore);

    hub.reachable = true;
    while (!device.syncStatus().streamConnected) await clock.fireNext();
    expect(clock.waiting()).toContain(0); // reconnect: sync now
    while ((await device.counts()).pending > 0) await clock.fireNext();
    expect(await device.counts()).toMatchObject({ pending: 0, synced: 2 });
    expect(device.syncStatus().consecutiveFailures).toBe(0);
    await device.stop();
  });

  it('never runs two cycles at once, whoever starts them', async () => {
    const hub = new ScriptedHub();
    hub.reachable = true;
    const clock = new ManualClock();
    const { device } = await pairedDevice(hub, clock, []);
    device.start();
    for (let n = 0; n < 20; n++) await device.record('inventory.issue', issue);
    await Promise.all([device.sync(), device.sync(), clock.fireNext(), device.sync()]);
    expect(hub.maxInFlight).toBe(1);
    expect(await device.counts()).toMatchObject({ pending: 0, synced: 20 });
    await device.stop();
  });

  it('sends heartbeats with the queue, syncs on a newer cursor, and stops for good when revoked', async () => {
    const hub = new ScriptedHub();
    hub.reachable = true;
    const clock = new ManualClock();
    const events: SyncEvent[] = [];
    const { device, storage } = await pairedDevice(hub, clock, events);
    device.start();
    await settle();
    while (clock.waiting().includes(0)) await clock.fireNext();
    expect(hub.heartbeats[0]).toMatchObject({
      type: 'heartbeat',
      queued: 0,
      deviceTime: new Date(clock.now()).toISOString(),
      appVersion: 'test 1.0',
    });
    expect(clock.waiting().sort()).toEqual([15_000, 30_000]); // next heartbeat, next poll
    await device.record('inventory.issue', issue);
    await clock.fireNext(); // the sync the record asked for
    await clock.fireNext(); // heartbeat
    expect(hub.heartbeats[1]).toMatchObject({ queued: 0, lastSyncAt: expect.any(String) });

    hub.tell({ type: 'cursor', cursor: 99 });
    await settle();
    expect(clock.waiting()).toContain(0);

    const approval = { type: 'approval', approvalId: 'a1', paymentId: 'p1', decision: 'approved', decidedBy: 'anna' };
    hub.tell(approval as HubStreamMessage);
    await settle();
    expect(events).toContainEqual({ type: 'approval', approval });

    hub.tell({ type: 'revoked' });
    await settle();
    expect(events.some((e) => e.type === 'revoked')).toBe(true);
    expect(device.syncStatus().running).toBe(false);
    expect(clock.waiting()).toEqual([]);
    expect(await storage.getMeta('revoked')).toMatchObject({ at: expect.any(String) });
    await expect(device.sync()).rejects.toBeInstanceOf(DeviceRevokedError);
    await expect(device.record('inventory.issue', issue)).rejects.toBeInstanceOf(DeviceRevokedError);
  });
  it('leaves its storage alone once stopped, whatever the stream still delivers', async () => {
    const hub = new ScriptedHub();
    hub.reachable = true;
    const clock = new ManualClock();
    const { device, storage } = await pairedDevice(hub, clock, []);
    device.start();
    await settle();
    await device.stop();
    // A message already on its way when the stream was closed, arriving after the storage may have been closed.
    let reads = 0;
    storage.hubCursor = () => {
      reads += 1;
      return Promise.reject(new TypeError('The database connection is not open'));
    };
    hub.tell({ type: 'cursor', cursor: 99 });
    await settle();
    expect(reads).toBe(0);
  });
});

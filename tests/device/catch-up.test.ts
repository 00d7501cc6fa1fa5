/**
 * How a device catches up with the hub: pages of ledger records when it is a little behind, the hub's snapshot
 * (GET /v1/state) when it is known to be far behind, as a recovering device is after an outage while every other
 * till pushes too. A scripted hub keeps a ledger whose stock is the sum of its records' deltas, as the real one does.
 */
import { describe, expect, it } from 'vitest';
import type { Clock, HubResponse, HubStream, HubTransport, StreamHandlers } from '../../src/device/core/ports.js';
import { Device } from '../../src/device/device.js';
import { loadOrCreateDeviceSigner } from '../../src/device/signer/device-keys.js';
import { MemoryStorage } from '../../src/device/storage/memory-storage.js';
import type { HubStreamMessage, PulledEvent } from '../../src/shared/protocol/device-api.js';

const PRODUCT = 'p';
const LOCATION = 'l';

class LedgerHub implements HubTransport {
  readonly requests: string[] = [];
  /** How many records older than the head the snapshot is (a hub restored from an older backup). */
  snapshotLag = 0;
  private readonly records: PulledEvent[] = [];
  private handlers: StreamHandlers | undefined;

  get head(): number {
    return this.records.length;
  }

  stock(upTo = this.head): number {
    return this.records.slice(0, upTo).reduce((sum, record) => sum + stockDelta(record), 0);
  }

  /** Another till's returns, recorded while this device was away. */
  recordOthers(count: number): void {
    for (let n = 0; n < count; n++) this.append({ type: 'inventory.return', id: `other-${this.head}` }, 1);
  }

  async request(method: string, path: string, body?: unknown): Promise<HubResponse> {
    this.requests.push(`${method} ${path.split('?')[0]}`);
    await new Promise((resolve) => setImmediate(resolve));
    if (path === '/v1/state') {
      const cursor = this.head - this.snapshotLag;
      return {
        status: 200,
        body: { cursor, stock: [{ productId: PRODUCT, locationId: LOCATION, quantity: this.stock(cursor) }] },
      };
    }
    if (method === 'GET') {
      const query = new URL(path, 'https://hub').searchParams;
      const after = Number(query.get('after'));
      const events = this.records.slice(after, after + Number(query.get('limit')));
      const cursor = events.at(-1)?.cursor ?? after;
      return { status: 200, body: { events, cursor, hasMore: cursor < this.head } };
    }
    const events = (body as { events: Array<{ id: string; seq: number; type: string; payload: { quantity: number } }> })
      .events;
    const results = events.map((event) => {
      this.append(event, -event.payload.quantity);
      return { id: event.id, seq: event.seq, status: 'accepted', cursor: this.head };
    });
    return { status: 200, body: { results, lastSequence: events.at(-1)!.seq, cursor: this.head } };
  }

  openStream(_token: string, handlers: StreamHandlers): HubStream {
    this.handlers = handlers;
    queueMicrotask(() => handlers.onOpen());
    return { send: () => undefined, close: () => undefined };
  }

  tell(message: HubStreamMessage): void {
    this.handlers?.onMessage(message);
  }

  close(): void {}

  private append(event: Record<string, unknown>, delta: number): void {
    this.records.push({
      cursor: this.head + 1,
      recordedAt: '2026-11-22T10:00:00.000Z',
      status: 'accepted',
      event,
      outcome: { stock: [{ productId: PRODUCT, locationId: LOCATION, delta }] },
    });
  }
}

function stockDelta(record: PulledEvent): number {
  return (record.outcome!.stock as Array<{ delta: number }>)[0]!.delta;
}

async function deviceOn(hub: LedgerHub, snapshotAfter?: number, clock?: Clock): Promise<Device> {
  const storage = new MemoryStorage();
  await loadOrCreateDeviceSigner(storage);
  await storage.setMeta('token', 'token');
  await storage.setMeta('deviceId', 'device-1');
  return Device.open({
    storage,
    transport: hub,
    appVersion: 'test',
    ...(snapshotAfter ? { snapshotAfter } : {}),
    ...(clock ? { clock } : {}),
  });
}

/** Runs nothing by itself: the test fires the timers it means to. */
class ManualClock implements Clock {
  private timers: Array<{ ms: number; callback: () => void; cancelled: boolean }> = [];

  now(): number {
    return Date.parse('2026-11-22T10:00:00.000Z');
  }

  schedule(callback: () => void, ms: number): () => void {
    const timer = { ms, callback, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  waiting(): number[] {
    return this.timers.filter((t) => !t.cancelled).map((t) => t.ms);
  }

  async fire(ms: number): Promise<void> {
    const timer = this.timers.find((t) => !t.cancelled && t.ms === ms)!;
    timer.cancelled = true;
    timer.callback();
    await settle();
  }
}

/** Lets the work a timer started finish; the scripted hub answers after one event-loop turn. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
}

const issue = { productId: PRODUCT, locationId: LOCATION, quantity: 2 };

describe('catching up with the hub', () => {
  it('takes the snapshot when a push reply shows it far behind, and pulls the records when only a little', async () => {
    const outcomes = [];
    for (const snapshotAfter of [50, 1_000]) {
      const hub = new LedgerHub();
      hub.recordOthers(10);
      const device = await deviceOn(hub, snapshotAfter);
      await device.sync(); // a first sync starts from the snapshot
      hub.recordOthers(200); // while this till was offline
      await device.record('inventory.issue', issue);
      hub.requests.length = 0;
      const report = await device.sync();
      outcomes.push({ requests: hub.requests, report, stock: await device.stock(PRODUCT, LOCATION), hub });
    }
    const [far, near] = outcomes;
    expect(far!.requests).toEqual(['POST /v1/events', 'GET /v1/state']);
    expect(far!.report).toMatchObject({ pushed: 1, pulled: 0, cursor: 211 });
    expect(near!.requests).toEqual(['POST /v1/events', 'GET /v1/events']);
    expect(near!.report).toMatchObject({ pushed: 1, pulled: 201, cursor: 211 });
    // the same local stock either way: the hub's, own issue included
    expect(far!.stock).toBe(208);
    expect(near!.stock).toBe(208);
    expect(far!.hub.stock()).toBe(208);
  });

  it('pulls the records when it has heard nothing of the head', async () => {
    const hub = new LedgerHub();
    const device = await deviceOn(hub, 50);
    await device.sync();
    hub.recordOthers(300);
    hub.requests.length = 0;
    expect(await device.sync()).toMatchObject({ pushed: 0, pulled: 300, cursor: 300 });
    expect(hub.requests).toEqual(['GET /v1/events']);
    expect(await device.stock(PRODUCT, LOCATION)).toBe(300);
  });

  it('does not go back to a snapshot older than its own state, and pulls on from where it is', async () => {
    const hub = new LedgerHub();
    hub.recordOthers(10);
    const device = await deviceOn(hub, 50);
    await device.sync();
    hub.recordOthers(200);
    hub.snapshotLag = 205; // cursor 6 once the push is in: older than the device's 10
    await device.record('inventory.issue', issue);
    hub.requests.length = 0;
    expect(await device.sync()).toMatchObject({ pulled: 201, cursor: 211 });
    expect(hub.requests).toEqual(['POST /v1/events', 'GET /v1/state', 'GET /v1/events']);
    expect(await device.stock(PRODUCT, LOCATION)).toBe(208);
  });

  it('takes the head a cursor message on the live stream announces as far ahead into account', async () => {
    const hub = new LedgerHub();
    const clock = new ManualClock();
    const device = await deviceOn(hub, 50, clock);
    const cyclesNow = async () => {
      await settle();
      while (clock.waiting().includes(0)) await clock.fire(0);
    };
    device.start();
    try {
      await cyclesNow();
      expect(await device.stock(PRODUCT, LOCATION)).toBe(0);
      hub.recordOthers(100);
      hub.requests.length = 0;
      hub.tell({ type: 'cursor', cursor: hub.head });
      await cyclesNow();
      expect(hub.requests).toEqual(['GET /v1/state']);
      expect(await device.stock(PRODUCT, LOCATION)).toBe(100);

      hub.recordOthers(20);
      hub.requests.length = 0;
      hub.tell({ type: 'cursor', cursor: hub.head });
      await cyclesNow();
      expect(hub.requests).toEqual(['GET /v1/events']);
      expect(await device.stock(PRODUCT, LOCATION)).toBe(120);
    } finally {
      await device.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOfflineCardPolicy } from '../../src/shared/payments/offline-card-policy.js';
import type { PullReply, PushReply, StateReply } from '../../src/shared/protocol/device-api.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';

describe('pull (GET /v1/events) and state (GET /v1/state)', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();
  const other = new TestDevice();
  let pushed: PushReply;

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await seedCatalog(t, 10);
    await t.pair(till);
    await t.pair(other, 'Till 2');
    const answer = await t.lan<PushReply>('POST', '/v1/events', {
      token: till.token,
      body: {
        events: [
          till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 3 }),
          till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 50 }),
        ],
      },
    });
    pushed = answer.json;
    expect(pushed.results.map((r) => r.status)).toEqual(['accepted', 'conflict']);
  });
  afterAll(() => t.hub.stop());

  it('pages through every record in cursor order, hub-made and device events alike, with outcomes', async () => {
    const head = t.hub.context.ledger.head().cursor;
    const seen: PullReply['events'] = [];
    let after = 0;
    for (;;) {
      const page = await t.lan<PullReply>('GET', `/v1/events?after=${after}&limit=2`, { token: other.token });
      expect(page.status).toBe(200);
      expect(page.json.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.events);
      after = page.json.cursor;
      if (!page.json.hasMore) break;
    }
    expect(after).toBe(head);
    expect(seen.map((e) => e.cursor)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(new Set(seen.map((e) => e.event.type))).toEqual(
      new Set(['catalog.location', 'catalog.product', 'inventory.receive', 'device.paired', 'inventory.issue']),
    );
    const issued = seen.find((e) => e.cursor === pushed.results[0]!.cursor)!;
    expect(issued).toEqual({
      cursor: pushed.results[0]!.cursor,
      recordedAt: expect.any(String),
      status: 'accepted',
      event: expect.objectContaining({ deviceId: till.deviceId, seq: 1, sig: expect.any(String) }),
      outcome: expect.objectContaining({ stock: [{ productId: 'cola', locationId: 'shelf', delta: -3 }] }),
    });
    const atEnd = await t.lan<PullReply>('GET', `/v1/events?after=${head}`, { token: other.token });
    expect(atEnd.json).toEqual({ events: [], cursor: head, hasMore: false });
  });

  it('refuses limits outside 1..1000', async () => {
    for (const limit of [0, 1001]) {
      expectErrorShape(await t.lan('GET', `/v1/events?limit=${limit}`, { token: till.token }), 400, 'INVALID_REQUEST');
    }
  });

  it("gives a snapshot of catalog, stock, the device's own open conflicts and the payment policy as of the head cursor", async () => {
    const answer = await t.lan<StateReply>('GET', '/v1/state', { token: till.token });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      cursor: t.hub.context.ledger.head().cursor,
      catalog: {
        products: [{ id: 'cola', name: 'Cola', unit: 'pcs', price: { amount: 450, currency: 'PLN' }, version: 1 }],
        locations: [{ id: 'shelf', name: 'Shelf', active: true, version: 1 }],
      },
      stock: [{ productId: 'cola', locationId: 'shelf', quantity: 7 }],
      conflicts: [
        expect.objectContaining({
          id: pushed.results[1]!.conflict!.id,
          kind: 'insufficient_stock',
          status: 'open',
          deviceId: till.deviceId,
          cursor: pushed.results[1]!.cursor,
        }),
      ],
      openRequests: [],
      policy: { offlineCard: defaultOfflineCardPolicy(), outstandingExposure: 0 },
      device: { id: till.deviceId, lastSequence: 2 },
    });
    const others = await t.lan<StateReply>('GET', '/v1/state', { token: other.token });
    expect(others.json.conflicts).toEqual([]);
    expect(others.json.device).toEqual({ id: other.deviceId, lastSequence: 0 });
  });
});

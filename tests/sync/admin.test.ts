import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushReply } from '../../src/shared/protocol/device-api.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';

describe('admin devices, events and conflicts', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();
  const idle = new TestDevice();
  let pushed: PushReply;

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await seedCatalog(t, 5);
    await t.pair(till);
    await t.pair(idle, 'Spare');
    pushed = (
      await t.lan<PushReply>('POST', '/v1/events', {
        token: till.token,
        body: {
          events: [
            till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 2 }),
            till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 9 }),
            till.envelope('catalog.location', { id: 'mine', name: 'Mine', active: true }),
          ],
        },
      })
    ).json;
    expect(pushed.results.map((r) => r.status)).toEqual(['accepted', 'conflict', 'refused']);
  });
  afterAll(() => t.hub.stop());

  it('lists devices with sequence, last seen and live state', async () => {
    const answer = await t.admin('GET', '/v1/admin/devices');
    expect(answer.status).toBe(200);
    const byId = new Map(answer.json.devices.map((d: { id: string }) => [d.id, d]));
    expect(byId.get(till.deviceId)).toMatchObject({
      name: 'Till 1',
      kind: 'pos',
      lastSequence: 3,
      lastSeenAt: expect.any(String),
      consecutiveFailures: 0,
      state: 'online',
      revokedAt: null,
    });
    expect(byId.get(idle.deviceId)).toMatchObject({
      name: 'Spare',
      lastSequence: 0,
      lastSeenAt: null,
      state: 'offline',
    });
    expectErrorShape(await t.admin('GET', '/v1/admin/devices/unknown'), 404, 'DEVICE_NOT_FOUND');
  });

  it('lists events newest first, pages with before/next, and filters by device, type and status', async () => {
    const head = t.hub.context.ledger.head().cursor;
    const first = await t.admin('GET', '/v1/admin/events?limit=2');
    expect(first.json.events.map((e: { cursor: number }) => e.cursor)).toEqual([head, head - 1]);
    expect(first.json.next).toBe(head - 1);
    const second = await t.admin('GET', `/v1/admin/events?limit=2&before=${first.json.next}`);
    expect(second.json.events.map((e: { cursor: number }) => e.cursor)).toEqual([head - 2, head - 3]);

    const ascending = await t.admin('GET', '/v1/admin/events?after=0&limit=3');
    expect(ascending.json.events.map((e: { cursor: number }) => e.cursor)).toEqual([1, 2, 3]);
    expect(ascending.json.next).toBe(3);

    const mine = await t.admin('GET', `/v1/admin/events?deviceId=${till.deviceId}`);
    expect(mine.json.events.map((e: { event: { seq: number } }) => e.event.seq)).toEqual([3, 2, 1]);
    expect(mine.json.next).toBeNull();
    const conflicts = await t.admin('GET', '/v1/admin/events?status=conflict&type=inventory.issue');
    expect(conflicts.json.events.map((e: { cursor: number }) => e.cursor)).toEqual([pushed.results[1]!.cursor]);
    expectErrorShape(await t.admin('GET', '/v1/admin/events?status=rejected'), 400, 'INVALID_REQUEST');
  });

  it('shows one event with its hash chain and signature status', async () => {
    const cursor = pushed.results[0]!.cursor!;
    const detail = await t.admin('GET', `/v1/admin/events/${cursor}`);
    expect(detail.status).toBe(200);
    const previous = t.hub.context.ledger.log.get(cursor - 1)!;
    expect(detail.json).toEqual({
      record: expect.objectContaining({ cursor, status: 'accepted', event: expect.objectContaining({ seq: 1 }) }),
      prevHash: previous.hash,
      hash: t.hub.context.ledger.log.get(cursor)!.hash,
      chain: { ok: true },
      signature: { checked: true, ok: true },
    });
    const hubMade = await t.admin('GET', '/v1/admin/events/1');
    expect(hubMade.json).toMatchObject({ chain: { ok: true }, signature: { checked: false } });
    expectErrorShape(await t.admin('GET', '/v1/admin/events/99999'), 404, 'EVENT_NOT_FOUND');
  });

  it('lists conflicts by status', async () => {
    const open = await t.admin('GET', '/v1/admin/conflicts?status=open');
    expect(open.json.conflicts).toEqual([
      expect.objectContaining({
        id: pushed.results[1]!.conflict!.id,
        kind: 'insufficient_stock',
        status: 'open',
        deviceId: till.deviceId,
        detail: expect.objectContaining({ type: 'inventory.issue' }),
        resolution: null,
      }),
    ]);
    expect((await t.admin('GET', '/v1/admin/conflicts?status=resolved')).json.conflicts).toEqual([]);
    expect((await t.admin('GET', '/v1/admin/conflicts')).json.conflicts).toHaveLength(1);
  });

  it('publishes the device protocol as OpenAPI, with request and response schemas', async () => {
    const answer = await t.lan('GET', '/v1/openapi.json');
    expect(answer.status).toBe(200);
    const paths = answer.json.paths;
    for (const [path, method] of [
      ['/v1/pairing', 'post'],
      ['/v1/events', 'post'],
      ['/v1/events', 'get'],
      ['/v1/state', 'get'],
      ['/v1/stream', 'get'],
      ['/v1/print-jobs', 'post'],
      ['/v1/print-jobs', 'get'],
      ['/v1/print-jobs/{id}', 'get'],
      ['/v1/drawers/{id}/open', 'post'],
    ] as const) {
      expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    const ok = (path: string, method: string, status: string) =>
      paths[path][method].responses[status].content['application/json'].schema;
    expect(Object.keys(ok('/v1/pairing', 'post', '201').properties)).toEqual(
      expect.arrayContaining(['deviceId', 'token', 'hub', 'lastSequence', 'cursor']),
    );
    expect(ok('/v1/events', 'post', '200').properties.results.items.properties.status).toBeDefined();
    expect(Object.keys(ok('/v1/events', 'get', '200').properties)).toEqual(['events', 'cursor', 'hasMore']);
    expect(ok('/v1/state', 'get', '200').properties.stock).toBeDefined();
    expect(paths['/v1/events'].post.requestBody.content['application/json'].schema.properties.events.maxItems).toBe(
      500,
    );
  });
});

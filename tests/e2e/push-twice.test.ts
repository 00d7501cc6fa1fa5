/**
 * DESIGN §3 "Pushing the same batch twice changes nothing", end to end over HTTPS with a raw client (no SDK, so
 * nothing on the device side can hide a duplicate): a batch whose events end up accepted, held as a conflict,
 * resolved and refused is pushed again — sequentially, concurrently, and as the prefix of a longer retry. The ledger
 * head, every projection and the device's last_seq stay exactly as they were, and every answer repeats the original
 * result (same cursors) with `replayed: true`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import type { EventEnvelope } from '../../src/shared/protocol/envelope.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { deviceSignatureCheck } from '../../src/main/hub/sync/signature-check.js';
import type { LooseJson } from '../helpers/device-client.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';

let hub: DeviceTestHub;
const till = new TestDevice();

beforeAll(async () => {
  hub = await startDeviceTestHub();
  await seedCatalog(hub, 10);
  const closed = await hub.admin('POST', '/v1/admin/catalog/locations', {
    id: 'closed',
    name: 'Closed',
    active: false,
  });
  expect(closed.status, closed.text).toBe(201);
  await hub.pair(till, 'Till 7');
});

afterAll(async () => {
  await hub?.hub.stop();
});

const cola = (quantity: number) => ({ productId: 'cola', locationId: 'shelf', quantity });

/** Everything the hub's state is made of that a push could change. */
function hubState() {
  const { ledger, devices } = hub.hub.context;
  return {
    head: ledger.head(),
    rows: (ledger.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n,
    projections: snapshotProjections(ledger.db),
    lastSequence: devices.get(till.deviceId)!.lastSequence,
  };
}

const push = (events: EventEnvelope[]) => hub.lan('POST', '/v1/events', { token: till.token, body: { events } });

describe('the same batch pushed twice', () => {
  let batch: EventEnvelope[];
  let first: LooseJson;

  it('first push: every status of DESIGN §3 but rejected, recorded once', async () => {
    const issue = till.envelope('inventory.issue', cola(3));
    const oversell = till.envelope('inventory.issue', cola(500));
    batch = [
      issue,
      oversell,
      till.envelope('inventory.return', cola(1)),
      till.envelope('inventory.transfer', {
        productId: 'cola',
        fromLocationId: 'shelf',
        toLocationId: 'closed',
        quantity: 1,
      }),
      till.envelope('inventory.receive', cola(100)),
      till.envelope('conflict.resolve', { conflictId: `c-${oversell.id}`, action: 'modify', quantity: 2 }),
    ];
    const answer = await push(batch);
    expect(answer.status, answer.text).toBe(200);
    first = answer.json;
    expect(first.results.map((r: LooseJson) => [r.seq, r.status])).toEqual([
      [1, 'accepted'],
      [2, 'conflict'],
      [3, 'accepted'],
      [4, 'refused'],
      [5, 'refused'],
      [6, 'accepted'],
    ]);
    expect(first.results.every((r: LooseJson) => r.replayed === undefined && Number.isInteger(r.cursor))).toBe(true);
    expect(first.lastSequence).toBe(6);
    expect(first.cursor).toBe(hub.hub.context.ledger.head().cursor);
    // 10 - 3 + 1 - 2 (the modified release of the held 500)
    expect(hubState().projections.stock).toEqual([
      expect.objectContaining({ product_id: 'cola', location_id: 'shelf', quantity: 6 }),
    ]);
  });

  it('second push of the same batch: original results with replayed:true, nothing changes', async () => {
    const before = hubState();
    const answer = await push(batch);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toEqual({
      results: first.results.map((result: LooseJson) => ({ ...result, replayed: true })),
      lastSequence: first.lastSequence,
      cursor: first.cursor,
    });
    expect(hubState()).toEqual(before);
    // No new record reaches a device pulling after the head
    const pulled = await hub.lan('GET', `/v1/events?after=${before.head.cursor}&limit=10`, { token: till.token });
    expect(pulled.json).toMatchObject({ events: [], cursor: before.head.cursor, hasMore: false });
  });

  it('the same batch pushed twice at the same moment: both answers agree, nothing changes', async () => {
    const before = hubState();
    const answers = await Promise.all([push(batch), push(batch), push(batch)]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.json.results).toEqual(first.results.map((result: LooseJson) => ({ ...result, replayed: true })));
    }
    expect(hubState()).toEqual(before);
  });

  it('a retry that repeats the batch and adds new events records only the new ones, once', async () => {
    const before = hubState();
    const extra = [till.envelope('inventory.issue', cola(1)), till.envelope('inventory.return', cola(2))];
    const answer = await push([...batch, ...extra]);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.results.slice(0, batch.length)).toEqual(
      first.results.map((result: LooseJson) => ({ ...result, replayed: true })),
    );
    expect(answer.json.results.slice(batch.length)).toEqual([
      { id: extra[0]!.id, seq: 7, status: 'accepted', cursor: before.head.cursor + 1 },
      { id: extra[1]!.id, seq: 8, status: 'accepted', cursor: before.head.cursor + 2 },
    ]);
    const after = hubState();
    expect(after.rows).toBe(before.rows + 2);
    expect(after.lastSequence).toBe(8);

    // ... and pushing that whole retry again changes nothing either
    const again = await push([...batch, ...extra]);
    expect(again.json.results.every((r: LooseJson) => r.replayed === true)).toBe(true);
    expect(again.json.results.slice(batch.length).map((r: LooseJson) => r.cursor)).toEqual([
      before.head.cursor + 1,
      before.head.cursor + 2,
    ]);
    expect(hubState()).toEqual(after);

    const { db } = hub.hub.context.ledger;
    const ids = db
      .prepare<[string], { event_id: string }>('SELECT event_id FROM events WHERE device_id = ?')
      .all(till.deviceId);
    expect(ids.map((r) => r.event_id)).toEqual([...batch, ...extra].map((e) => e.id));
    expect(verifyLedger(db, [deviceSignatureCheck(db)])).toMatchObject({ ok: true });
  });
});

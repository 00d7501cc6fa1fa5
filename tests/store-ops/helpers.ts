/**
 * A real store hub on loopback for the store-operations scenarios: a catalog made through the admin API, a manager
 * (Marta, PIN 2468) and a cashier (Kasia, PIN 1111) besides the owner, signed pushes from test devices, and the
 * ledger checks every scenario ends with.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { rebuildProjections, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { deviceSignatureCheck } from '../../src/main/hub/sync/signature-check.js';
import type { EventEnvelope } from '../../src/shared/protocol/envelope.js';
import type { PushReply, PushResult } from '../../src/shared/protocol/device-api.js';
import type { LanAnswer, LooseJson } from '../helpers/device-client.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import type { TestDevice } from '../helpers/device-signer.js';

export const MANAGER_PIN = '2468';

export interface StoreHub {
  t: DeviceTestHub;
  /** Session cookies. */
  marta: string;
  kasia: string;
}

export interface Receipt {
  productId: string;
  locationId: string;
  quantity: number;
}

/** Shelf and backroom; cola at 4.50 PLN and chips at 6.99 PLN; the receipts given. Stopped after the file. */
export function storeHub(receipts: Receipt[] = [], settings: Record<string, unknown> = {}): StoreHub {
  const store = {} as StoreHub;
  beforeAll(async () => {
    store.t = await startDeviceTestHub(settings);
    const calls: Array<[string, object]> = [
      ['/v1/admin/catalog/locations', { id: 'shelf', name: 'Shelf', active: true }],
      ['/v1/admin/catalog/locations', { id: 'backroom', name: 'Backroom', active: true }],
      ['/v1/admin/catalog/products', { id: 'cola', name: 'Cola', unit: 'pcs', price: pln(450), taxRate: '23' }],
      ['/v1/admin/catalog/products', { id: 'chips', name: 'Chips', unit: 'pcs', price: pln(699), taxRate: '8' }],
      ...receipts.map((receipt): [string, object] => ['/v1/admin/inventory/receipts', receipt]),
    ];
    for (const [path, body] of calls) {
      const answer = await store.t.admin('POST', path, body);
      expect(answer.status, answer.text).toBe(201);
    }
    await store.t.hub.context.users.add({ name: 'Marta', role: 'manager', pin: MANAGER_PIN });
    await store.t.hub.context.users.add({ name: 'Kasia', role: 'cashier', pin: '1111' });
    store.marta = await store.t.login('Marta', MANAGER_PIN);
    store.kasia = await store.t.login('Kasia', '1111');
  });
  afterAll(() => store.t.hub.stop());
  return store;
}

export function pln(amount: number) {
  return { amount, currency: 'PLN' };
}

/** Pushes a device's outbox as its SDK would after reconnecting; every event must be recorded. */
export async function push(t: DeviceTestHub, device: TestDevice, events: EventEnvelope[]): Promise<PushResult[]> {
  const answer = await t.lan<PushReply>('POST', '/v1/events', { token: device.token, body: { events } });
  expect(answer.status, answer.text).toBe(200);
  expect(
    answer.json.results.map((r) => r.status),
    answer.text,
  ).not.toContain('rejected');
  return answer.json.results;
}

export function resolve(store: StoreHub, conflictId: string, body: object, cookie = store.marta): Promise<LanAnswer> {
  return store.t.admin('POST', `/v1/admin/conflicts/${conflictId}/resolve`, body, cookie);
}

export async function conflictDetail(store: StoreHub, conflictId: string): Promise<LooseJson> {
  const answer = await store.t.admin('GET', `/v1/admin/conflicts/${conflictId}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.json;
}

export function stockOf(store: StoreHub, productId: string, locationId: string): number | undefined {
  return store.t.hub.context.ledger.db
    .prepare<[string, string], { quantity: number }>(
      'SELECT quantity FROM stock WHERE product_id = ? AND location_id = ?',
    )
    .get(productId, locationId)?.quantity;
}

/** Every record that moved `productId` at `locationId`, in ledger order: the explanation of its stock figure. */
export function movementsOf(store: StoreHub, productId: string, locationId: string): Array<[string, number]> {
  return store.t.hub.context.ledger.db
    .prepare<[string, string], { type: string; delta: number }>(
      `SELECT e.type, json_extract(d.value, '$.delta') AS delta
       FROM events e, json_each(e.record, '$.outcome.stock') d
       WHERE json_extract(d.value, '$.productId') = ? AND json_extract(d.value, '$.locationId') = ?
       ORDER BY e.cursor`,
    )
    .all(productId, locationId)
    .map(({ type, delta }) => [type, delta]);
}

/** The chain and every device signature verify, and a replay of the ledger gives exactly the live projections. */
export function expectLedgerSound(store: StoreHub): void {
  const { db } = store.t.hub.context.ledger;
  const verified = verifyLedger(db, [deviceSignatureCheck(db)]);
  expect(verified.firstBreak).toBeUndefined();
  expect(verified.ok).toBe(true);
  const live = snapshotProjections(db);
  rebuildProjections(db);
  expect(snapshotProjections(db)).toEqual(live);
}

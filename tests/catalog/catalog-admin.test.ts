/**
 * The Catalog screen's API (issue 12) on a real hub: products and locations listed, searched and paged; added, edited,
 * withdrawn and brought back, each change a hub-made catalog event against the version the manager saw; barcodes
 * checked; and tills seeing every change on their next pull and in their state snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildProjections, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import type {
  AdminProduct,
  LocationList,
  LocationSaved,
  ProductList,
  ProductSaved,
} from '../../src/shared/protocol/catalog-views.js';
import type { PullReply, StateReply } from '../../src/shared/protocol/device-api.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';

const pln = (amount: number) => ({ amount, currency: 'PLN' });

describe('the Catalog screen’s API', () => {
  let t: DeviceTestHub;
  let kasia: string;
  const till = new TestDevice();
  const head = () => t.hub.context.ledger.head().cursor;

  const put = (id: string, body: object, cookie?: string) =>
    t.admin<ProductSaved>('PUT', `/v1/admin/catalog/products/${id}`, body, cookie);
  const products = async (query: string) => {
    const answer = await t.admin<ProductList>('GET', `/v1/admin/catalog/products?${query}`);
    expect(answer.status, answer.text).toBe(200);
    return answer.json;
  };

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await t.hub.context.users.add({ name: 'Kasia', role: 'cashier', pin: '1111' });
    kasia = await t.login('Kasia', '1111');
    await t.pair(till);
    const seed: Array<[string, object]> = [
      ['cola', { name: 'Cola 0.5 l', unit: 'pcs', price: pln(450), taxRate: '23', barcode: '5901234123457' }],
      ['zubr', { name: 'Żubr 0.5 l', unit: 'pcs', price: pln(399), taxRate: '23' }],
      ['bread', { name: 'Bread', unit: 'pcs', price: pln(550), taxRate: '5', barcode: '4011' }],
      ['apples', { name: 'Apples', unit: 'kg', price: pln(499), taxRate: '5', merchandiseCode: 'fruit' }],
      ['lody', { name: 'Łódź ice cream', unit: 'pcs', price: pln(899), taxRate: '8' }],
    ];
    for (const [id, fields] of seed) {
      const made = await put(id, { ...fields, active: true, expectedVersion: 0 });
      expect(made.status, made.text).toBe(200);
    }
  });
  afterAll(() => t.hub.stop());

  it('adds a product with a version-0 PUT as a hub-made catalog.product event', async () => {
    const {
      products: [cola],
    } = await products('q=cola');
    expect(cola).toEqual({
      id: 'cola',
      name: 'Cola 0.5 l',
      unit: 'pcs',
      price: pln(450),
      taxRate: '23',
      barcode: '5901234123457',
      merchandiseCode: null,
      active: true,
      version: 1,
      updatedCursor: expect.any(Number),
    } satisfies AdminProduct);
    const record = await t.admin('GET', `/v1/admin/events/${cola!.updatedCursor}`);
    expect(record.json.record.event).toMatchObject({
      type: 'catalog.product',
      actor: 'Olga',
      payload: { id: 'cola', barcode: '5901234123457' },
    });
    expect(record.json.record.event.payload).not.toHaveProperty('active');
  });

  it('lists by name in Polish order and pages with `after`', async () => {
    const all = await products('limit=50');
    expect(all.products.map((p) => p.name)).toEqual(['Apples', 'Bread', 'Cola 0.5 l', 'Łódź ice cream', 'Żubr 0.5 l']);
    expect(all).toMatchObject({ total: 5, nextAfter: null });
    const first = await products('limit=2');
    expect(first.products.map((p) => p.id)).toEqual(['apples', 'bread']);
    expect(first.nextAfter).toBe('bread');
    const second = await products('limit=2&after=bread');
    expect(second.products.map((p) => p.id)).toEqual(['cola', 'lody']);
    const third = await products('limit=2&after=lody');
    expect(third).toMatchObject({ products: [{ id: 'zubr' }], total: 5, nextAfter: null });
    expectErrorShape(await t.admin('GET', '/v1/admin/catalog/products?after=nope'), 404, 'UNKNOWN_PRODUCT');
  });

  it('searches names without case or diacritics, ids, and barcodes by their start', async () => {
    const ids = async (q: string) => (await products(`q=${encodeURIComponent(q)}`)).products.map((p) => p.id);
    expect(await ids('zubr')).toEqual(['zubr']);
    expect(await ids('ŻUBR')).toEqual(['zubr']);
    expect(await ids('lodz')).toEqual(['lody']);
    expect(await ids('0.5')).toEqual(['cola', 'zubr']);
    expect(await ids('appl')).toEqual(['apples']);
    expect(await ids('590123')).toEqual(['cola']);
    expect(await ids('4011')).toEqual(['bread']);
    expect(await ids('nothing like it')).toEqual([]);
  });

  it('changes a product against the version seen, and refuses a stale one rather than overwrite', async () => {
    const before = head();
    const changed = await put('cola', {
      name: 'Cola 0.5 l',
      unit: 'pcs',
      price: pln(499),
      taxRate: '23',
      barcode: '5901234123457',
      active: true,
      expectedVersion: 1,
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.product).toMatchObject({ price: pln(499), version: 2 });
    expect(changed.json.recorded?.cursor).toBe(before + 1);

    const stale = await put('cola', { name: 'Cola', unit: 'pcs', active: true, expectedVersion: 1 });
    expect(expectErrorShape(stale, 409, 'STALE_VERSION').message).toMatch(/at version 2/);
    expectErrorShape(
      await put('cola', { name: 'Cola', unit: 'pcs', active: true, expectedVersion: 0 }),
      409,
      'PRODUCT_EXISTS',
    );
    expectErrorShape(
      await put('ghost', { name: 'Ghost', unit: 'pcs', active: true, expectedVersion: 3 }),
      404,
      'UNKNOWN_PRODUCT',
    );
    expect(head()).toBe(before + 1);
  });

  it('records nothing when a change changes nothing', async () => {
    const before = head();
    const again = await put('cola', {
      name: 'Cola 0.5 l',
      unit: 'pcs',
      price: pln(499),
      taxRate: '23',
      barcode: '5901234123457',
      active: true,
      expectedVersion: 2,
    });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ recorded: null, product: { version: 2 } });
    expect(head()).toBe(before);
  });

  it('refuses a barcode with a wrong check digit, or one another active product scans as', async () => {
    const bad = await put('chips', {
      name: 'Chips',
      unit: 'pcs',
      barcode: '5901234123458',
      active: true,
      expectedVersion: 0,
    });
    expect(expectErrorShape(bad, 400, 'BARCODE_INVALID').message).toMatch(/should end in 7/);
    const taken = await put('chips', {
      name: 'Chips',
      unit: 'pcs',
      barcode: '5901234123457',
      active: true,
      expectedVersion: 0,
    });
    expect(expectErrorShape(taken, 409, 'BARCODE_TAKEN').message).toMatch(/belongs to product cola \(Cola 0\.5 l\)/);
    // The admin upsert keeps to the same rule.
    const upsert = await t.admin('POST', '/v1/admin/catalog/products', {
      id: 'chips',
      name: 'Chips',
      unit: 'pcs',
      barcode: '5901234123457',
    });
    expectErrorShape(upsert, 409, 'BARCODE_TAKEN');
    expectErrorShape(
      await put('chips', { name: 'Chips', unit: 'pcs', barcode: '1234567', active: true, expectedVersion: 0 }),
      400,
      'INVALID_REQUEST',
    );
  });

  it('withdraws a product and brings it back; tills see both on their next pull and in their snapshot', async () => {
    const after = head();
    const withdrawn = await put('bread', {
      name: 'Bread',
      unit: 'pcs',
      price: pln(550),
      taxRate: '5',
      barcode: '4011',
      active: false,
      expectedVersion: 1,
    });
    expect(withdrawn.json.product).toMatchObject({ active: false, version: 2 });
    expect((await products('active=false')).products.map((p) => p.id)).toEqual(['bread']);
    expect((await products('active=true')).products.map((p) => p.id)).not.toContain('bread');

    // Its barcode is free for another product while it is withdrawn…
    const reuse = await put('rolls', {
      name: 'Rolls',
      unit: 'pcs',
      barcode: '4011',
      active: true,
      expectedVersion: 0,
    });
    expect(reuse.status, reuse.text).toBe(200);
    // …and bringing it back while another one scans as it is refused.
    const back = { name: 'Bread', unit: 'pcs', price: pln(550), taxRate: '5', barcode: '4011', active: true };
    expectErrorShape(await put('bread', { ...back, expectedVersion: 2 }), 409, 'BARCODE_TAKEN');

    const pulled = await t.lan<PullReply>('GET', `/v1/events?after=${after}`, { token: till.token });
    expect(pulled.json.events.map((e) => [e.event.type, e.event.payload])).toEqual([
      [
        'catalog.product',
        { id: 'bread', name: 'Bread', unit: 'pcs', price: pln(550), taxRate: '5', barcode: '4011', active: false },
      ],
      ['catalog.product', { id: 'rolls', name: 'Rolls', unit: 'pcs', barcode: '4011' }],
    ]);
    const state = await t.lan<StateReply>('GET', '/v1/state', { token: till.token });
    const bread = state.json.catalog.products.find((p) => p.id === 'bread');
    expect(bread).toEqual({
      id: 'bread',
      name: 'Bread',
      unit: 'pcs',
      price: pln(550),
      taxRate: '5',
      barcode: '4011',
      active: false,
      version: 2,
    });
    expect(state.json.catalog.products.find((p) => p.id === 'apples')).toEqual({
      id: 'apples',
      name: 'Apples',
      unit: 'kg',
      price: pln(499),
      taxRate: '5',
      merchandiseCode: 'fruit',
      version: 1,
    });

    const rolls = (await products('q=rolls')).products[0]!;
    await put('rolls', { name: 'Rolls', unit: 'pcs', active: true, expectedVersion: rolls.version });
    const returned = await put('bread', { ...back, expectedVersion: 2 });
    expect(returned.json.product).toMatchObject({ active: true, barcode: '4011', version: 3 });
  });

  it('adds, renames, deactivates and activates locations against the version seen', async () => {
    const putLocation = (id: string, body: object, cookie?: string) =>
      t.admin<LocationSaved>('PUT', `/v1/admin/catalog/locations/${id}`, body, cookie);
    const made = await putLocation('shelf', { name: 'Shelf', active: true, expectedVersion: 0 });
    expect(made.json.location).toMatchObject({ id: 'shelf', name: 'Shelf', active: true, version: 1 });
    await putLocation('back', { name: 'Back room', active: true, expectedVersion: 0 });
    expectErrorShape(
      await putLocation('shelf', { name: 'Shelf 2', active: true, expectedVersion: 0 }),
      409,
      'LOCATION_EXISTS',
    );
    const off = await putLocation('shelf', { name: 'Front shelf', active: false, expectedVersion: 1 });
    expect(off.json.location).toMatchObject({ name: 'Front shelf', active: false, version: 2 });
    expectErrorShape(
      await putLocation('shelf', { name: 'Front shelf', active: true, expectedVersion: 1 }),
      409,
      'STALE_VERSION',
    );
    const list = await t.admin<LocationList>('GET', '/v1/admin/catalog/locations?active=false');
    expect(list.json).toMatchObject({ locations: [{ id: 'shelf', active: false }], total: 1, nextAfter: null });
    const search = await t.admin<LocationList>('GET', '/v1/admin/catalog/locations?q=back');
    expect(search.json.locations.map((l) => l.id)).toEqual(['back']);
    // A receipt to the deactivated shelf is refused as before.
    expectErrorShape(
      await t.admin('POST', '/v1/admin/inventory/receipts', { productId: 'cola', locationId: 'shelf', quantity: 1 }),
      409,
      'LOCATION_INACTIVE',
    );
    const on = await putLocation('shelf', { name: 'Front shelf', active: true, expectedVersion: 2 });
    expect(on.json.location).toMatchObject({ active: true, version: 3 });
    const state = await t.lan<StateReply>('GET', '/v1/state', { token: till.token });
    expect(state.json.catalog.locations.find((l) => l.id === 'shelf')).toEqual({
      id: 'shelf',
      name: 'Front shelf',
      active: true,
      version: 3,
    });
  });

  it('lets a cashier look but not change', async () => {
    const look = await t.admin<ProductList>('GET', '/v1/admin/catalog/products', undefined, kasia);
    expect(look.status).toBe(200);
    expectErrorShape(
      await put('cola', { name: 'Cola', unit: 'pcs', active: true, expectedVersion: 2 }, kasia),
      403,
      'FORBIDDEN',
    );
    expectErrorShape(
      await t.admin('PUT', '/v1/admin/catalog/locations/shelf', { name: 'x', active: true, expectedVersion: 3 }, kasia),
      403,
      'FORBIDDEN',
    );
  });

  it('rebuilds the catalog projections exactly from the ledger', () => {
    const db = t.hub.context.ledger.db;
    const live = snapshotProjections(db);
    expect(live.product_barcodes!.length).toBeGreaterThan(0);
    rebuildProjections(db);
    expect(snapshotProjections(db)).toEqual(live);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { rebuildProjections, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import { conflictRow, device, openStore, seedCatalog, stockOf, type Store, type TestDevice } from './helpers.js';

let store: Store;
let pos: TestDevice;

beforeEach(() => {
  store = openStore();
  seedCatalog(store, {
    products: ['cola'],
    locations: [
      { id: 'shelf', active: true },
      { id: 'backroom', active: true },
      { id: 'closed', active: false },
    ],
    stock: [{ productId: 'cola', locationId: 'shelf', quantity: 10 }],
  });
  pos = device(store, 'pos-1');
});

describe('inventory.issue', () => {
  it('takes stock out when the location holds enough', () => {
    const { decision } = pos.send('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 10 });
    expect(decision).toEqual({
      status: 'accepted',
      outcome: { stock: [{ productId: 'cola', locationId: 'shelf', delta: -10 }] },
    });
    expect(stockOf(store.db, 'cola', 'shelf')).toBe(0);
  });

  it('holds an issue the location cannot cover as an insufficient_stock conflict', () => {
    const { decision, record } = pos.send('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 11 });
    const conflictId = `c-${record.event.id}`;
    expect(decision).toEqual({
      status: 'conflict',
      outcome: {
        conflict: {
          id: conflictId,
          kind: 'insufficient_stock',
          server: { productId: 'cola', locationId: 'shelf', available: 10 },
          requested: { quantity: 11, stock: [{ productId: 'cola', locationId: 'shelf', delta: -11 }] },
          options: ['accept_server', 'retry', 'modify', 'escalate'],
        },
      },
    });
    expect(stockOf(store.db, 'cola', 'shelf')).toBe(10);
    expect(conflictRow(store.db, conflictId)).toMatchObject({
      status: 'open',
      kind: 'insufficient_stock',
      cursor: record.cursor,
      event_id: record.event.id,
      device_id: 'pos-1',
      resolved_at_cursor: null,
      resolution: null,
    });
  });

  it('counts stock never received at a location as zero', () => {
    const { decision } = pos.send('inventory.issue', { productId: 'cola', locationId: 'backroom', quantity: 1 });
    expect(decision.status).toBe('conflict');
    expect(decision.outcome?.conflict?.server).toEqual({ productId: 'cola', locationId: 'backroom', available: 0 });
  });

  it('does not stall the device: its next event is decided against stock without the held effect', () => {
    pos.send('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 50 });
    const { decision } = pos.send('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 4 });
    expect(decision.status).toBe('accepted');
    expect(stockOf(store.db, 'cola', 'shelf')).toBe(6);
  });
});

describe('inventory.return', () => {
  it('puts stock back', () => {
    const { decision } = pos.send('inventory.return', { productId: 'cola', locationId: 'backroom', quantity: 3 });
    expect(decision).toEqual({
      status: 'accepted',
      outcome: { stock: [{ productId: 'cola', locationId: 'backroom', delta: 3 }] },
    });
    expect(stockOf(store.db, 'cola', 'backroom')).toBe(3);
  });
});

describe('inventory.transfer', () => {
  const transfer = (fromLocationId: string, toLocationId: string, quantity: number) =>
    pos.send('inventory.transfer', { productId: 'cola', fromLocationId, toLocationId, quantity });

  it('moves stock from one location to the other', () => {
    const { decision } = transfer('shelf', 'backroom', 4);
    expect(decision).toEqual({
      status: 'accepted',
      outcome: {
        stock: [
          { productId: 'cola', locationId: 'shelf', delta: -4 },
          { productId: 'cola', locationId: 'backroom', delta: 4 },
        ],
      },
    });
    expect([stockOf(store.db, 'cola', 'shelf'), stockOf(store.db, 'cola', 'backroom')]).toEqual([6, 4]);
  });

  it('holds a transfer the source cannot cover, whole, as a conflict', () => {
    const { decision } = transfer('shelf', 'backroom', 12);
    expect(decision.status).toBe('conflict');
    expect(decision.outcome?.conflict).toMatchObject({
      kind: 'insufficient_stock',
      server: { productId: 'cola', locationId: 'shelf', available: 10 },
      requested: {
        quantity: 12,
        stock: [
          { productId: 'cola', locationId: 'shelf', delta: -12 },
          { productId: 'cola', locationId: 'backroom', delta: 12 },
        ],
      },
    });
    expect([stockOf(store.db, 'cola', 'shelf'), stockOf(store.db, 'cola', 'backroom')]).toEqual([10, undefined]);
  });

  it.each([
    ['to an inactive location', 'shelf', 'closed', 'LOCATION_INACTIVE'],
    ['to an unknown location', 'shelf', 'nowhere', 'UNKNOWN_LOCATION'],
    ['from an inactive location', 'closed', 'shelf', 'LOCATION_INACTIVE'],
    ['from an unknown location', 'nowhere', 'shelf', 'UNKNOWN_LOCATION'],
    ['to the location it comes from', 'shelf', 'shelf', 'SAME_LOCATION'],
  ])('refuses a transfer %s, before looking at stock', (_case, from, to, code) => {
    // 50 exceeds the shelf's stock: a refusal must win over a conflict, since no resolution could make it valid.
    const { decision } = transfer(from, to, 50);
    expect(decision.status).toBe('refused');
    expect(decision.outcome?.refusal?.code).toBe(code);
    expect(stockOf(store.db, 'cola', 'shelf')).toBe(10);
  });
});

describe('inventory.count', () => {
  it.each([
    ['lower than the books', 7, -3],
    ['higher than the books', 12, 2],
    ['equal to the books', 10, 0],
  ])('records a count %s as the delta to the counted quantity', (_case, counted, delta) => {
    const { decision } = pos.send('inventory.count', { productId: 'cola', locationId: 'shelf', counted });
    expect(decision).toEqual({
      status: 'accepted',
      outcome: { stock: [{ productId: 'cola', locationId: 'shelf', delta }], count: { previous: 10, counted } },
    });
    expect(stockOf(store.db, 'cola', 'shelf')).toBe(counted);
  });

  it('replays the recorded delta on rebuild instead of recounting', () => {
    pos.send('inventory.count', { productId: 'cola', locationId: 'shelf', counted: 4 });
    store.catalog.receive({ productId: 'cola', locationId: 'shelf', quantity: 5 }, 'test');
    const live = snapshotProjections(store.db);
    rebuildProjections(store.db);
    expect(snapshotProjections(store.db)).toEqual(live);
    expect(stockOf(store.db, 'cola', 'shelf')).toBe(9);
  });
});

describe('catalog checks', () => {
  const kinds = [
    ['inventory.issue', { quantity: 1 }],
    ['inventory.return', { quantity: 1 }],
    ['inventory.count', { counted: 1 }],
  ] as const;

  it.each(kinds)('%s of an unknown product is refused', (type, amount) => {
    const { decision } = pos.send(type, { productId: 'ghost', locationId: 'shelf', ...amount });
    expect(decision).toEqual({
      status: 'refused',
      outcome: { refusal: { code: 'UNKNOWN_PRODUCT', message: 'no product ghost' } },
    });
  });

  it.each(kinds)('%s at an unknown location is refused', (type, amount) => {
    const { decision } = pos.send(type, { productId: 'cola', locationId: 'nowhere', ...amount });
    expect(decision.outcome?.refusal?.code).toBe('UNKNOWN_LOCATION');
  });

  it.each(kinds)('%s at an inactive location is refused', (type, amount) => {
    const { decision } = pos.send(type, { productId: 'cola', locationId: 'closed', ...amount });
    expect(decision.outcome?.refusal?.code).toBe('LOCATION_INACTIVE');
  });

  it('records refusals in the ledger without touching stock or conflicts', () => {
    pos.send('inventory.issue', { productId: 'ghost', locationId: 'shelf', quantity: 1 });
    const refused = store.db.prepare("SELECT COUNT(*) AS n FROM events WHERE status = 'refused'").get();
    expect(refused).toEqual({ n: 1 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM conflicts').get()).toEqual({ n: 0 });
    expect(stockOf(store.db, 'cola', 'shelf')).toBe(10);
  });
});

import { expect, it } from 'vitest';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { rebuildProjections, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import { conflictRow, device, openStore, seedCatalog } from './helpers.js';

const issue = (quantity: number) => ({ productId: 'cola', locationId: 'shelf', quantity });

it('keeps the held event in the conflict detail, so a retry needs no log lookup', () => {
  const store = openStore();
  seedCatalog(store, { products: ['cola'], locations: [{ id: 'shelf', active: true }] });
  const { record } = device(store, 'till-a').send('inventory.issue', issue(2));
  expect(conflictRow(store.db, `c-${record.event.id}`)?.detail).toEqual({
    server: { productId: 'cola', locationId: 'shelf', available: 0 },
    requested: { quantity: 2, stock: [{ productId: 'cola', locationId: 'shelf', delta: -2 }] },
    options: ['accept_server', 'retry', 'modify', 'escalate'],
    type: 'inventory.issue',
    payload: issue(2),
  });
});

it('rebuilds the conflicts table exactly as it was live, also from a reopened file', () => {
  const store = openStore();
  seedCatalog(store, {
    products: ['cola'],
    locations: [{ id: 'shelf', active: true }],
    stock: [{ productId: 'cola', locationId: 'shelf', quantity: 4 }],
  });
  const till = device(store, 'till-a');
  const conflictIds = [5, 6, 7, 8, 9].map(
    (quantity) => `c-${till.send('inventory.issue', issue(quantity)).record.event.id}`,
  );
  const resolve = (conflictId: string, action: string, quantity?: number) =>
    till.send('conflict.resolve', { conflictId, action, ...(quantity ? { quantity } : {}) });
  resolve(conflictIds[0]!, 'accept_server');
  resolve(conflictIds[1]!, 'retry'); // refused: still short
  resolve(conflictIds[1]!, 'modify', 4);
  resolve(conflictIds[2]!, 'escalate');
  till.send('inventory.return', issue(20));
  resolve(conflictIds[3]!, 'retry');
  // conflictIds[4] stays open.

  const statuses = store.db.prepare('SELECT status, COUNT(*) AS n FROM conflicts GROUP BY status ORDER BY 1').all();
  expect(statuses).toEqual([
    { status: 'escalated', n: 1 },
    { status: 'open', n: 1 },
    { status: 'resolved', n: 3 },
  ]);
  const live = snapshotProjections(store.db);
  expect(rebuildProjections(store.db).replayed).toBe(store.ledger.head().cursor);
  expect(snapshotProjections(store.db)).toEqual(live);

  const dir = store.db.name.replace(/\/[^/]+$/, '');
  store.ledger.close();
  const reopened = Ledger.open(dir);
  try {
    rebuildProjections(reopened.db);
    expect(snapshotProjections(reopened.db)).toEqual(live);
  } finally {
    reopened.close();
  }
});

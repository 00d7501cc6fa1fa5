/**
 * The Stock screen's reads through a real hub (issue 12): levels marked negative and discrepant with the open stock
 * conflicts beside them, a product's movement history with its device and person, and count sheets as CSV and JSON.
 * The movements projection is checked against the stock projection (the level each record left chains to the level
 * now), against a replay of the ledger, and against what its migration backfills from an older ledger.
 */
import { describe, expect, it } from 'vitest';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import { EventLog } from '../../src/main/hub/ledger/event-log.js';
import { migrations } from '../../src/main/hub/ledger/migrations/index.js';
import { ledgerFile, openDatabase } from '../../src/main/hub/ledger/open-database.js';
import {
  applyProjections,
  rebuildProjections,
  snapshotProjections,
} from '../../src/main/hub/ledger/projections/index.js';
import { stockMovementsProjector } from '../../src/main/hub/ledger/projections/stock-movements-projector.js';
import { stockProjector } from '../../src/main/hub/ledger/projections/stock-projector.js';
import type { AppendEntry } from '../../src/main/hub/ledger/ledger.js';
import type { StockList, StockMovementPage, CountSheet } from '../../src/shared/protocol/stock-views.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape, fetchAnswer } from '../helpers/ledger-http.js';
import { sampleEntries, tempDir } from '../helpers/ledger-testkit.js';
import { sale, tenders } from '../sales/sale-builders.js';
import { expectLedgerSound, movementsOf, push, resolve, stockOf, storeHub } from '../store-ops/helpers.js';

describe('stock reads through the admin API', () => {
  const store = storeHub([
    { productId: 'cola', locationId: 'shelf', quantity: 20 },
    { productId: 'cola', locationId: 'backroom', quantity: 4 },
    { productId: 'chips', locationId: 'shelf', quantity: 5 },
  ]);
  const till = new TestDevice();
  const handheld = new TestDevice();
  const stock = async (query = '') => {
    const answer = await store.t.admin<StockList>('GET', `/v1/admin/stock${query}`);
    expect(answer.status, answer.text).toBe(200);
    return answer.json;
  };
  const movements = async (productId: string, query = '') => {
    const answer = await store.t.admin<StockMovementPage>('GET', `/v1/admin/stock/${productId}/movements${query}`);
    expect(answer.status, answer.text).toBe(200);
    return answer.json;
  };
  const level = (list: StockList, productId: string, locationId: string) =>
    list.levels.find((l) => l.productId === productId && l.locationId === locationId)!;

  it('lists each level with names, marks none while the books and the shelf agree', async () => {
    await store.t.pair(till, 'Till 1');
    await store.t.pair(handheld, 'Handheld', 'handheld');
    const list = await stock();
    expect(list.levels.map((l) => [l.productName, l.locationName, l.quantity])).toEqual([
      ['Chips', 'Shelf', 5],
      ['Cola', 'Backroom', 4],
      ['Cola', 'Shelf', 20],
    ]);
    expect(list.levels.every((l) => !l.negative && !l.discrepant && l.lastCount === null)).toBe(true);
    expect(list.total).toBe(3);
    expect(list.conflicts).toEqual([]);
    expect(list.products.map((p) => p.id)).toEqual(['chips', 'cola']);
    expect(list.locations.map((l) => l.name)).toEqual(['Backroom', 'Shelf']);
  });

  it('a sale beyond the books goes negative and is discrepant, beside its open conflict', async () => {
    const sell = (saleId: string, productId: string, quantity: number, price: number) =>
      till.envelope(
        'sale.complete',
        sale(saleId, 'shelf', [[productId, quantity, price]], tenders(['cash', quantity * price]), {
          cashierId: 'kasia',
        }),
      );
    const count = (counted: number) =>
      handheld.envelope('inventory.count', { productId: 'chips', locationId: 'shelf', counted });
    expect((await push(store.t, till, [sell('s-1', 'cola', 3, 450)]))[0]!.status).toBe('accepted');
    expect((await push(store.t, handheld, [count(4)]))[0]!.status).toBe('accepted');
    expect((await push(store.t, till, [sell('s-2', 'chips', 6, 699)]))[0]!.status).toBe('accepted');

    const list = await stock();
    const chips = level(list, 'chips', 'shelf');
    expect(chips).toMatchObject({ quantity: -2, negative: true, discrepant: true });
    expect(chips.lastCount).toMatchObject({ expected: 5, counted: 4 });
    expect(list.conflicts).toHaveLength(1);
    expect(list.conflicts[0]).toMatchObject({
      kind: 'stock_discrepancy',
      status: 'open',
      places: [{ productId: 'chips', locationId: 'shelf' }],
    });
    expect(chips.conflictIds).toEqual([list.conflicts[0]!.id]);
    expect(level(list, 'cola', 'shelf')).toMatchObject({ quantity: 17, negative: false, discrepant: false });

    expect((await stock('?onlyNegative=true')).levels.map((l) => l.productId)).toEqual(['chips']);
    expect((await stock('?onlyDiscrepant=true')).levels.map((l) => l.productId)).toEqual(['chips']);
    expect((await stock('?locationId=backroom')).levels.map((l) => l.quantity)).toEqual([4]);
    expect((await stock('?search=CO')).levels.map((l) => l.locationId)).toEqual(['backroom', 'shelf']);
    const paged = await stock('?limit=2&offset=2');
    expect([paged.total, paged.offset, paged.levels.length]).toEqual([3, 2, 1]);
  });

  it("a product's history: every record that moved it, newest first, with device, person and the level it left", async () => {
    const history = await movements('chips');
    expect(history.product).toEqual({ id: 'chips', name: 'Chips', unit: 'pcs' });
    expect(history.levels).toEqual([{ locationId: 'shelf', locationName: 'Shelf', quantity: -2 }]);
    expect(history.movements.map((m) => [m.type, m.delta, m.quantityAfter, m.count])).toEqual([
      ['sale.complete', -6, -2, false],
      ['inventory.count', -1, 4, true],
      ['inventory.receive', 5, 5, false],
    ]);
    const [sold, counted, received] = history.movements;
    expect(sold).toMatchObject({ deviceId: till.deviceId, deviceName: 'Till 1', cashierId: 'kasia', saleId: 's-2' });
    expect(counted).toMatchObject({ deviceName: 'Handheld', cashierId: null, actor: null });
    expect(received).toMatchObject({ deviceId: null, actor: 'Olga', status: 'accepted' });
    expect(history.nextBefore).toBeNull();
    // The same records the ledger's own outcomes hold.
    expect(movementsOf(store, 'chips', 'shelf').reverse()).toEqual(history.movements.map((m) => [m.type, m.delta]));
  });

  it('a manager’s count settling the conflict clears the conflict mark; a matching count clears the last one', async () => {
    const conflictId = (await stock()).conflicts[0]!.id;
    const settled = await resolve(store, conflictId, { action: 'acknowledge', quantity: 1 });
    expect(settled.status, settled.text).toBe(200);
    let chips = level(await stock(), 'chips', 'shelf');
    expect(chips).toMatchObject({
      quantity: 1,
      conflictIds: [],
      discrepant: true,
      lastCount: { expected: -2, counted: 1 },
    });
    const adjustment = (await movements('chips')).movements[0]!;
    expect(adjustment).toMatchObject({
      type: 'inventory.adjustment',
      delta: 3,
      count: true,
      actor: 'Marta',
      conflictId,
    });

    await push(store.t, handheld, [
      handheld.envelope('inventory.count', { productId: 'chips', locationId: 'shelf', counted: 1 }),
    ]);
    chips = level(await stock(), 'chips', 'shelf');
    expect(chips).toMatchObject({ quantity: 1, discrepant: false, lastCount: { expected: 1, counted: 1 } });
    expect((await stock('?onlyDiscrepant=true')).levels).toEqual([]);
  });

  it('pages a history without splitting a record: a transfer’s two rows stay on one page', async () => {
    await push(store.t, handheld, [
      handheld.envelope('inventory.transfer', {
        productId: 'cola',
        fromLocationId: 'backroom',
        toLocationId: 'shelf',
        quantity: 2,
      }),
      ...Array.from({ length: 9 }, () =>
        handheld.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 1 }),
      ),
    ]);
    const first = await movements('cola', '?limit=10');
    expect(first.movements.map((m) => m.type)).toEqual(Array(9).fill('inventory.issue'));
    expect(first.nextBefore).toBe(first.movements[8]!.cursor);
    const second = await movements('cola', `?limit=10&before=${first.nextBefore}`);
    expect(second.movements.slice(0, 2).map((m) => [m.type, m.locationName, m.delta])).toEqual([
      ['inventory.transfer', 'Backroom', -2],
      ['inventory.transfer', 'Shelf', 2],
    ]);
    expect(second.nextBefore).toBeNull();
    // Per location, the level each record left chains to the level now.
    const all = [...first.movements, ...second.movements];
    for (const locationId of ['shelf', 'backroom']) {
      const here = all.filter((m) => m.locationId === locationId);
      expect(here[0]!.quantityAfter).toBe(stockOf(store, 'cola', locationId));
      for (let i = 0; i + 1 < here.length; i += 1)
        expect(here[i]!.quantityAfter - here[i]!.delta).toBe(here[i + 1]!.quantityAfter);
      expect(here.at(-1)!.quantityAfter).toBe(here.at(-1)!.delta);
    }
    expect((await movements('cola', '?locationId=backroom')).movements.map((m) => m.delta)).toEqual([-2, 4]);
    expect(await movements('no-such-product')).toEqual({ product: null, levels: [], movements: [], nextBefore: null });
  });

  it('count sheets: every product at a location as CSV (blind too) and JSON, all active locations without one', async () => {
    const csv = async (query: string) => {
      const answer = await fetchAnswer(`${store.t.uiUrl}/v1/admin/stock/count-sheet${query}`, {
        headers: { cookie: store.kasia },
      });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="count-sheet-[a-z]+\.csv"$/);
      return answer.text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
    };
    expect(await csv('?locationId=backroom')).toEqual([
      'Location ID,Location,Product ID,Product,Unit,On the books,Counted',
      'backroom,Backroom,chips,Chips,pcs,0,',
      'backroom,Backroom,cola,Cola,pcs,2,',
    ]);
    expect(await csv('?locationId=backroom&blind=true')).toEqual([
      'Location ID,Location,Product ID,Product,Unit,Counted',
      'backroom,Backroom,chips,Chips,pcs,',
      'backroom,Backroom,cola,Cola,pcs,',
    ]);
    expect((await csv('')).slice(1).map((line) => line.split(',')[0])).toEqual([
      'backroom',
      'backroom',
      'shelf',
      'shelf',
    ]);

    const json = await store.t.admin<CountSheet>('GET', '/v1/admin/stock/count-sheet?locationId=shelf&format=json');
    expect(json.status).toBe(200);
    expect(json.json.locations).toEqual([
      {
        locationId: 'shelf',
        locationName: 'Shelf',
        lines: [
          { productId: 'chips', productName: 'Chips', unit: 'pcs', expected: stockOf(store, 'chips', 'shelf') },
          { productId: 'cola', productName: 'Cola', unit: 'pcs', expected: stockOf(store, 'cola', 'shelf') },
        ],
      },
    ]);
    // A withdrawn product is left off where the books hold none, and stays where some must still be counted.
    const withdrawn = await store.t.admin('POST', '/v1/admin/catalog/products', {
      id: 'chips',
      name: 'Chips',
      unit: 'pcs',
      active: false,
    });
    expect(withdrawn.status, withdrawn.text).toBe(201);
    expect((await csv('?locationId=backroom')).slice(1)).toEqual(['backroom,Backroom,cola,Cola,pcs,2,']);
    expect((await csv('?locationId=shelf')).slice(1).map((line) => line.split(',')[2])).toEqual(['chips', 'cola']);
    expectErrorShape(
      await store.t.admin('GET', '/v1/admin/stock/count-sheet?locationId=attic'),
      404,
      'LOCATION_NOT_FOUND',
    );
    expectErrorShape(await store.t.admin('GET', '/v1/admin/stock?limit=0'), 400, 'INVALID_REQUEST');
    expectErrorShape(await store.t.admin('GET', '/v1/admin/stock', undefined, ''), 401, 'UNAUTHENTICATED');
  });

  it('leaves the ledger sound: a replay gives the same movements', () => {
    expectLedgerSound(store);
  });
});

describe('migration 15', () => {
  it('backfills the movements of an older ledger exactly as the projector writes them record by record', () => {
    const file = ledgerFile(tempDir());
    const older = openDatabase({ file, migrations: migrations.filter((m) => m.version < 15) });
    // The stock projection as an older Backroom kept it; the movements are what migration 15 must make of the log.
    const thenProjected = [stockProjector];
    const stock = (productId: string, locationId: string, delta: number) => ({ productId, locationId, delta });
    const entries: AppendEntry[] = [
      ...sampleEntries(60),
      {
        status: 'accepted',
        event: hubEvent('inventory.count', { productId: 'cola', locationId: 'shelf', counted: 3 }, 'test'),
        outcome: { stock: [stock('cola', 'shelf', -4)], count: { previous: 7, counted: 3 } },
      },
      {
        status: 'accepted',
        event: hubEvent(
          'inventory.adjustment',
          { conflictId: 'c', productId: 'gum', locationId: 'cooler', delta: 2, reason: 'count' },
          'm',
        ),
        outcome: { stock: [stock('gum', 'cooler', 2)] },
      },
      {
        status: 'accepted',
        event: hubEvent(
          'inventory.transfer',
          { productId: 'cola', fromLocationId: 'shelf', toLocationId: 'cooler', quantity: 1 },
          'm',
        ),
        outcome: { stock: [stock('cola', 'shelf', -1), stock('cola', 'cooler', 1)] },
      },
      {
        status: 'accepted',
        event: hubEvent('conflict.resolved', { conflictId: 'x', action: 'force' }, 'm'),
        outcome: { stock: [stock('cola', 'shelf', -1), stock('cola', 'shelf', -2)] },
      },
    ];
    const log = new EventLog(older);
    older.transaction(() => {
      for (const entry of entries) applyProjections(older, log.append(entry), thenProjected);
    })();
    older.close();

    const db = openDatabase({ file });
    try {
      const backfilled = snapshotProjections(db, [stockMovementsProjector]);
      expect(backfilled.stock_movements!.length).toBeGreaterThan(40);
      rebuildProjections(db, [stockMovementsProjector]);
      expect(snapshotProjections(db, [stockMovementsProjector])).toEqual(backfilled);
      const counts = db.prepare('SELECT product_id, location_id, delta FROM stock_movements WHERE is_count = 1').all();
      expect(counts).toEqual([
        { product_id: 'cola', location_id: 'shelf', delta: -4 },
        { product_id: 'gum', location_id: 'cooler', delta: 2 },
      ]);
      // Two deltas of one record at one place are one movement.
      const last = db
        .prepare(
          'SELECT delta, quantity_after FROM stock_movements WHERE product_id = ? AND location_id = ? ORDER BY cursor DESC',
        )
        .get('cola', 'shelf');
      const level = db
        .prepare('SELECT quantity FROM stock WHERE product_id = ? AND location_id = ?')
        .get('cola', 'shelf') as {
        quantity: number;
      };
      expect(last).toEqual({ delta: -3, quantity_after: level.quantity });
    } finally {
      db.close();
    }
  });
});

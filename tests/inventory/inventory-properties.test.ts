import fc from 'fast-check';
import { expect, it } from 'vitest';
import { RESOLUTION_ACTIONS } from '../../src/shared/protocol/inventory-payloads.js';
import { rebuildProjections, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import { device, openStore, seedCatalog, type Store, type TestDevice } from './helpers.js';

const PRODUCTS = ['cola', 'chips'];
// 'closed' starts inactive; the manager may flip any location during a run.
const LOCATIONS = ['shelf', 'backroom', 'closed'];
const DEVICE_IDS = ['till-a', 'till-b', 'handheld'];

const product = fc.constantFrom(...PRODUCTS);
const location = fc.constantFrom(...LOCATIONS);
const quantity = fc.integer({ min: 1, max: 8 });
const by = fc.nat({ max: DEVICE_IDS.length - 1 });

const step = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('issue' as const, 'return' as const),
      by,
      product,
      location,
      quantity,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      by,
      product,
      from: location,
      to: location,
      quantity,
    }),
  },
  fc.record({ kind: fc.constant('count' as const), by, product, location, counted: fc.integer({ min: 0, max: 12 }) }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('resolve' as const),
      by,
      // Mostly the device's own conflicts, sometimes anyone's, so NOT_YOUR_CONFLICT gets exercised too.
      own: fc.constantFrom(true, true, true, false),
      pick: fc.nat(),
      action: fc.constantFrom(...RESOLUTION_ACTIONS),
      quantity: fc.option(quantity, { nil: undefined }),
    }),
  },
  fc.record({ kind: fc.constant('toggle' as const), location, active: fc.boolean() }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const scenario = fc.record({
  deviceCount: fc.integer({ min: 2, max: 3 }),
  opening: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 4, maxLength: 4 }),
  steps: fc.array(step, { minLength: 5, maxLength: 50, size: 'max' }),
});

interface Conflict {
  id: string;
  owner: string;
}

function play(store: Store, tills: TestDevice[], conflicts: Conflict[], s: Step): void {
  if (s.kind === 'toggle') {
    store.catalog.upsertLocation({ id: s.location, name: s.location, active: s.active }, 'manager');
    return;
  }
  const till = tills[s.by % tills.length]!;
  if (s.kind === 'resolve') {
    const mine = conflicts.filter((c) => c.owner === till.id);
    const candidates = s.own && mine.length > 0 ? mine : conflicts;
    const conflictId = candidates[s.pick % Math.max(candidates.length, 1)]?.id ?? 'c-none';
    till.send('conflict.resolve', { conflictId, action: s.action, ...(s.quantity ? { quantity: s.quantity } : {}) });
    return;
  }
  const sent =
    s.kind === 'transfer'
      ? till.send('inventory.transfer', {
          productId: s.product,
          fromLocationId: s.from,
          toLocationId: s.to,
          quantity: s.quantity,
        })
      : s.kind === 'count'
        ? till.send('inventory.count', { productId: s.product, locationId: s.location, counted: s.counted })
        : till.send(`inventory.${s.kind}`, { productId: s.product, locationId: s.location, quantity: s.quantity });
  const conflict = sent.decision.outcome?.conflict;
  if (conflict) conflicts.push({ id: conflict.id, owner: till.id });
}

function lowestStock(store: Store): number {
  return store.db.prepare<[], { low: number | null }>('SELECT MIN(quantity) AS low FROM stock').get()?.low ?? 0;
}

it('any interleaving of device events: rebuild equals live, stock never negative, one row per conflict', () => {
  fc.assert(
    fc.property(scenario, ({ deviceCount, opening, steps }) => {
      const store = openStore();
      try {
        seedCatalog(store, {
          products: PRODUCTS,
          locations: LOCATIONS.map((id) => ({ id, active: id !== 'closed' })),
          stock: [0, 1, 2, 3]
            .map((i) => ({ productId: PRODUCTS[i % 2]!, locationId: LOCATIONS[i >> 1]!, quantity: opening[i]! }))
            .filter((receipt) => receipt.quantity > 0),
        });
        const tills = DEVICE_IDS.slice(0, deviceCount).map((id) => device(store, id));
        const conflicts: Conflict[] = [];
        for (const s of steps) {
          play(store, tills, conflicts, s);
          expect(lowestStock(store)).toBeGreaterThanOrEqual(0);
        }

        const conflictRecords = store.db
          .prepare<[], { event_id: string }>("SELECT event_id FROM events WHERE status = 'conflict' ORDER BY 1")
          .all();
        const rows = store.db.prepare('SELECT id, event_id FROM conflicts ORDER BY event_id').all();
        expect(rows).toEqual(conflictRecords.map(({ event_id }) => ({ id: `c-${event_id}`, event_id })));

        // A held effect is released or discarded at most once, whatever the devices send.
        const closedTwice = store.db
          .prepare(
            `SELECT json_extract(record, '$.outcome.resolution.conflictId') AS id, COUNT(*) AS n FROM events
             WHERE status = 'accepted' AND json_extract(record, '$.outcome.resolution.action') != 'escalate'
             GROUP BY id HAVING n > 1`,
          )
          .all();
        expect(closedTwice).toEqual([]);

        const live = snapshotProjections(store.db);
        rebuildProjections(store.db);
        expect(snapshotProjections(store.db)).toEqual(live);
      } finally {
        store.dispose();
      }
    }),
    { numRuns: 100 },
  );
});

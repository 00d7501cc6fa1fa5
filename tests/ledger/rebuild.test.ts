import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import type { RecordStatus } from '../../src/main/hub/ledger/event-log.js';
import { Ledger, type AppendEntry } from '../../src/main/hub/ledger/ledger.js';
import { rebuildProjections, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import { runCli } from '../helpers/ledger-processes.js';
import { receiveEntry, seedLedger, tempDir } from '../helpers/ledger-testkit.js';

describe('projection rebuild', () => {
  it('rebuildProjections reproduces the live projections after many events, refused and held ones included', () => {
    const ledger = Ledger.open(tempDir());
    try {
      seedLedger(ledger, 600, 40);
      // Records that are in the ledger but must not move stock or change the catalog.
      ledger.append([
        receiveEntry('cola', 'shelf', 500, 'refused'),
        receiveEntry('gum', 'cooler', 70, 'conflict'),
        { status: 'refused', event: hubEvent('catalog.product', { id: 'ghost', name: 'never', unit: 'pcs' }, 'test') },
      ]);
      seedLedger(ledger, 100, 1);

      const live = snapshotProjections(ledger.db);
      expect(live.products!.length).toBeGreaterThan(3);
      expect(live.locations!.length).toBe(3);
      expect(live.stock!.length).toBeGreaterThan(5);
      expect(live.products!.map((p) => (p as { id: string }).id)).not.toContain('ghost');
      const counts = live.event_counts as Array<{ type: string; status: string; count: number }>;
      expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(703);
      expect(counts).toContainEqual({ type: 'inventory.receive', status: 'refused', count: 1 });

      const { replayed } = rebuildProjections(ledger.db);
      expect(replayed).toBe(703);
      expect(snapshotProjections(ledger.db)).toEqual(live);
    } finally {
      ledger.close();
    }
  });

  it('`backroom ledger rebuild` repairs damaged projections to exactly the live state', async () => {
    const dataDir = tempDir();
    const ledger = Ledger.open(dataDir);
    const live = (() => {
      try {
        seedLedger(ledger, 400, 50);
        const snapshot = snapshotProjections(ledger.db);
        // Damage every projection the way a bug or a hand edit would.
        ledger.db.exec(`
          UPDATE stock SET quantity = quantity + 1000;
          DELETE FROM products WHERE id = 'cola';
          UPDATE locations SET name = 'wrong';
          DELETE FROM event_counts WHERE type = 'catalog.location';
          INSERT INTO stock (product_id, location_id, quantity, updated_at) VALUES ('phantom', 'shelf', 5, 1);
        `);
        expect(snapshotProjections(ledger.db)).not.toEqual(snapshot);
        return snapshot;
      } finally {
        ledger.close();
      }
    })();

    const run = await runCli(['ledger', 'rebuild', '--data-dir', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('projections rebuilt from 400 records');

    const reopened = Ledger.open(dataDir);
    try {
      expect(snapshotProjections(reopened.db)).toEqual(live);
    } finally {
      reopened.close();
    }
  });

  describe('property: live projections == rebuilt projections', () => {
    type Command =
      | { kind: 'location'; id: string; name: string; active: boolean; status: RecordStatus }
      | {
          kind: 'product';
          id: string;
          name: string;
          price: number | null;
          taxRate: string | null;
          status: RecordStatus;
        }
      | { kind: 'receive'; productId: string; locationId: string; quantity: number; status: RecordStatus };

    const locationId = fc.constantFrom('shelf', 'cooler', 'back');
    const productId = fc.constantFrom('p1', 'p2', 'p3', 'p4');
    // Mostly accepted, as in a real store; refused and conflict records must leave projections alone.
    const status = fc.constantFrom<RecordStatus>('accepted', 'accepted', 'accepted', 'accepted', 'refused', 'conflict');
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({
        kind: fc.constant('location' as const),
        id: locationId,
        name: fc.string({ minLength: 1, maxLength: 12 }),
        active: fc.boolean(),
        status,
      }),
      fc.record({
        kind: fc.constant('product' as const),
        id: productId,
        name: fc.string({ minLength: 1, maxLength: 12 }),
        price: fc.option(fc.integer({ min: 0, max: 100_000 })),
        taxRate: fc.option(fc.constantFrom('23', '8', '5', 'zw')),
        status,
      }),
      fc.record({
        kind: fc.constant('receive' as const),
        productId,
        locationId,
        quantity: fc.integer({ min: 1, max: 1000 }),
        status,
      }),
      fc.record({
        kind: fc.constant('receive' as const),
        productId,
        locationId,
        quantity: fc.integer({ min: 1, max: 1000 }),
        status,
      }),
    );
    // Commands grouped into transactions of 1..4, as the hub appends them.
    const batches = fc.array(fc.array(command, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 });

    function toEntry(c: Command): AppendEntry {
      switch (c.kind) {
        case 'location':
          return {
            status: c.status,
            event: hubEvent('catalog.location', { id: c.id, name: c.name, active: c.active }, 'prop'),
          };
        case 'product':
          return {
            status: c.status,
            event: hubEvent(
              'catalog.product',
              {
                id: c.id,
                name: c.name,
                unit: 'pcs',
                ...(c.price === null ? {} : { price: { amount: c.price, currency: 'PLN' } }),
                ...(c.taxRate === null ? {} : { taxRate: c.taxRate }),
              },
              'prop',
            ),
          };
        case 'receive':
          return receiveEntry(c.productId, c.locationId, c.quantity, c.status);
      }
    }

    it('holds for random sequences of catalog and receive events (and stock matches a simple model)', () => {
      const root = tempDir();
      let run = 0;
      fc.assert(
        fc.property(batches, (groups) => {
          run += 1;
          const ledger = Ledger.open(path.join(root, `run-${run}`));
          try {
            for (const group of groups) ledger.append(group.map(toEntry));

            const live = snapshotProjections(ledger.db);
            const model = new Map<string, number>();
            for (const c of groups.flat()) {
              if (c.kind !== 'receive' || c.status !== 'accepted') continue;
              const key = `${c.productId}|${c.locationId}`;
              model.set(key, (model.get(key) ?? 0) + c.quantity);
            }
            const stock = (live.stock as Array<{ product_id: string; location_id: string; quantity: number }>).map(
              (row) => [`${row.product_id}|${row.location_id}`, row.quantity] as const,
            );
            expect(new Map(stock)).toEqual(model);

            rebuildProjections(ledger.db);
            expect(snapshotProjections(ledger.db)).toEqual(live);
          } finally {
            ledger.close();
          }
        }),
        { numRuns: 60 },
      );
    });
  });
});

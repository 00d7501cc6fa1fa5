import type { Database } from 'better-sqlite3';
import type { LedgerRecord } from '../event-log.js';
import type { StockDelta } from '../outcomes.js';
import { prepared } from './prepared.js';
import type { Projector } from './projector.js';

/** A count states what is on the shelf: a device's inventory.count, or the units a manager counted settling a conflict. */
function isCount(record: LedgerRecord): boolean {
  const { type, payload } = record.event;
  return type === 'inventory.count' || (type === 'inventory.adjustment' && payload.reason === 'count');
}

/** One record's deltas summed per product × location, in first-seen order. */
function perPlace(deltas: readonly StockDelta[]): StockDelta[] {
  const byPlace = new Map<string, StockDelta>();
  for (const { productId, locationId, delta } of deltas) {
    const key = `${productId}\u0000${locationId}`;
    const place = byPlace.get(key) ?? { productId, locationId, delta: 0 };
    place.delta += delta;
    byPlace.set(key, place);
  }
  return [...byPlace.values()];
}

/**
 * Every record that moved stock, per product × location, with the level it left: what the Stock screen shows as a
 * product's history and reads a place's last count from. It applies exactly the deltas the stock projector applies
 * (any record's `outcome.stock`), and keeps its own running level, so it depends on no other projection's table.
 */
export const stockMovementsProjector: Projector = {
  name: 'stock-movements',
  tables: ['stock_movements'],
  apply(db: Database, record: LedgerRecord) {
    const deltas = (record.outcome?.stock ?? []) as StockDelta[];
    if (deltas.length === 0) return;
    const level = prepared(
      db,
      `SELECT quantity_after FROM stock_movements WHERE product_id = ? AND location_id = ?
       ORDER BY cursor DESC LIMIT 1`,
    );
    const insert = prepared(
      db,
      `INSERT INTO stock_movements (product_id, location_id, cursor, delta, quantity_after, is_count)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const count = isCount(record) ? 1 : 0;
    for (const { productId, locationId, delta } of perPlace(deltas)) {
      const before = (level.get(productId, locationId) as { quantity_after: number } | undefined)?.quantity_after ?? 0;
      insert.run(productId, locationId, record.cursor, delta, before + delta, count);
    }
  },
};

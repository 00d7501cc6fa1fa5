import type { Database, Statement } from 'better-sqlite3';

/**
 * The projection reads the inventory deciders decide against. The caller guarantees every earlier record is
 * applied, so these are the state at the deciding event's ledger position.
 */

export type LocationState = 'active' | 'inactive' | 'unknown';

interface Queries {
  product: Statement<[string], { id: string }>;
  location: Statement<[string], { active: number }>;
  stock: Statement<[string, string], { quantity: number }>;
}

// Deciders run once per ingested event; preparing the same SQL every time would dominate a batch push.
const queriesByDb = new WeakMap<Database, Queries>();

function queries(db: Database): Queries {
  let prepared = queriesByDb.get(db);
  if (!prepared) {
    prepared = {
      product: db.prepare('SELECT id FROM products WHERE id = ?'),
      location: db.prepare('SELECT active FROM locations WHERE id = ?'),
      stock: db.prepare('SELECT quantity FROM stock WHERE product_id = ? AND location_id = ?'),
    };
    queriesByDb.set(db, prepared);
  }
  return prepared;
}

export function productExists(db: Database, productId: string): boolean {
  return queries(db).product.get(productId) !== undefined;
}

export function locationState(db: Database, locationId: string): LocationState {
  const row = queries(db).location.get(locationId);
  if (!row) return 'unknown';
  return row.active ? 'active' : 'inactive';
}

/** On-hand quantity; a product never moved at a location has 0. */
export function stockAt(db: Database, productId: string, locationId: string): number {
  return queries(db).stock.get(productId, locationId)?.quantity ?? 0;
}

/** On-hand quantity at each place, in the shape conflicts record what a location held. */
export function stockLevels(
  db: Database,
  places: ReadonlyArray<{ productId: string; locationId: string }>,
): Array<{ productId: string; locationId: string; available: number }> {
  return places.map(({ productId, locationId }) => ({
    productId,
    locationId,
    available: stockAt(db, productId, locationId),
  }));
}

import type { Database, Statement } from 'better-sqlite3';

/**
 * The projection reads the inventory deciders decide against. The caller guarantees every earlier record is
 * applied, so these are the state at the deciding event's ledger position.
 */

export type LocationState = 'active' | 'inactive' | 'unknown';

export type ConflictStatus = 'open' | 'escalated' | 'resolved';

/** A conflict as the conflicts projection holds it, with the event whose effect it holds. */
export interface HeldConflict {
  status: ConflictStatus;
  deviceId: string | null;
  heldEvent: { type: string; payload: Record<string, unknown> };
}

interface ConflictRow {
  status: ConflictStatus;
  device_id: string | null;
  detail: string;
}

interface Queries {
  product: Statement<[string], { id: string }>;
  location: Statement<[string], { active: number }>;
  stock: Statement<[string, string], { quantity: number }>;
  conflict: Statement<[string], ConflictRow>;
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
      conflict: db.prepare('SELECT status, device_id, detail FROM conflicts WHERE id = ?'),
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

export function findConflict(db: Database, conflictId: string): HeldConflict | undefined {
  const row = queries(db).conflict.get(conflictId);
  if (!row) return undefined;
  const { type, payload } = JSON.parse(row.detail) as HeldConflict['heldEvent'];
  return { status: row.status, deviceId: row.device_id, heldEvent: { type, payload } };
}

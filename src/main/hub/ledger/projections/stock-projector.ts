import type { Database } from 'better-sqlite3';
import type { LedgerRecord } from '../event-log.js';
import type { StockDelta } from '../outcomes.js';
import { prepared } from './prepared.js';
import type { Projector } from './projector.js';

/** Stock per product × location: the sum of the deltas the domain put in each record's outcome. */
export const stockProjector: Projector = {
  name: 'stock',
  tables: ['stock'],
  apply(db: Database, record: LedgerRecord) {
    const deltas = (record.outcome?.stock ?? []) as StockDelta[];
    if (deltas.length === 0) return;
    const upsert = prepared(
      db,
      `INSERT INTO stock (product_id, location_id, quantity, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(product_id, location_id) DO UPDATE SET quantity = quantity + excluded.quantity,
         updated_at = excluded.updated_at`,
    );
    for (const d of deltas) upsert.run(d.productId, d.locationId, d.delta, record.cursor);
  },
};

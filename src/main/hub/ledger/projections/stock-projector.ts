import type { Database } from 'better-sqlite3';
import type { LedgerRecord } from '../event-log.js';
import type { Projector } from './projector.js';

interface StockPayload {
  productId: string;
  locationId: string;
  quantity: number;
}

/** Signed stock movement an accepted record causes, per product × location. */
function movements(record: LedgerRecord): Array<{ productId: string; locationId: string; delta: number }> {
  const p = record.event.payload as unknown as StockPayload;
  switch (record.event.type) {
    case 'inventory.receive':
      return [{ productId: p.productId, locationId: p.locationId, delta: p.quantity }];
    default:
      return [];
  }
}

export const stockProjector: Projector = {
  name: 'stock',
  tables: ['stock'],
  apply(db: Database, record: LedgerRecord) {
    if (record.status !== 'accepted') return;
    const upsert = db.prepare(
      `INSERT INTO stock (product_id, location_id, quantity, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(product_id, location_id) DO UPDATE SET quantity = quantity + excluded.quantity,
         updated_at = excluded.updated_at`,
    );
    for (const m of movements(record)) upsert.run(m.productId, m.locationId, m.delta, record.cursor);
  },
};

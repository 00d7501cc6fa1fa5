import type { Database } from 'better-sqlite3';
import type { LedgerRecord } from '../event-log.js';
import { prepared } from './prepared.js';
import type { Projector } from './projector.js';

/**
 * Each product's barcode and whether it is withdrawn, as its latest catalog.product event says (issue 12): a product
 * whose latest event has no barcode has no `product_barcodes` row, and one whose latest event is not `active: false`
 * has no `inactive_products` row. Projections of their own, beside `products`, as the merchandise codes are.
 */
export const productDetailsProjector: Projector = {
  name: 'product-details',
  tables: ['product_barcodes', 'inactive_products'],
  apply(db: Database, record: LedgerRecord) {
    if (record.status !== 'accepted' || record.event.type !== 'catalog.product') return;
    const { id, barcode, active } = record.event.payload as { id: string; barcode?: string; active?: boolean };
    if (barcode === undefined) {
      prepared(db, 'DELETE FROM product_barcodes WHERE product_id = ?').run(id);
    } else {
      prepared(
        db,
        `INSERT INTO product_barcodes (product_id, barcode) VALUES (?, ?)
         ON CONFLICT (product_id) DO UPDATE SET barcode = excluded.barcode`,
      ).run(id, barcode);
    }
    if (active === false) {
      // A product withdrawn again stays withdrawn since the first time.
      prepared(
        db,
        'INSERT INTO inactive_products (product_id, since_cursor) VALUES (?, ?) ON CONFLICT (product_id) DO NOTHING',
      ).run(id, record.cursor);
    } else {
      prepared(db, 'DELETE FROM inactive_products WHERE product_id = ?').run(id);
    }
  },
};

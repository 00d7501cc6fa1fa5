import type { Database } from 'better-sqlite3';
import type { LedgerRecord } from '../event-log.js';
import { prepared } from './prepared.js';
import type { Projector } from './projector.js';

/**
 * Each product's department (NAXML MerchandiseCode) as its latest catalog.product event says; a product whose latest
 * event has none has no row. A projection of its own, beside `products`, so ledgers projected before departments
 * existed keep their products table exactly as it was.
 */
export const merchandiseCodesProjector: Projector = {
  name: 'merchandise-codes',
  tables: ['product_merchandise_codes'],
  apply(db: Database, record: LedgerRecord) {
    if (record.status !== 'accepted' || record.event.type !== 'catalog.product') return;
    const { id, merchandiseCode } = record.event.payload as { id: string; merchandiseCode?: string };
    if (merchandiseCode === undefined) {
      prepared(db, 'DELETE FROM product_merchandise_codes WHERE product_id = ?').run(id);
    } else {
      prepared(
        db,
        `INSERT INTO product_merchandise_codes (product_id, merchandise_code) VALUES (?, ?)
         ON CONFLICT (product_id) DO UPDATE SET merchandise_code = excluded.merchandise_code`,
      ).run(id, merchandiseCode);
    }
  },
};

import type { Database } from 'better-sqlite3';
import type { LedgerRecord } from '../event-log.js';
import type { Projector } from './projector.js';

interface ProductPayload {
  id: string;
  name: string;
  unit: string;
  price?: { amount: number; currency: string };
  taxRate?: string;
}

interface LocationPayload {
  id: string;
  name: string;
  active: boolean;
}

/** Products and locations as the latest hub-made catalog event says; version counts the changes. */
export const catalogProjector: Projector = {
  name: 'catalog',
  tables: ['products', 'locations'],
  apply(db: Database, record: LedgerRecord) {
    if (record.status !== 'accepted') return;
    if (record.event.type === 'catalog.product') {
      const p = record.event.payload as unknown as ProductPayload;
      db.prepare(
        `INSERT INTO products (id, name, unit, price, currency, tax_rate, version, updated_at)
         VALUES (@id, @name, @unit, @price, @currency, @taxRate, 1, @cursor)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, unit = excluded.unit, price = excluded.price,
           currency = excluded.currency, tax_rate = excluded.tax_rate, version = version + 1,
           updated_at = excluded.updated_at`,
      ).run({
        id: p.id,
        name: p.name,
        unit: p.unit,
        price: p.price?.amount ?? null,
        currency: p.price?.currency ?? null,
        taxRate: p.taxRate ?? null,
        cursor: record.cursor,
      });
    } else if (record.event.type === 'catalog.location') {
      const l = record.event.payload as unknown as LocationPayload;
      db.prepare(
        `INSERT INTO locations (id, name, active, version, updated_at) VALUES (@id, @name, @active, 1, @cursor)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, active = excluded.active, version = version + 1,
           updated_at = excluded.updated_at`,
      ).run({ id: l.id, name: l.name, active: l.active ? 1 : 0, cursor: record.cursor });
    }
  },
};

import type { Database } from 'better-sqlite3';
import { EventLog, toStored, type LedgerRecord } from '../event-log.js';
import { catalogProjector } from './catalog-projector.js';
import { conflictsProjector } from './conflicts-projector.js';
import { eventCountsProjector } from './event-counts-projector.js';
import { flaggedRecordsProjector } from './flagged-records-projector.js';
import { invoicesProjector } from './invoices-projector.js';
import { merchandiseCodesProjector } from './merchandise-codes-projector.js';
import { paymentsProjector } from './payments-projector.js';
import { productDetailsProjector } from './product-details-projector.js';
import type { Projector } from './projector.js';
import { requestsProjector } from './requests-projector.js';
import { salesProjector } from './sales-projector.js';
import { stockMovementsProjector } from './stock-movements-projector.js';
import { stockProjector } from './stock-projector.js';

export type { Projector };

export const projectors: readonly Projector[] = [
  catalogProjector,
  merchandiseCodesProjector,
  productDetailsProjector,
  stockProjector,
  stockMovementsProjector,
  conflictsProjector,
  salesProjector,
  requestsProjector,
  paymentsProjector,
  invoicesProjector,
  eventCountsProjector,
  flaggedRecordsProjector,
];

export function applyProjections(db: Database, record: LedgerRecord, list: readonly Projector[] = projectors): void {
  for (const projector of list) projector.apply(db, record);
}

/** Empties every projection table and replays the whole ledger, in one transaction. */
export function rebuildProjections(db: Database, list: readonly Projector[] = projectors): { replayed: number } {
  return db
    .transaction(() => {
      for (const projector of list) for (const table of projector.tables) db.prepare(`DELETE FROM ${table}`).run();
      let replayed = 0;
      for (const row of new EventLog(db).rows()) {
        applyProjections(db, toStored(row), list);
        replayed += 1;
      }
      return { replayed };
    })
    .immediate();
}

/** Every projection table's rows in a stable order: what a rebuild must reproduce exactly. */
export function snapshotProjections(db: Database, list: readonly Projector[] = projectors): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const projector of list) {
    for (const table of projector.tables) {
      const columns = db.prepare('SELECT count(*) FROM pragma_table_info(?)').pluck().get(table) as number;
      out[table] = db.prepare(`SELECT * FROM ${table} ORDER BY ${columns > 1 ? '1, 2' : '1'}`).all();
    }
  }
  return out;
}

import type { Database } from 'better-sqlite3';
import type { LedgerRecord } from '../event-log.js';

/**
 * A projection is state derived from the ledger. It owns its tables: rebuild empties them and replays every
 * record through apply(), which must therefore depend on nothing but the record and the tables themselves.
 */
export interface Projector {
  readonly name: string;
  readonly tables: readonly string[];
  apply(db: Database, record: LedgerRecord): void;
}

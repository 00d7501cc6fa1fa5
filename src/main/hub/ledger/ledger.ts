import type { Database } from 'better-sqlite3';
import { EventLog, type LedgerHead, type LedgerRecord, type StoredRecord } from './event-log.js';
import { ledgerFile, openDatabase } from './open-database.js';
import { applyProjections } from './projections/index.js';

export type AppendEntry = Omit<LedgerRecord, 'cursor' | 'recordedAt'>;

/**
 * The hub's single writer over the ledger database. Domain code records facts through here so every append and
 * the projections it changes commit together.
 */
export class Ledger {
  readonly log: EventLog;

  constructor(readonly db: Database) {
    this.log = new EventLog(db);
  }

  static open(dataDir: string): Ledger {
    return new Ledger(openDatabase({ file: ledgerFile(dataDir) }));
  }

  /** Appends in one transaction; `alsoInTransaction` lets the caller write outbox, audit or print rows atomically. */
  append(entries: AppendEntry[], alsoInTransaction?: (records: StoredRecord[]) => void): StoredRecord[] {
    return this.db
      .transaction(() => {
        const stored = entries.map((entry) => {
          const record = this.log.append(entry);
          applyProjections(this.db, record);
          return record;
        });
        alsoInTransaction?.(stored);
        return stored;
      })
      .immediate();
  }

  head(): LedgerHead {
    return this.log.head();
  }

  eventCount(): number {
    return this.head().cursor;
  }

  close(): void {
    if (this.db.open) {
      // A checkpoint on close keeps the main file self-contained for copies and backups.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}

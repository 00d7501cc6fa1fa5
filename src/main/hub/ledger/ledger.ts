import type { Database } from 'better-sqlite3';
import { EventLog, type AppendInput, type LedgerHead, type StoredRecord } from './event-log.js';
import { ledgerFile, openDatabase } from './open-database.js';
import { applyProjections } from './projections/index.js';

export type AppendEntry = Omit<AppendInput, 'recordedAt'>;

/**
 * Told of each record as it is appended, inside its transaction, after the projections have applied it: what it
 * writes commits or rolls back with the record. A throw rolls the whole transaction back.
 */
export type RecordListener = (record: StoredRecord) => void;

/** Told the new head cursor after a transaction that appended records has committed. */
export type CommitListener = (cursor: number) => void;

/**
 * The hub's single writer over the ledger database. Domain code records facts through here so every append and
 * the projections it changes commit together.
 */
export class Ledger {
  readonly log: EventLog;
  private readonly commitListeners = new Set<CommitListener>();
  private readonly recordListeners = new Set<RecordListener>();

  constructor(readonly db: Database) {
    this.log = new EventLog(db);
  }

  static open(dataDir: string): Ledger {
    return new Ledger(openDatabase({ file: ledgerFile(dataDir) }));
  }

  /** Appends in one transaction; `alsoInTransaction` lets the caller write outbox, audit or print rows atomically. */
  append(entries: AppendEntry[], alsoInTransaction?: (records: StoredRecord[]) => void): StoredRecord[] {
    return this.transaction(() => {
      const stored = entries.map((entry) => this.appendOne(entry));
      alsoInTransaction?.(stored);
      return stored;
    });
  }

  /**
   * One record, in the caller's transaction and without a savepoint of its own, for a caller that writes many in a
   * row and undoes them together: ingest's batch has one savepoint, where a savepoint per event made SQLite copy
   * every page each event changed (issue 11). If this throws, the caller must roll back to its own savepoint.
   */
  appendOne(entry: AppendEntry): StoredRecord {
    if (!this.db.inTransaction) throw new Error('Ledger.appendOne must run inside a transaction');
    const record = this.log.append(entry);
    applyProjections(this.db, record);
    for (const listener of this.recordListeners) listener(record);
    return record;
  }

  /**
   * Runs `work` in one immediate transaction; nested calls join the caller's (as savepoints). Commit listeners hear
   * only after the outermost commit, so nobody is told about a cursor that a rollback could still take back.
   */
  transaction<T>(work: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(work)();
    let newHead: number | undefined;
    const result = this.db
      .transaction(() => {
        const before = this.log.head().cursor;
        const value = work();
        const after = this.log.head().cursor;
        if (after !== before) newHead = after;
        return value;
      })
      .immediate();
    if (newHead !== undefined) for (const listener of this.commitListeners) listener(newHead);
    return result;
  }

  /** Listeners run synchronously after the commit and must not throw. Returns the function that unsubscribes. */
  onCommit(listener: CommitListener): () => void {
    this.commitListeners.add(listener);
    return () => {
      this.commitListeners.delete(listener);
    };
  }

  /** For work that must commit with a record (a receipt queued for a sale). Returns the function that unsubscribes. */
  onRecord(listener: RecordListener): () => void {
    this.recordListeners.add(listener);
    return () => {
      this.recordListeners.delete(listener);
    };
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

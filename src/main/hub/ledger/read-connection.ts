import BetterSqlite3, { type Database } from 'better-sqlite3';

export interface ReadConnection {
  readonly db: Database;
  close(): void;
}

/**
 * A second, read-only connection to the ledger file, for what devices pull (issue 11). In WAL mode it reads the
 * last committed state without waiting for the writer, and a record appended in a transaction the writer has not
 * committed yet is invisible to it: read on the writer connection, a pull could hand a device a cursor that a
 * rollback then takes back, as soon as any write transaction spans an await. An in-memory database has no file a
 * second connection could open, so its reads stay on the writer.
 */
export function openReadConnection(writer: Database): ReadConnection {
  if (writer.memory) return { db: writer, close: () => undefined };
  const db = new BetterSqlite3(writer.name, { readonly: true, fileMustExist: true });
  try {
    // A reader waits only while SQLite recovers a WAL left by a crash, which the writer did when it opened.
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    db,
    close: () => {
      if (db.open) db.close();
    },
  };
}

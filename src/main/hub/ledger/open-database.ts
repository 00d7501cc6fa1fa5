import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { latestVersion, migrations as defaultMigrations, type Migration } from './migrations/index.js';

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `the database is at schema version ${found}, but this Backroom understands up to ${supported}; ` +
        'install a newer Backroom or restore a backup made by this version',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: Migration,
    readonly backupFile: string | undefined,
    cause: unknown,
  ) {
    super(
      `migration ${migration.version} (${migration.name}) failed: ${(cause as Error).message}; ` +
        'the database was left unchanged' +
        (backupFile ? ` and a copy taken before migrating is at ${backupFile}` : ''),
      { cause },
    );
    this.name = 'MigrationFailedError';
  }
}

export interface OpenDatabaseOptions {
  file: string;
  /** Overridable so tests can exercise failing and future migrations. */
  migrations?: Migration[];
  readonly?: boolean;
}

export const LEDGER_FILE_NAME = 'backroom.sqlite';

export function ledgerFile(dataDir: string): string {
  return path.join(dataDir, LEDGER_FILE_NAME);
}

/**
 * Opens the one writer connection. synchronous=FULL is set explicitly: an acknowledged sale must survive a
 * power cut, and SQLite's compiled default in WAL mode is NORMAL, which may lose the last commits.
 */
export function openDatabase(options: OpenDatabaseOptions): Database {
  const list = options.migrations ?? defaultMigrations;
  const supported = list.reduce((max, m) => Math.max(max, m.version), 0);
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const db = new BetterSqlite3(options.file, { readonly: options.readonly ?? false });
  try {
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // A batch is written in a savepoint inside its group's transaction (commit-groups.ts), so every page it
      // changes is first copied to a statement journal; past 64 KB SQLite spills that journal to a temporary file,
      // which made a 500-event push write each page twice and cost most of the time of an insert (issue 11: an
      // event's insert 29 → 8 µs, its projections 30 → 9 µs). The statement journal only serves a rollback
      // inside the transaction; durability is the WAL's.
      db.pragma('temp_store = MEMORY');
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > supported) throw new DatabaseTooNewError(current, supported);
    if (current < supported && !options.readonly) migrate(db, options.file, current, list);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database, file: string, current: number, list: Migration[]): void {
  const pending = list.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  const backupFile = current > 0 ? backupBeforeMigration(db, file, current) : undefined;
  let running: Migration | undefined;
  // A migration that rebuilds a table others reference (SQLite's way to change a constraint) drops and renames it;
  // with foreign keys enforced, the drop alone would fail. They are checked as a whole before the commit instead.
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const migration of pending) {
        running = migration;
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      }
      const broken = db.pragma('foreign_key_check') as Array<{ table: string; parent: string }>;
      if (broken.length > 0) {
        throw new Error(
          `${broken.length} rows no longer match their foreign keys, e.g. ${broken[0]!.table} → ${broken[0]!.parent}`,
        );
      }
    }).immediate();
  } catch (error) {
    throw new MigrationFailedError(running ?? pending[0]!, backupFile, error);
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/** A plain file copy is safe here: nothing else has the database open yet and the WAL is checkpointed first. */
function backupBeforeMigration(db: Database, file: string, version: number): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const target = `${file}.v${version}-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
  fs.copyFileSync(file, target);
  return target;
}

export { latestVersion };

export class NoLedgerError extends Error {
  constructor(dataDir: string) {
    super(`there is no ledger in ${dataDir}; check --data-dir (the hub creates it at first start)`);
    this.name = 'NoLedgerError';
  }
}

/**
 * For commands that inspect or copy a ledger: opening a wrong path must not quietly create an empty one. Read-only
 * opens also never migrate, so a command cannot upgrade a file under a running hub.
 */
export function openExistingLedger(dataDir: string, options: { readonly: boolean }): Database {
  const file = ledgerFile(dataDir);
  if (!fs.existsSync(file)) throw new NoLedgerError(dataDir);
  return openDatabase({ file, readonly: options.readonly });
}

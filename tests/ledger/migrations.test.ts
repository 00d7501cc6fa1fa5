import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { migrations, type Migration } from '../../src/main/hub/ledger/migrations/index.js';
import {
  DatabaseTooNewError,
  MigrationFailedError,
  latestVersion,
  ledgerFile,
  openDatabase,
} from '../../src/main/hub/ledger/open-database.js';
import { EventLog } from '../../src/main/hub/ledger/event-log.js';
import { catalogProjector } from '../../src/main/hub/ledger/projections/catalog-projector.js';
import { eventCountsProjector } from '../../src/main/hub/ledger/projections/event-counts-projector.js';
import { applyProjections, projectors, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import { stockProjector } from '../../src/main/hub/ledger/projections/stock-projector.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { runCli } from '../helpers/ledger-processes.js';
import { sampleEntries, seedLedger, tempDir } from '../helpers/ledger-testkit.js';

const FUTURE = latestVersion + 7;
const TOO_NEW = new RegExp(`schema version ${FUTURE}, but this Backroom understands up to ${latestVersion}`);

function userVersion(file: string): number {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

function tableNames(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** A data dir whose ledger was written by a newer Backroom. */
function futureDataDir(): string {
  const dataDir = tempDir();
  const ledger = Ledger.open(dataDir);
  seedLedger(ledger, 5);
  ledger.db.pragma(`user_version = ${FUTURE}`);
  ledger.close();
  return dataDir;
}

/** What a version-1 Backroom projected: the projections whose tables migration 1 made. */
const V17_PROJECTORS = projectors.filter((projector) => projector.name !== 'flagged-records');
const V1_PROJECTORS = [catalogProjector, stockProjector, eventCountsProjector];

/** Version 1 only, as an older Backroom left it, with some history. */
function versionOneLedger(events: number): { file: string; head: string; snapshot: Record<string, unknown[]> } {
  const file = ledgerFile(tempDir());
  const db = openDatabase({ file, migrations: [migrations[0]!] });
  try {
    const log = new EventLog(db);
    db.transaction(() => {
      for (const entry of sampleEntries(events)) applyProjections(db, log.append(entry), V1_PROJECTORS);
    })();
    return { file, head: log.head().hash, snapshot: snapshotProjections(db, V1_PROJECTORS) };
  } finally {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
}

describe('migrations', () => {
  it('the shipped migrations are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: migrations.length }, (_, i) => i + 1));
    expect(latestVersion).toBe(migrations.length);
  });

  it('refuses a database newer than itself with DatabaseTooNewError, writable or read-only, and leaves it alone', () => {
    const dataDir = futureDataDir();
    const file = ledgerFile(dataDir);
    for (const readonly of [false, true]) {
      let caught: unknown;
      try {
        openDatabase({ file, readonly });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DatabaseTooNewError);
      const error = caught as DatabaseTooNewError;
      expect(error.found).toBe(FUTURE);
      expect(error.supported).toBe(latestVersion);
      expect(error.message).toMatch(TOO_NEW);
      expect(error.message).toMatch(/install a newer Backroom/);
    }
    expect(() => Ledger.open(dataDir)).toThrow(DatabaseTooNewError);
    expect(userVersion(file)).toBe(FUTURE);
    expect(fs.readdirSync(dataDir).filter((name) => name.endsWith('.bak'))).toEqual([]);
  });

  it('`backroom ledger verify` and `backroom serve` refuse it too: exit != 0, the message on stderr', async () => {
    const [verifyDir, serveDir] = [futureDataDir(), futureDataDir()];
    const [verify, serve] = await Promise.all([
      runCli(['ledger', 'verify', '--data-dir', verifyDir]),
      runCli(['serve', '--data-dir', serveDir, '--no-mdns'], {
        env: {
          BACKROOM_UI_PORT: '0',
          BACKROOM_LAN_PORT: '0',
          BACKROOM_BACKUP_INTERVAL_MINUTES: '0',
          BACKROOM_LOG_LEVEL: 'silent',
        },
      }),
    ]);
    for (const run of [verify, serve]) {
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBeNull();
      expect(run.stderr).toMatch(TOO_NEW);
      expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    }
    expect(verify.stdout).not.toContain('ledger sound');
    expect(serve.stdout).not.toContain('hub ready');
    expect(userVersion(ledgerFile(serveDir))).toBe(FUTURE);
    // A refused start must not keep the data directory locked.
    expect(fs.existsSync(path.join(serveDir, 'hub.pid'))).toBe(false);
  });

  it('a migration that throws midway leaves the database at its old version with its data intact, after a backup', () => {
    const { file, head, snapshot } = versionOneLedger(40);
    const failing: Migration = {
      version: 2,
      name: 'add shelf labels',
      up(db) {
        db.exec('CREATE TABLE shelf_labels (id TEXT PRIMARY KEY, text TEXT NOT NULL) STRICT');
        db.prepare("INSERT INTO shelf_labels VALUES ('a', 'half done')").run();
        db.exec("UPDATE products SET name = 'mangled'");
        throw new Error('disk said no halfway through');
      },
    };

    let caught: unknown;
    try {
      openDatabase({ file, migrations: [migrations[0]!, failing] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MigrationFailedError);
    const error = caught as MigrationFailedError;
    expect(error.migration.version).toBe(2);
    expect(error.message).toContain('migration 2 (add shelf labels) failed: disk said no halfway through');
    expect(error.message).toContain('the database was left unchanged');
    expect(error.backupFile).toBeDefined();
    expect(error.message).toContain(error.backupFile!);

    // The backup was taken before migrating: a complete version-1 ledger.
    expect(fs.existsSync(error.backupFile!)).toBe(true);
    expect(path.dirname(error.backupFile!)).toBe(path.dirname(file));
    expect(userVersion(error.backupFile!)).toBe(1);
    const backup = openDatabase({ file: error.backupFile!, migrations: [migrations[0]!], readonly: true });
    try {
      expect(verifyLedger(backup)).toMatchObject({ ok: true, checked: 40, head: { cursor: 40, hash: head } });
    } finally {
      backup.close();
    }

    // The live file is still version 1, its data intact, and the failed migration left nothing behind.
    expect(userVersion(file)).toBe(1);
    expect(tableNames(file)).not.toContain('shelf_labels');
    const db = openDatabase({ file, migrations: [migrations[0]!] });
    try {
      expect(verifyLedger(db)).toMatchObject({ ok: true, checked: 40, head: { cursor: 40, hash: head } });
      expect(snapshotProjections(db, V1_PROJECTORS)).toEqual(snapshot);
      // Still usable by the version that made it: it takes new records.
      const log = new EventLog(db);
      db.transaction(() => {
        for (const entry of sampleEntries(3, 40)) applyProjections(db, log.append(entry), V1_PROJECTORS);
      })();
      expect(verifyLedger(db)).toMatchObject({ ok: true, checked: 43 });
    } finally {
      db.close();
    }
  });

  it('several pending migrations run in one transaction: a later failure undoes the earlier ones too', () => {
    const { file, head } = versionOneLedger(10);
    const two: Migration = {
      version: 2,
      name: 'fine',
      up: (db) => db.exec('CREATE TABLE fine_table (x INTEGER) STRICT'),
    };
    const three: Migration = {
      version: 3,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE broken_table (x INTEGER) STRICT');
        db.exec('SELECT no_such_function()');
      },
    };
    expect(() => openDatabase({ file, migrations: [migrations[0]!, two, three] })).toThrow(
      /migration 3 \(broken\) failed: no such function/,
    );
    expect(userVersion(file)).toBe(1);
    expect(tableNames(file)).not.toContain('fine_table');
    expect(tableNames(file)).not.toContain('broken_table');
    const db = openDatabase({ file, migrations: [migrations[0]!], readonly: true });
    try {
      expect(verifyLedger(db)).toMatchObject({ ok: true, head: { cursor: 10, hash: head } });
    } finally {
      db.close();
    }
  });

  it('upgrades an old ledger to the latest version, keeping its chain, after taking a backup', () => {
    const { file, head, snapshot } = versionOneLedger(25);
    const ledger = new Ledger(openDatabase({ file }));
    try {
      expect(ledger.db.pragma('user_version', { simple: true })).toBe(latestVersion);
      expect(verifyLedger(ledger.db)).toMatchObject({ ok: true, checked: 25, head: { hash: head } });
      expect(snapshotProjections(ledger.db, V1_PROJECTORS)).toEqual(snapshot);
      // The upgraded ledger works with today's code: appends project into every table, old and new.
      seedLedger(ledger, 5);
      expect(verifyLedger(ledger.db)).toMatchObject({ ok: true, checked: 30 });
    } finally {
      ledger.close();
    }
    const backups = fs.readdirSync(path.dirname(file)).filter((name) => /\.v1-.*\.bak$/.test(name));
    expect(backups).toHaveLength(1);
    expect(userVersion(path.join(path.dirname(file), backups[0]!))).toBe(1);
    // A fresh database has nothing to protect: no backup is made for it.
    const fresh = ledgerFile(tempDir());
    openDatabase({ file: fresh }).close();
    expect(fs.readdirSync(path.dirname(fresh)).filter((name) => name.endsWith('.bak'))).toEqual([]);
  });

  it('migration 6 keeps every conflict row when it rebuilds the table, and then allows quarantined ones', () => {
    const file = ledgerFile(tempDir());
    const row = {
      id: 'c-1',
      kind: 'insufficient_stock',
      status: 'escalated',
      cursor: 3,
      event_id: 'e-1',
      device_id: 'till-1',
      detail: '{"server":{}}',
      resolved_at_cursor: 4,
      resolution: '{"action":"escalate"}',
    };
    const before = openDatabase({ file, migrations: migrations.filter((m) => m.version < 6) });
    before
      .prepare(
        `INSERT INTO conflicts (id, kind, status, cursor, event_id, device_id, detail, resolved_at_cursor, resolution)
         VALUES (@id, @kind, @status, @cursor, @event_id, @device_id, @detail, @resolved_at_cursor, @resolution)`,
      )
      .run(row);
    expect(() => before.prepare("UPDATE conflicts SET status = 'quarantined'").run()).toThrow(/CHECK constraint/);
    before.close();

    const db = openDatabase({ file });
    try {
      expect(db.prepare('SELECT * FROM conflicts').all()).toEqual([{ ...row, quarantined_at_cursor: null }]);
      db.prepare("UPDATE conflicts SET status = 'quarantined', quarantined_at_cursor = 5").run();
      expect(() => db.prepare("UPDATE conflicts SET status = 'lost'").run()).toThrow(/CHECK constraint/);
      const indexes = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .pluck()
        .all();
      expect(indexes).toEqual(expect.arrayContaining(['conflicts_status', 'conflicts_device', 'events_type']));
    } finally {
      db.close();
    }
  });

  it('migration 18 rebuilds the events table without its redundant index, keeping rows, chain, references and flags', () => {
    const file = ledgerFile(tempDir());
    const before = openDatabase({ file, migrations: migrations.filter((m) => m.version <= 17) });
    const log = new EventLog(before);
    before.transaction(() => {
      for (const [index, entry] of sampleEntries(20).entries()) {
        const outcome = index === 7 ? { clockSkew: { ms: 9_000_000, flagged: true } } : entry.outcome;
        const record = log.append({ ...entry, ...(outcome ? { outcome } : {}) });
        applyProjections(before, record, V17_PROJECTORS);
      }
    })();
    // A row that references a ledger record, which the table rebuild must not break.
    const referencing = before
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%REFERENCES events(cursor)%'")
      .pluck()
      .all();
    expect(referencing.length).toBeGreaterThan(0);
    const rows = before.prepare('SELECT * FROM events ORDER BY cursor').all();
    before.close();

    const db = openDatabase({ file });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
      expect(db.prepare('SELECT * FROM events ORDER BY cursor').all()).toEqual(rows);
      expect(verifyLedger(db)).toMatchObject({ ok: true, checked: 20 });
      expect(db.prepare('SELECT cursor FROM flagged_records').pluck().all()).toEqual([8]);
      const indexed = db.prepare("SELECT group_concat(name) FROM pragma_index_list('events')").pluck().get() as string;
      const columns = (index: string) =>
        db.prepare(`SELECT group_concat(name) FROM pragma_index_info('${index}')`).pluck().get();
      expect(indexed.split(',').map(columns).sort()).toEqual(['device_id,seq', 'event_id', 'type']);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(() => db.prepare('DELETE FROM events WHERE cursor = 1').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

/**
 * Bytes on disk per recorded event (issue Performance #11): the ledger file of a hub that ingested the bench's
 * events and then stopped, divided by the events in it, and where those bytes are (the events table, each of its
 * indexes, the projection tables, the rest), from SQLite's `dbstat` table of every b-tree page.
 */
import { existsSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { ledgerFile } from '../src/main/hub/ledger/open-database.js';
import { projectors } from '../src/main/hub/ledger/projections/index.js';

export type LedgerGroup = 'events' | 'events index' | 'projection' | 'other';

export interface LedgerObject {
  /** A table or an index; an automatic index (a UNIQUE constraint's) is named with its columns. */
  name: string;
  group: LedgerGroup;
  /** The table an index belongs to; the table itself for a table. */
  table: string;
  pages: number;
  bytes: number;
  /** Bytes of the rows themselves (keys and cells), the rest being page headers, pointers and free space in pages. */
  payloadBytes: number;
}

export interface LedgerSizeResult {
  /** Rows in `events`: what the hub recorded, set-up included. */
  events: number;
  fileBytes: number;
  pageSize: number;
  /** Pages on the free list: the file holds them but nothing is in them. */
  freeBytes: number;
  /** Every b-tree (tables and indexes, sqlite_schema included), largest first. */
  objects: LedgerObject[];
  /** The -wal file's size while the hub still ran, after ingest: what the close's checkpoint had to fold in. */
  walBytesBeforeClose: number | null;
  /** The -wal file after the hub stopped: null when gone; the hub checkpoints (TRUNCATE) on close, so 0 or null. */
  walBytesAfterClose: number | null;
}

/** The -wal file's size now, null when there is none. */
export function walBytes(dataDir: string): number | null {
  const wal = `${ledgerFile(dataDir)}-wal`;
  return existsSync(wal) ? statSync(wal).size : null;
}

/**
 * Reads a stopped hub's ledger. The WAL is looked at before opening: a read-only connection to a WAL-mode file
 * creates an empty -wal and -shm of its own (this build of better-sqlite3 takes no `immutable=1` URI), which would
 * hide whether the hub left frames behind.
 */
export function measureLedgerSize(dataDir: string, walBytesBeforeClose: number | null): LedgerSizeResult {
  const file = ledgerFile(dataDir);
  const walBytesAfterClose = walBytes(dataDir);
  const fileBytes = statSync(file).size;
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const hasDbstat = db
      .prepare<[], { n: number }>(`SELECT count(*) AS n FROM pragma_module_list WHERE name = 'dbstat'`)
      .get()!.n;
    if (!hasDbstat) throw new Error('this SQLite build has no dbstat table (SQLITE_ENABLE_DBSTAT_VTAB)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const freeBytes = (db.pragma('freelist_count', { simple: true }) as number) * pageSize;
    const events = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()!.n;
    const projectionTables = new Set(projectors.flatMap((projector) => projector.tables));
    const schema = new Map(
      db
        .prepare<[], { name: string; type: string; table: string }>(
          `SELECT name, type, tbl_name AS "table" FROM sqlite_schema WHERE type IN ('table', 'index')`,
        )
        .all()
        .map((row) => [row.name, row]),
    );
    const trees = db
      .prepare<[], { name: string; pages: number; bytes: number; payloadBytes: number }>(
        `SELECT name, count(*) AS pages, sum(pgsize) AS bytes, sum(payload) AS payloadBytes
         FROM dbstat GROUP BY name ORDER BY bytes DESC, name`,
      )
      .all();
    const objects = trees.map((tree): LedgerObject => {
      const entry = schema.get(tree.name);
      const table = entry?.table ?? tree.name;
      const group: LedgerGroup =
        table === 'events'
          ? entry?.type === 'index'
            ? 'events index'
            : 'events'
          : projectionTables.has(table)
            ? 'projection'
            : 'other';
      const name = tree.name.startsWith('sqlite_autoindex_')
        ? `${tree.name} ${indexColumns(db, tree.name)}`
        : tree.name;
      return { ...tree, name, group, table };
    });
    return { events, fileBytes, pageSize, freeBytes, objects, walBytesBeforeClose, walBytesAfterClose };
  } finally {
    db.close();
  }
}

/** `(device_id, seq)`: which UNIQUE constraint an automatic index serves. */
function indexColumns(db: BetterSqlite3.Database, index: string): string {
  const columns = db
    .prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno')
    .all(index);
  return `(${columns.map((column) => column.name).join(', ')})`;
}

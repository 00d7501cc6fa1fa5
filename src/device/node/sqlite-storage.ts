import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { UnsignedEnvelope } from '../../shared/protocol/envelope.js';
import type { PushResult, StockLevel } from '../../shared/protocol/device-api.js';
import {
  SYNC_STATUSES,
  type DeviceMeta,
  type DeviceStorage,
  type EventDraft,
  type OutboxEntry,
  type StockChange,
  type SyncStatus,
} from '../core/ports.js';
import { syncStatusOf } from '../storage/sync-status.js';

const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- One row. last_seq only ever grows: it, not MAX(outbox.seq), allocates, so pruning rows never frees a seq.
  CREATE TABLE device_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq   INTEGER NOT NULL,
    hub_cursor INTEGER
  ) STRICT;
  INSERT INTO device_state (id, last_seq, hub_cursor) VALUES (1, 0, NULL);

  CREATE TABLE outbox (
    seq      INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    envelope TEXT NOT NULL,
    sig      TEXT,
    status   TEXT NOT NULL CHECK (status IN ('pending','synced','conflict','failed','refused')),
    result   TEXT
  ) STRICT;
  CREATE INDEX outbox_status ON outbox(status, seq);

  CREATE TABLE hub_stock (
    product_id  TEXT NOT NULL,
    location_id TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    PRIMARY KEY (product_id, location_id)
  ) STRICT;
`;

interface OutboxRow {
  envelope: string;
  sig: string | null;
  status: SyncStatus;
  result: string | null;
}

/**
 * Device storage in one SQLite file per device. synchronous=FULL: an event the cashier recorded must survive a
 * power cut, like the hub's ledger. Calls are synchronous underneath; the async port keeps browsers possible.
 */
export class SqliteStorage implements DeviceStorage {
  private constructor(private readonly db: Database) {}

  static open(file: string): SqliteStorage {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new BetterSqlite3(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new Error(
          `device database ${file} is at schema ${version}; this SDK understands up to ${SCHEMA_VERSION}`,
        );
      }
      if (version === 0) {
        db.transaction(() => {
          db.exec(SCHEMA);
          db.pragma(`user_version = ${SCHEMA_VERSION}`);
        }).immediate();
      }
      return new SqliteStorage(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async getMeta<K extends keyof DeviceMeta>(key: K): Promise<DeviceMeta[K] | undefined> {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key);
    return row ? (JSON.parse(row.value) as DeviceMeta[K]) : undefined;
  }

  async setMeta<K extends keyof DeviceMeta>(key: K, value: DeviceMeta[K]): Promise<void> {
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }

  async enqueue(draft: EventDraft): Promise<UnsignedEnvelope> {
    return this.db
      .transaction(() => {
        const { last_seq } = this.db
          .prepare<[], { last_seq: number }>('UPDATE device_state SET last_seq = last_seq + 1 RETURNING last_seq')
          .get()!;
        const envelope: UnsignedEnvelope = { ...draft, seq: last_seq };
        this.db
          .prepare("INSERT INTO outbox (seq, event_id, envelope, status) VALUES (?, ?, ?, 'pending')")
          .run(envelope.seq, envelope.id, JSON.stringify(envelope));
        return envelope;
      })
      .immediate();
  }

  async attachSignature(seq: number, sig: string): Promise<void> {
    // A lost signature is made again at push (Ed25519 is deterministic), so this write skips its own fsync: one
    // fsync per recorded event instead of two. The next FULL commit makes it durable along with everything before.
    this.db.pragma('synchronous = NORMAL');
    try {
      const { changes } = this.db.prepare('UPDATE outbox SET sig = ? WHERE seq = ?').run(sig, seq);
      if (changes !== 1) throw new Error(`no outbox entry with seq ${seq}`);
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    return this.db
      .prepare<[number], OutboxRow>(
        "SELECT envelope, sig, status, result FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?",
      )
      .all(limit)
      .map(toEntry);
  }

  async firstFailed(): Promise<OutboxEntry | undefined> {
    const row = this.db
      .prepare<[], OutboxRow>(
        "SELECT envelope, sig, status, result FROM outbox WHERE status = 'failed' ORDER BY seq LIMIT 1",
      )
      .get();
    return row ? toEntry(row) : undefined;
  }

  async markResults(results: readonly PushResult[]): Promise<void> {
    const update = this.db.prepare('UPDATE outbox SET status = ?, result = ? WHERE event_id = ?');
    this.db.transaction(() => {
      for (const result of results) update.run(syncStatusOf(result.status), JSON.stringify(result), result.id);
    })();
  }

  async retryFailed(): Promise<number> {
    return this.db.prepare("UPDATE outbox SET status = 'pending' WHERE status = 'failed'").run().changes;
  }

  async entry(eventId: string): Promise<OutboxEntry | undefined> {
    const row = this.db
      .prepare<[string], OutboxRow>('SELECT envelope, sig, status, result FROM outbox WHERE event_id = ?')
      .get(eventId);
    return row ? toEntry(row) : undefined;
  }

  async counts(): Promise<Record<SyncStatus, number>> {
    const counts = Object.fromEntries(SYNC_STATUSES.map((status) => [status, 0])) as Record<SyncStatus, number>;
    const rows = this.db
      .prepare<[], { status: SyncStatus; n: number }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status')
      .all();
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  async hubCursor(): Promise<number | undefined> {
    const row = this.db.prepare<[], { hub_cursor: number | null }>('SELECT hub_cursor FROM device_state').get()!;
    return row.hub_cursor ?? undefined;
  }

  async replaceHubState(snapshot: { cursor: number; stock: readonly StockLevel[] }): Promise<void> {
    const insert = this.db.prepare('INSERT INTO hub_stock (product_id, location_id, quantity) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.db.exec('DELETE FROM hub_stock');
      for (const level of snapshot.stock) insert.run(level.productId, level.locationId, level.quantity);
      this.db.prepare('UPDATE device_state SET hub_cursor = ?').run(snapshot.cursor);
    })();
  }

  async applyHubChanges(cursor: number, changes: readonly StockChange[]): Promise<void> {
    const add = this.db.prepare(
      `INSERT INTO hub_stock (product_id, location_id, quantity) VALUES (?, ?, ?)
       ON CONFLICT(product_id, location_id) DO UPDATE SET quantity = quantity + excluded.quantity`,
    );
    const set = this.db.prepare(
      `INSERT INTO hub_stock (product_id, location_id, quantity) VALUES (?, ?, ?)
       ON CONFLICT(product_id, location_id) DO UPDATE SET quantity = excluded.quantity`,
    );
    this.db.transaction(() => {
      for (const change of changes) {
        if ('set' in change) set.run(change.productId, change.locationId, change.set);
        else add.run(change.productId, change.locationId, change.delta);
      }
      this.db.prepare('UPDATE device_state SET hub_cursor = ?').run(cursor);
    })();
  }

  async stockLevel(productId: string, locationId: string): Promise<number | undefined> {
    return this.db
      .prepare<[string, string], { quantity: number }>(
        'SELECT quantity FROM hub_stock WHERE product_id = ? AND location_id = ?',
      )
      .get(productId, locationId)?.quantity;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  const envelope = JSON.parse(row.envelope) as UnsignedEnvelope;
  return {
    envelope: row.sig === null ? envelope : { ...envelope, sig: row.sig },
    status: row.status,
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as PushResult }),
  };
}

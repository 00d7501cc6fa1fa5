import type { Database } from 'better-sqlite3';

/**
 * Forward-only migrations, numbered; PRAGMA user_version holds the last one applied.
 * Never edit a released migration: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'event log, projections, users, sessions, audit',
    up(db) {
      db.exec(`
        CREATE TABLE hub_meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        -- The append-only ledger. cursor is gap-free; hash chains every row to the one before.
        CREATE TABLE events (
          cursor      INTEGER PRIMARY KEY,
          event_id    TEXT NOT NULL UNIQUE,
          device_id   TEXT,
          seq         INTEGER,
          type        TEXT NOT NULL,
          status      TEXT NOT NULL CHECK (status IN ('accepted','conflict','refused')),
          recorded_at TEXT NOT NULL,
          record      TEXT NOT NULL,
          prev_hash   TEXT NOT NULL,
          hash        TEXT NOT NULL,
          UNIQUE (device_id, event_id),
          UNIQUE (device_id, seq)
        ) STRICT;
        CREATE INDEX events_type ON events(type);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
          BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
          BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;

        -- Projections: derived from events, rebuildable (ledger/projections).
        CREATE TABLE products (
          id         TEXT PRIMARY KEY,
          name       TEXT NOT NULL,
          unit       TEXT NOT NULL,
          price      INTEGER,
          currency   TEXT,
          tax_rate   TEXT,
          version    INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE locations (
          id         TEXT PRIMARY KEY,
          name       TEXT NOT NULL,
          active     INTEGER NOT NULL,
          version    INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE stock (
          product_id  TEXT NOT NULL,
          location_id TEXT NOT NULL,
          quantity    INTEGER NOT NULL,
          updated_at  INTEGER NOT NULL,
          PRIMARY KEY (product_id, location_id)
        ) STRICT;
        CREATE TABLE event_counts (
          type   TEXT NOT NULL,
          status TEXT NOT NULL,
          count  INTEGER NOT NULL,
          PRIMARY KEY (type, status)
        ) STRICT;

        CREATE TABLE users (
          id              TEXT PRIMARY KEY,
          name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
          role            TEXT NOT NULL CHECK (role IN ('cashier','manager','owner')),
          pin_hash        TEXT NOT NULL,
          failed_attempts INTEGER NOT NULL DEFAULT 0,
          locked_until    TEXT,
          created_at      TEXT NOT NULL
        ) STRICT;
        CREATE TABLE admin_sessions (
          token_hash TEXT PRIMARY KEY,
          user_id    TEXT NOT NULL REFERENCES users(id),
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE audit_log (
          id     INTEGER PRIMARY KEY,
          at     TEXT NOT NULL,
          actor  TEXT NOT NULL,
          action TEXT NOT NULL,
          detail TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
];

export const latestVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { parseDeviceKey, signedBy } from '../src/main/hub/devices/device-key.js';
import { signingBytes } from '../src/shared/protocol/signing.js';
import { DeviceKeys, unsignedReturn } from './lib/signed-device.js';
import { ratePerSecond } from './lib/stats.js';

/** The machine's own limits, measured in this run, that every hub figure is divided by (DESIGN §13). */
export interface Ceilings {
  /** Ed25519 verifies per second of bench envelopes as the hub does them (libsodium, strict), one core, key parsed once. */
  verifiesPerSec: number;
  /** Ledger-shaped rows per second, WAL + synchronous=FULL, 500 rows per transaction. */
  sqliteBatchedInsertsPerSec: number;
  /** The same with one row per transaction: every row pays a commit (an fsync). */
  sqliteSingleInsertsPerSec: number;
  sqliteBatchSize: number;
}

export interface CeilingSizes {
  verifies: number;
  batchedRows: number;
  singleRows: number;
  /** Each measurement stops here even if its count is not reached. */
  maxMsEach: number;
}

const BATCH = 500;

export function measureCeilings(sizes: CeilingSizes): Ceilings {
  return {
    verifiesPerSec: verifyCeiling(sizes),
    ...sqliteCeilings(sizes),
    sqliteBatchSize: BATCH,
  };
}

/**
 * Verifies distinct bench envelopes (same size as pushed ones), after a warm-up, with the hub's own primitive, so
 * the ceiling moves with it. Canonicalization is left out: the ceiling is the signature check alone.
 */
function verifyCeiling(sizes: CeilingSizes): number {
  const keys = DeviceKeys.generate();
  const key = parseDeviceKey(keys.publicKeyText);
  const samples = Array.from({ length: 256 }, (_, index) => {
    const envelope = keys.sign(unsignedReturn('ceiling-device', index + 1));
    return { bytes: signingBytes(envelope), sig: envelope.sig };
  });
  let next = 0;
  const step = () => {
    const sample = samples[next++ % samples.length]!;
    if (!signedBy(key, sample.bytes, sample.sig)) throw new Error('ceiling signature did not verify');
  };
  ratePerSecond(step, 1, 2_000, sizes.maxMsEach);
  return ratePerSecond(step, 1, sizes.verifies, sizes.maxMsEach);
}

/**
 * Raw inserts into a table shaped like the hub's `events` (same columns, keys and indexes, a record of the size
 * the bench pushes) with the hub's pragmas, and nothing else: no hashing, projections, HTTP or verification.
 */
function sqliteCeilings(sizes: CeilingSizes): Omit<Ceilings, 'verifiesPerSec' | 'sqliteBatchSize'> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'backroom-bench-sqlite-'));
  const db = new BetterSqlite3(path.join(dir, 'ceiling.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`
      CREATE TABLE events (
        cursor INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, device_id TEXT, seq INTEGER, type TEXT NOT NULL,
        status TEXT NOT NULL, recorded_at TEXT NOT NULL, record TEXT NOT NULL, prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL, UNIQUE (device_id, event_id), UNIQUE (device_id, seq)) STRICT;
      CREATE INDEX events_type ON events(type);`);
    const keys = DeviceKeys.generate();
    const record = JSON.stringify({ cursor: 1, status: 'accepted', event: keys.sign(unsignedReturn('d', 1)) });
    const insert = db.prepare(
      `INSERT INTO events (cursor, event_id, device_id, seq, type, status, recorded_at, record, prev_hash, hash)
       VALUES (?, ?, 'ceiling-device', ?, 'inventory.return', 'accepted', ?, ?, ?, ?)`,
    );
    const hash = 'f'.repeat(64);
    let cursor = 0;
    const insertOne = () => {
      cursor += 1;
      insert.run(cursor, `event-${cursor}`, cursor, new Date().toISOString(), record, hash, hash);
    };
    const batch = db.transaction(() => {
      for (let i = 0; i < BATCH; i += 1) insertOne();
    });
    const single = db.transaction(insertOne);
    return {
      sqliteBatchedInsertsPerSec: ratePerSecond(() => batch.immediate(), BATCH, sizes.batchedRows, sizes.maxMsEach),
      sqliteSingleInsertsPerSec: ratePerSecond(() => single.immediate(), 1, sizes.singleRows, sizes.maxMsEach),
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

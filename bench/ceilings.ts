import { mkdtempSync, rmSync } from 'node:fs';
import { verify } from 'node:crypto';
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
  /**
   * The same envelopes verified with node:crypto (OpenSSL), one core, key parsed once: the bar ingest is held to
   * (issue Performance #11), whichever primitive the hub uses.
   */
  nodeVerifiesPerSec: number;
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
  const samples = verifySamples();
  return {
    verifiesPerSec: sodiumVerifyCeiling(samples, sizes),
    nodeVerifiesPerSec: nodeVerifyCeiling(samples, sizes),
    ...sqliteCeilings(sizes),
    sqliteBatchSize: BATCH,
  };
}

interface VerifySamples {
  keys: DeviceKeys;
  list: Array<{ bytes: Uint8Array; sig: string }>;
}

/** Distinct bench envelopes (same size as pushed ones), signed once for both verify ceilings. */
function verifySamples(): VerifySamples {
  const keys = DeviceKeys.generate();
  const list = Array.from({ length: 256 }, (_, index) => {
    const envelope = keys.sign(unsignedReturn('ceiling-device', index + 1));
    return { bytes: signingBytes(envelope), sig: envelope.sig };
  });
  return { keys, list };
}

/**
 * Verifies the samples after a warm-up with the hub's own primitive, so the ceiling moves with it. Canonicalization
 * is left out: the ceiling is the signature check alone.
 */
function sodiumVerifyCeiling({ keys, list }: VerifySamples, sizes: CeilingSizes): number {
  const key = parseDeviceKey(keys.publicKeyText);
  return verifyRate(list, sizes, (sample) => signedBy(key, sample.bytes, sample.sig));
}

/**
 * The same measurement with node:crypto: the public key is a KeyObject made once (as a hub would cache it per
 * device), and the signature is decoded from base64url on every verify, as signedBy does, so the two rates differ
 * by the primitive alone.
 */
function nodeVerifyCeiling({ keys, list }: VerifySamples, sizes: CeilingSizes): number {
  return verifyRate(list, sizes, (sample) =>
    verify(null, sample.bytes, keys.publicKey, Buffer.from(sample.sig, 'base64url')),
  );
}

function verifyRate<S>(samples: readonly S[], sizes: CeilingSizes, verifies: (sample: S) => boolean): number {
  let next = 0;
  const step = () => {
    if (!verifies(samples[next++ % samples.length]!)) throw new Error('ceiling signature did not verify');
  };
  ratePerSecond(step, 1, 2_000, sizes.maxMsEach);
  return ratePerSecond(step, 1, sizes.verifies, sizes.maxMsEach);
}

/**
 * Raw inserts into a table shaped like the hub's `events` (same columns, keys and indexes, a record of the size
 * the bench pushes) with the hub's pragmas, and nothing else: no hashing, projections, HTTP or verification.
 */
function sqliteCeilings(
  sizes: CeilingSizes,
): Omit<Ceilings, 'verifiesPerSec' | 'nodeVerifiesPerSec' | 'sqliteBatchSize'> {
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

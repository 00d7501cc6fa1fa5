/**
 * Shared pieces for the ledger, hub and config tests: temporary directories, a deterministic stream of hub-made
 * events, and raw SQLite access for tampering with a ledger file the way an attacker (or a bad disk) would.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterAll } from 'vitest';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import type { RecordStatus, StoredRecord } from '../../src/main/hub/ledger/event-log.js';
import type { AppendEntry, Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ledgerFile } from '../../src/main/hub/ledger/open-database.js';

const cleanups: Array<() => void> = [];

afterAll(() => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: a leftover temp directory must not hide the real test result.
    }
  }
});

/** A fresh directory, removed when the test file finishes. */
export function tempDir(prefix = 'backroom-ledger-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Registers extra cleanup to run when the test file finishes (before the temp dirs are removed). */
export function onCleanup(cleanup: () => void): void {
  cleanups.push(cleanup);
}

/**
 * Makes `dir` unwritable even for root (the test machines run as root, where mode 0555 alone does not stop a
 * write): chmod 0555 plus the immutable attribute. Throws if the directory is still writable afterwards, so a test
 * relying on it can never silently pass.
 */
export function makeReadOnlyDir(dir: string): void {
  fs.chmodSync(dir, 0o555);
  if (process.getuid?.() === 0) execFileSync('chattr', ['+i', dir]);
  cleanups.push(() => {
    if (process.getuid?.() === 0) execFileSync('chattr', ['-i', dir]);
    fs.chmodSync(dir, 0o755);
  });
  const probe = path.join(dir, 'probe');
  let writable = true;
  try {
    fs.writeFileSync(probe, 'x');
    fs.rmSync(probe);
  } catch {
    writable = false;
  }
  if (writable) throw new Error(`could not make ${dir} read-only for this user`);
}

export const LOCATION_IDS = ['shelf', 'cooler', 'store-room'] as const;
export const PRODUCT_IDS = ['cola', 'chips', 'gum', 'water', 'beer', 'bread', 'milk'] as const;

/**
 * An `inventory.receive` entry as the hub's catalog service records it: the stock movement is decided once and kept
 * in the record's outcome (projections apply outcomes, never re-decide). Only an accepted record moves stock.
 */
export function receiveEntry(
  productId: string,
  locationId: string,
  quantity: number,
  status: RecordStatus = 'accepted',
): AppendEntry {
  const event = hubEvent('inventory.receive', { productId, locationId, quantity }, 'test');
  if (status === 'accepted') return { status, event, outcome: { stock: [{ productId, locationId, delta: quantity }] } };
  if (status === 'refused')
    return { status, event, outcome: { refusal: { code: 'LOCATION_INACTIVE', message: 'inactive' } } };
  return {
    status,
    event,
    outcome: {
      conflict: {
        id: `conflict-${event.id}`,
        kind: 'insufficient_stock',
        server: {},
        requested: { stock: [{ productId, locationId, delta: quantity }] },
        options: ['accept_server', 'retry'],
      },
    },
  };
}

/**
 * `count` hub-made events in a realistic order: locations, then products, then receipts with an occasional
 * catalog change. Deterministic, so two ledgers seeded alike differ only in ids and times.
 */
export function sampleEntries(count: number, start = 0): AppendEntry[] {
  const entries: AppendEntry[] = [];
  for (let i = start; i < start + count; i += 1) {
    const entry = (type: string, payload: object, status: RecordStatus = 'accepted'): AppendEntry => ({
      status,
      event: hubEvent(type, payload, 'test'),
    });
    if (i < LOCATION_IDS.length) {
      entries.push(entry('catalog.location', { id: LOCATION_IDS[i]!, name: `Location ${i}`, active: true }));
    } else if (i < LOCATION_IDS.length + PRODUCT_IDS.length) {
      const id = PRODUCT_IDS[i - LOCATION_IDS.length]!;
      entries.push(
        entry('catalog.product', {
          id,
          name: id,
          unit: 'pcs',
          price: { amount: 100 + i, currency: 'PLN' },
          taxRate: '23',
        }),
      );
    } else if (i % 10 === 0) {
      const id = PRODUCT_IDS[i % PRODUCT_IDS.length]!;
      entries.push(
        entry('catalog.product', { id, name: `${id} v${i}`, unit: 'pcs', price: { amount: 200 + i, currency: 'PLN' } }),
      );
    } else if (i % 17 === 0) {
      entries.push(
        entry('catalog.location', {
          id: LOCATION_IDS[i % LOCATION_IDS.length]!,
          name: `Renamed ${i}`,
          active: i % 2 === 0,
        }),
      );
    } else {
      entries.push(
        receiveEntry(PRODUCT_IDS[i % PRODUCT_IDS.length]!, LOCATION_IDS[(i * 5) % LOCATION_IDS.length]!, 1 + (i % 12)),
      );
    }
  }
  return entries;
}

/** Appends `count` sample events in transactions of `batch`, returning every stored record. */
export function seedLedger(ledger: Ledger, count: number, batch = 25): StoredRecord[] {
  const start = ledger.head().cursor;
  const all = sampleEntries(count, start);
  const stored: StoredRecord[] = [];
  for (let i = 0; i < all.length; i += batch) stored.push(...ledger.append(all.slice(i, i + batch)));
  return stored;
}

/**
 * Opens the ledger file in `dataDir` with a plain connection and removes the append-only triggers, as anyone with
 * file access could. The caller closes it.
 */
export function openForTampering(dataDir: string): Database {
  const db = new BetterSqlite3(ledgerFile(dataDir));
  db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
  return db;
}

/** Runs `edit` against the ledger file in `dataDir` with the append-only triggers gone. */
export function tamper(dataDir: string, edit: (db: Database) => void): void {
  const db = openForTampering(dataDir);
  try {
    edit(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Copies a closed ledger's data directory (the database file only) to a fresh temp dir. */
export function copyLedgerDir(fromDataDir: string): string {
  const to = tempDir();
  fs.copyFileSync(ledgerFile(fromDataDir), ledgerFile(to));
  return to;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach } from 'vitest';
import { openDatabase } from '../../src/main/hub/ledger/open-database.js';

const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A fresh directory removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backroom-security-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real migrated ledger file in a temp dir, closed after the test. */
export function tempDatabase(): Database {
  const db = openDatabase({ file: path.join(tempDir(), 'backroom.sqlite') });
  cleanups.push(() => db.close());
  return db;
}

/** A clock tests move by hand. */
export function manualClock(start = new Date('2025-03-01T10:00:00.000Z')): {
  now: () => Date;
  advance: (ms: number) => void;
} {
  let current = start.getTime();
  return { now: () => new Date(current), advance: (ms) => (current += ms) };
}

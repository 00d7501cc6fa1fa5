import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/main/hub/config/load-config.js';
import { startHub } from '../../src/main/hub/hub.js';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import { BackupScheduler } from '../../src/main/hub/ledger/backup-scheduler.js';
import { backupTo, listBackups, restoreFrom, RestoreError } from '../../src/main/hub/ledger/backups.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { LEDGER_FILE_NAME, ledgerFile, openDatabase } from '../../src/main/hub/ledger/open-database.js';
import { verifyLedger, type VerifyResult } from '../../src/main/hub/ledger/verify-ledger.js';
import { createLogger } from '../../src/main/hub/observability/logger.js';
import { MemorySecretStore } from '../../src/main/hub/security/memory-secret-store.js';
import { bundleCached, collect, runCli } from '../helpers/ledger-processes.js';
import { seedLedger, sleep, tamper, tempDir } from '../helpers/ledger-testkit.js';
import { CLOSED_LOOPBACK } from '../helpers/test-hub.js';

const APPENDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ledger-appender.ts');

function verifyFile(file: string): VerifyResult {
  const db = openDatabase({ file, readonly: true });
  try {
    return verifyLedger(db);
  } finally {
    db.close();
  }
}

function hashAt(file: string, cursor: number): string {
  const db = openDatabase({ file, readonly: true });
  try {
    return db.prepare('SELECT hash FROM events WHERE cursor = ?').pluck().get(cursor) as string;
  } finally {
    db.close();
  }
}

/** A closed ledger with `events` records in a fresh data dir. */
function ledgerWith(events: number): { dataDir: string; head: { cursor: number; hash: string } } {
  const dataDir = tempDir();
  const ledger = Ledger.open(dataDir);
  try {
    seedLedger(ledger, events, 50);
    return { dataDir, head: ledger.head() };
  } finally {
    ledger.close();
  }
}

describe('ledger backups', () => {
  it('an online backup taken while the hub keeps appending is a consistent, verifiable prefix', async () => {
    const dataDir = tempDir();
    const ledger = Ledger.open(dataDir);
    try {
      // Big enough that SQLite's backup takes many steps, with the event loop (and appends) running between them.
      const padding = 'x'.repeat(600);
      for (let i = 0; i < 20; i += 1) {
        ledger.append(
          Array.from({ length: 100 }, (_, j) => ({
            status: 'accepted' as const,
            event: hubEvent('catalog.product', { id: `p${i}-${j}`, name: padding, unit: 'pcs' }, 'test'),
          })),
        );
      }
      const before = ledger.head().cursor;

      let appending = true;
      let appendedDuring = 0;
      const appender = (async () => {
        while (appending) {
          seedLedger(ledger, 3, 3);
          appendedDuring += 3;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const file = path.join(tempDir(), 'nested', 'online.sqlite');
      const { bytes } = await backupTo(ledger.db, file);
      appending = false;
      await appender;

      expect(appendedDuring).toBeGreaterThan(0);
      expect(bytes).toBe(fs.statSync(file).size);
      expect(fs.existsSync(`${file}.partial`)).toBe(false);
      const result = verifyFile(file);
      expect(result.ok).toBe(true);
      expect(result.head.cursor).toBeGreaterThanOrEqual(before);
      expect(result.head.cursor).toBeLessThanOrEqual(ledger.head().cursor);
      // The backup's chain is the live chain up to its head: same hash at the same cursor.
      const live = ledger.db.prepare('SELECT hash FROM events WHERE cursor = ?').pluck().get(result.head.cursor);
      expect(result.head.hash).toBe(live);
    } finally {
      ledger.close();
    }
  });

  it('`backroom backup` + `restore` round trip: refused while a hub holds the lock, then restores and keeps the old file', async () => {
    const { dataDir, head } = ledgerWith(120);
    const backupFile = path.join(tempDir(), 'manual', 'before-change.sqlite');

    const backup = await runCli(['backup', backupFile, '--data-dir', dataDir]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(new RegExp(`backup written to ${backupFile} \\(\\d+ bytes\\)`));
    expect(verifyFile(backupFile)).toMatchObject({ ok: true, checked: 120, head });

    // Later history the restore will roll back.
    const later = Ledger.open(dataDir);
    seedLedger(later, 30, 10);
    later.close();

    const config = loadConfig({
      flags: {
        dataDir,
        'ui.port': 0,
        'lan.port': 0,
        'mdns.enabled': false,
        'backup.intervalMinutes': 0,
        'upstream.probes.internet': CLOSED_LOOPBACK,
        'upstream.probes.stripe': CLOSED_LOOPBACK,
      },
      env: {},
    });
    const hub = await startHub({ config, secrets: new MemorySecretStore(), logger: createLogger('silent') });
    let refused;
    try {
      refused = await runCli(['restore', backupFile, '--data-dir', dataDir]);
    } finally {
      await hub.stop();
    }
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`the hub (pid ${process.pid}) is running on ${dataDir}; stop it first`);
    expect(verifyFile(ledgerFile(dataDir))).toMatchObject({ ok: true, checked: 150 });

    const restored = await runCli(['restore', backupFile, '--data-dir', dataDir]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const kept = /the previous ledger is kept at (\S+)\n/.exec(restored.stdout)?.[1];
    expect(restored.stdout).toContain(`restored 120 records from ${backupFile}`);
    expect(kept).toBeDefined();
    expect(path.dirname(kept!)).toBe(dataDir);
    expect(path.basename(kept!)).toMatch(new RegExp(`^${LEDGER_FILE_NAME}\\.before-restore-`));

    expect(verifyFile(ledgerFile(dataDir))).toMatchObject({ ok: true, checked: 120, head });
    // The replaced ledger is intact beside it, with the history the restore rolled back.
    expect(verifyFile(kept!)).toMatchObject({ ok: true, checked: 150 });
    // And the restored data dir runs: a hub starts on it and keeps appending to the restored chain.
    const reopened = Ledger.open(dataDir);
    try {
      const [record] = seedLedger(reopened, 1);
      expect(record!.cursor).toBe(121);
      expect(record!.prevHash).toBe(head.hash);
    } finally {
      reopened.close();
    }
  });

  it('restore refuses a tampered backup (CLI and in-process) and leaves the current ledger untouched', async () => {
    const source = ledgerWith(60);
    const backupFile = path.join(tempDir(), 'tampered.sqlite');
    fs.copyFileSync(ledgerFile(source.dataDir), backupFile);
    const backupDir = path.dirname(backupFile);
    fs.renameSync(backupFile, ledgerFile(backupDir));
    tamper(backupDir, (db) => {
      const record = db.prepare('SELECT record FROM events WHERE cursor = 37').pluck().get() as string;
      db.prepare('UPDATE events SET record = ? WHERE cursor = 37').run(record.replace('"test"', '"mallory"'));
    });
    fs.renameSync(ledgerFile(backupDir), backupFile);

    const target = ledgerWith(10);
    const run = await runCli(['restore', backupFile, '--data-dir', target.dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`backup ${backupFile} fails verification at cursor 37`);
    expect(() => restoreFrom(backupFile, target.dataDir)).toThrow(RestoreError);

    expect(fs.readdirSync(target.dataDir).filter((name) => name.includes('before-restore'))).toEqual([]);
    expect(verifyFile(ledgerFile(target.dataDir))).toMatchObject({ ok: true, checked: 10, head: target.head });
  });

  it('restore after a crash keeps the whole previous ledger, including commits still in its WAL', async () => {
    // A writer killed with SIGKILL leaves its latest commits in backroom.sqlite-wal, not yet in the main file.
    const dataDir = tempDir();
    const child = spawn(process.execPath, [await bundleCached(APPENDER), dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const done = collect(child, 15_000);
    let acks = 0;
    child.stdout!.on('data', (chunk: string) => {
      acks += chunk.split('\n').filter((line) => line.startsWith('ack ')).length;
      if (acks >= 200) child.kill('SIGKILL');
    });
    const result = await done;
    expect(result.signal).toBe('SIGKILL');
    const acked = result.stdout
      .split('\n')
      .slice(0, -1)
      .filter((line) => line.startsWith('ack '));
    const lastAcked = Number(acked.at(-1)!.split(' ')[1]);
    expect(fs.statSync(`${ledgerFile(dataDir)}-wal`).size).toBeGreaterThan(0);

    const backup = ledgerWith(10);
    const backupFile = path.join(tempDir(), 'good.sqlite');
    fs.copyFileSync(ledgerFile(backup.dataDir), backupFile);
    const { replaced } = restoreFrom(backupFile, dataDir);

    expect(verifyFile(ledgerFile(dataDir))).toMatchObject({ ok: true, checked: 10, head: backup.head });
    const kept = verifyFile(replaced!);
    expect(kept.ok).toBe(true);
    expect(kept.head.cursor).toBeGreaterThanOrEqual(lastAcked);
  });

  it('restore refuses files that are not a ledger this version can open', () => {
    const target = ledgerWith(5);
    const garbage = path.join(tempDir(), 'garbage.sqlite');
    fs.writeFileSync(garbage, 'this is not a database'.repeat(100));
    expect(() => restoreFrom(garbage, target.dataDir)).toThrow(/cannot be opened/);
    expect(() => restoreFrom(path.join(tempDir(), 'missing.sqlite'), target.dataDir)).toThrow(/does not exist/);

    const future = ledgerWith(3);
    const futureDb = openDatabase({ file: ledgerFile(future.dataDir) });
    futureDb.pragma('user_version = 999');
    futureDb.close();
    expect(() => restoreFrom(ledgerFile(future.dataDir), target.dataDir)).toThrow(/schema version 999/);
    expect(verifyFile(ledgerFile(target.dataDir))).toMatchObject({ ok: true, checked: 5, head: target.head });
  });

  it('BackupScheduler.runOnce writes verifiable backups and prunes to `keep`, newest kept', async () => {
    const { dataDir } = ledgerWith(30);
    const dir = path.join(tempDir(), 'scheduled');
    const ledger = Ledger.open(dataDir);
    const scheduler = new BackupScheduler(ledger.db, { dir, intervalMinutes: 0, keep: 3 }, createLogger('silent'));
    try {
      expect(scheduler.lastBackup()).toBeNull();
      const seen: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        seedLedger(ledger, 1);
        // Two concurrent calls share one run rather than writing two files.
        await Promise.all([scheduler.runOnce(), scheduler.runOnce()]);
        seen.push(listBackups(dir)[0]!);
        expect(listBackups(dir).length).toBe(Math.min(i + 1, 3));
        await sleep(3); // backup names have millisecond resolution
      }
      const remaining = listBackups(dir);
      expect(remaining).toEqual(seen.slice(-3).reverse());
      expect(scheduler.lastBackup()).toBe(path.basename(seen.at(-1)!));
      expect(fs.readdirSync(dir).sort()).toEqual(remaining.map((file) => path.basename(file)).sort());
      // The newest holds every record; each is a sound ledger.
      expect(verifyFile(remaining[0]!)).toMatchObject({ ok: true, checked: 36 });
      for (const file of remaining) expect(verifyFile(file).ok).toBe(true);
      expect(hashAt(remaining[2]!, 34)).toBe(hashAt(ledgerFile(dataDir), 34));
    } finally {
      await scheduler.stop();
      ledger.close();
    }
  });
});

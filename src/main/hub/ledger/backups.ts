import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { LEDGER_FILE_NAME, ledgerFile, openDatabase } from './open-database.js';
import { verifyLedger } from './verify-ledger.js';

/** Online backup through SQLite's backup API: consistent while the hub keeps writing. */
export async function backupTo(db: Database, file: string): Promise<{ file: string; bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  await db.backup(partial);
  fs.renameSync(partial, file);
  return { file, bytes: fs.statSync(file).size };
}

export function backupFileName(at: Date): string {
  return `backroom-${at.toISOString().replace(/[:.]/g, '-')}.sqlite`;
}

/** Backups in `dir` made by the scheduler, newest first. */
export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => /^backroom-.*\.sqlite$/.test(name))
    .sort()
    .reverse()
    .map((name) => path.join(dir, name));
}

export function pruneBackups(dir: string, keep: number): string[] {
  const removed = listBackups(dir).slice(keep);
  for (const file of removed) fs.rmSync(file, { force: true });
  return removed;
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/**
 * Replaces the data directory's ledger with a backup after proving the backup is a sound ledger this version can
 * open. The current database is kept beside it, never deleted.
 */
export function restoreFrom(backupFile: string, dataDir: string): { replaced: string | null; events: number } {
  if (!fs.existsSync(backupFile)) throw new RestoreError(`backup file ${backupFile} does not exist`);
  let events: number;
  try {
    const candidate = openDatabase({ file: backupFile, readonly: true });
    try {
      const result = verifyLedger(candidate);
      if (!result.ok) {
        throw new RestoreError(
          `backup ${backupFile} fails verification at cursor ${result.firstBreak!.cursor}: ${result.firstBreak!.reason}`,
        );
      }
      events = result.checked;
    } finally {
      candidate.close();
    }
  } catch (error) {
    if (error instanceof RestoreError) throw error;
    throw new RestoreError(`backup ${backupFile} cannot be opened: ${(error as Error).message}`);
  }
  const target = ledgerFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  let replaced: string | null = null;
  if (fs.existsSync(target)) {
    replaced = path.join(
      dataDir,
      `${LEDGER_FILE_NAME}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    );
    fs.renameSync(target, replaced);
    // The WAL holds every commit not yet checkpointed into the main file (after a crash, possibly all recent
    // ones): it must travel with the file it belongs to, or the kept copy silently loses them.
    if (fs.existsSync(`${target}-wal`)) fs.renameSync(`${target}-wal`, `${replaced}-wal`);
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  fs.copyFileSync(backupFile, target);
  return { replaced, events };
}

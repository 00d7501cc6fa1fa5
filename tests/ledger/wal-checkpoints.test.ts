import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ledgerFile } from '../../src/main/hub/ledger/open-database.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import {
  BACKSTOP_AUTOCHECKPOINT_PAGES,
  INLINE_AUTOCHECKPOINT_PAGES,
  WalCheckpoints,
} from '../../src/main/hub/ledger/wal-checkpoints.js';
import { sampleEntries, tempDir } from '../helpers/ledger-testkit.js';

describe('WAL checkpoints on their own thread', () => {
  let ledger: Ledger;
  let checkpoints: WalCheckpoints;
  afterEach(async () => {
    await checkpoints.close();
    ledger.close();
  });

  function open(dataDir = tempDir()): void {
    ledger = Ledger.open(dataDir);
    checkpoints = new WalCheckpoints(ledger.db, 0);
    ledger.onCommit(() => checkpoints.committed());
  }

  it('copies committed pages into the database file while the writer only appends to the WAL', async () => {
    const dataDir = tempDir();
    open(dataDir);
    expect(ledger.db.pragma('wal_autocheckpoint', { simple: true })).toBe(INLINE_AUTOCHECKPOINT_PAGES);
    const fileBefore = fs.statSync(ledgerFile(dataDir)).size;

    const reported = checkpoints.nextReport();
    for (const entry of sampleEntries(300)) ledger.append([entry]);
    // The thread started with the first commit; from then on the writer leaves checkpoints to it.
    expect(ledger.db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_AUTOCHECKPOINT_PAGES);
    expect((await reported).error).toBeUndefined();

    // Commits have stopped: the thread catches up with every frame in the WAL.
    let report = await checkpoints.nextReport();
    while (report.backfilled < report.walFrames) {
      // A checkpoint that met a commit half way is followed by another only after a further commit.
      ledger.append(sampleEntries(1, ledger.head().cursor));
      report = await checkpoints.nextReport();
    }
    expect(report.walFrames).toBeGreaterThan(0);
    expect(report.backfilled).toBe(report.walFrames);
    // 300 one-record commits are far below the writer's backstop: only the thread can have put them in the file.
    expect(fs.statSync(ledgerFile(dataDir)).size).toBeGreaterThan(fileBefore + 100 * 1024);
  });

  it('leaves a ledger that closes, checkpoints fully and reopens whole', async () => {
    const dataDir = tempDir();
    open(dataDir);
    for (const entry of sampleEntries(50)) ledger.append([entry]);
    await checkpoints.close();
    ledger.close();

    ledger = Ledger.open(dataDir);
    expect(ledger.head().cursor).toBe(50);
    expect(verifyLedger(ledger.db).ok).toBe(true);
    expect(fs.statSync(`${ledgerFile(dataDir)}-wal`).size).toBe(0);
  });

  it('gives checkpoints back to the writer when the thread cannot open the ledger', async () => {
    const dataDir = tempDir();
    open(dataDir);
    // The writer keeps its open file; the thread, opening by name, finds none.
    fs.renameSync(ledgerFile(dataDir), `${ledgerFile(dataDir)}.moved`);
    ledger.append(sampleEntries(1));
    await expect.poll(() => ledger.db.pragma('wal_autocheckpoint', { simple: true })).toBe(INLINE_AUTOCHECKPOINT_PAGES);
    ledger.append(sampleEntries(1, 1));
    expect(ledger.head().cursor).toBe(2);
    fs.renameSync(`${ledgerFile(dataDir)}.moved`, ledgerFile(dataDir));
  });
});

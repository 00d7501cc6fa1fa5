import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildProjections, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import { ledgerFile, openDatabase } from '../../src/main/hub/ledger/open-database.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { bundleCached, collect } from '../helpers/ledger-processes.js';
import { tempDir } from '../helpers/ledger-testkit.js';

const APPENDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ledger-appender.ts');
const ROUNDS = 25;
/** The whole test stops starting new rounds after this, so a slow machine can't blow the suite's budget. */
const BUDGET_MS = 18_000;

interface Round {
  acked: Map<number, string>;
  sawReady: boolean;
}

/**
 * Starts the appender and SIGKILLs it at a random moment: usually while it appends, sometimes while it is still
 * opening (or creating and migrating) the database.
 */
async function killedRun(bundle: string, dataDir: string): Promise<Round> {
  const child = spawn(process.execPath, [bundle, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = collect(child, 15_000);
  let sawReady = false;
  let buffered = '';
  const earlyKill = Math.random() < 0.2;
  const kill = () => child.kill('SIGKILL');
  if (earlyKill) setTimeout(kill, Math.random() * 150);
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk;
    if (!sawReady && buffered.includes('ready\n')) {
      sawReady = true;
      if (!earlyKill) setTimeout(kill, 5 + Math.random() * 200);
    }
  });
  const result = await done;
  expect(result.stderr).toBe('');
  expect(result.signal).toBe('SIGKILL');
  const acked = new Map<number, string>();
  // Only whole lines count: a line cut by the kill was never fully acknowledged.
  for (const line of result.stdout.split('\n').slice(0, -1)) {
    const match = /^ack (\d+) (\S+)$/.exec(line);
    if (match) acked.set(Number(match[1]), match[2]!);
  }
  return { acked, sawReady };
}

describe('ledger crash safety', () => {
  let bundle: string;

  beforeAll(async () => {
    // Bundled once (cached), so each of the many restarts costs a plain `node` start, not a TypeScript compile.
    bundle = await bundleCached(APPENDER);
  });

  it(`an appender killed with SIGKILL ${ROUNDS} times loses no acknowledged write and leaves a sound chain`, async () => {
    const dataDir = tempDir();
    const acked = new Map<number, string>();
    const started = Date.now();
    let rounds = 0;
    let killedWhileAppending = 0;

    while (rounds < ROUNDS && Date.now() - started < BUDGET_MS) {
      rounds += 1;
      const round = await killedRun(bundle, dataDir);
      if (round.sawReady) killedWhileAppending += 1;
      for (const [cursor, eventId] of round.acked) acked.set(cursor, eventId);

      // After every crash: the database opens (recovering its WAL), the chain is whole and gap-free, and every
      // cursor the child acknowledged is there with the same event.
      const db = openDatabase({ file: ledgerFile(dataDir) });
      try {
        const result = verifyLedger(db);
        expect(result.firstBreak).toBeUndefined();
        expect(result.ok).toBe(true);
        const rows = db
          .prepare<[], { cursor: number; event_id: string }>('SELECT cursor, event_id FROM events ORDER BY cursor')
          .all();
        expect(rows.length).toBe(result.head.cursor);
        rows.forEach((row, i) => expect(row.cursor).toBe(i + 1));
        const stored = new Map(rows.map((row) => [row.cursor, row.event_id]));
        for (const [cursor, eventId] of acked)
          expect(stored.get(cursor), `acknowledged cursor ${cursor}`).toBe(eventId);
      } finally {
        db.close();
      }
    }

    expect(rounds).toBeGreaterThanOrEqual(10);
    expect(killedWhileAppending).toBeGreaterThanOrEqual(5);
    expect(acked.size).toBeGreaterThan(100);

    // Projections committed with their records: what survived the crashes is exactly what a rebuild derives.
    const db = openDatabase({ file: ledgerFile(dataDir) });
    try {
      const live = snapshotProjections(db);
      expect(live.stock!.length).toBeGreaterThan(0);
      rebuildProjections(db);
      expect(snapshotProjections(db)).toEqual(live);
    } finally {
      db.close();
    }
  });
});

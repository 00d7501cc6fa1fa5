import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { canonicalJson } from '../../src/shared/canonical-json.js';
import { chainHash, type LedgerRecord } from '../../src/main/hub/ledger/event-log.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ledgerFile, openDatabase } from '../../src/main/hub/ledger/open-database.js';
import { verifyLedger, type VerifyResult } from '../../src/main/hub/ledger/verify-ledger.js';
import { runCli, type ProcessResult } from '../helpers/ledger-processes.js';
import { copyLedgerDir, seedLedger, tamper, tempDir } from '../helpers/ledger-testkit.js';

const EVENTS = 50;

function verifyDir(dataDir: string): VerifyResult {
  const db = openDatabase({ file: ledgerFile(dataDir), readonly: true });
  try {
    return verifyLedger(db);
  } finally {
    db.close();
  }
}

function recordAt(db: Database, cursor: number): LedgerRecord {
  const row = db.prepare<[number], { record: string }>('SELECT record FROM events WHERE cursor = ?').get(cursor)!;
  return JSON.parse(row.record) as LedgerRecord;
}

interface Case {
  name: string;
  /** The cursor verification must name. */
  broken: number;
  reason: RegExp;
  edit: (db: Database) => void;
}

const cases: Case[] = [
  {
    name: "a row's record is changed (a receipt's quantity raised)",
    broken: 23,
    reason: /hash does not match/,
    edit(db) {
      const record = recordAt(db, 23);
      expect(record.event.type).toBe('inventory.receive');
      record.event.payload.quantity = 9999;
      db.prepare('UPDATE events SET record = ? WHERE cursor = 23').run(canonicalJson(record));
    },
  },
  {
    name: 'a row is deleted',
    broken: 31,
    reason: /cursor 31 is missing/,
    edit(db) {
      db.prepare('DELETE FROM events WHERE cursor = 31').run();
    },
  },
  {
    name: "a row's hash is changed",
    broken: 17,
    reason: /hash does not match/,
    edit(db) {
      db.prepare('UPDATE events SET hash = ? WHERE cursor = 17').run('f'.repeat(64));
    },
  },
  {
    name: 'the indexed type columns of two rows are swapped',
    broken: 40,
    reason: /indexed columns disagree/,
    edit(db) {
      const type40 = db.prepare('SELECT type FROM events WHERE cursor = 40').pluck().get() as string;
      const type41 = db.prepare('SELECT type FROM events WHERE cursor = 41').pluck().get() as string;
      expect(type40).not.toBe(type41);
      db.prepare('UPDATE events SET type = ? WHERE cursor = 40').run(type41);
      db.prepare('UPDATE events SET type = ? WHERE cursor = 41').run(type40);
    },
  },
  {
    name: 'a record is changed and its own hash recomputed (the next row no longer chains to it)',
    broken: 13,
    reason: /prev_hash does not match/,
    edit(db) {
      const record = recordAt(db, 12);
      record.event.payload.quantity = 1;
      record.event.actor = 'mallory';
      const json = canonicalJson(record);
      const prev = db.prepare('SELECT prev_hash FROM events WHERE cursor = 12').pluck().get() as string;
      db.prepare('UPDATE events SET record = ?, hash = ? WHERE cursor = 12').run(json, chainHash(prev, json));
    },
  },
];

describe('ledger tamper detection', () => {
  let pristine: string;
  const tampered = new Map<string, string>();
  const cli = new Map<string, ProcessResult>();

  beforeAll(async () => {
    pristine = tempDir();
    const ledger = Ledger.open(pristine);
    try {
      const stored = seedLedger(ledger, EVENTS, 7);
      expect(stored.map((r) => r.cursor)).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
      expect(new Set(stored.map((r) => r.event.type))).toEqual(
        new Set(['catalog.location', 'catalog.product', 'inventory.receive']),
      );
    } finally {
      ledger.close();
    }
    for (const c of cases) {
      const dir = copyLedgerDir(pristine);
      tamper(dir, c.edit);
      tampered.set(c.name, dir);
    }
    // The CLI runs are the slow part (a Node start each): run them all at once.
    const runs = [['sound', pristine] as const, ...cases.map((c) => [c.name, tampered.get(c.name)!] as const)].map(
      async ([name, dir]) => cli.set(name, await runCli(['ledger', 'verify', '--data-dir', dir])),
    );
    await Promise.all(runs);
  });

  it('an untampered ledger verifies in-process and the CLI says "ledger sound" with exit 0', () => {
    const result = verifyDir(pristine);
    expect(result).toMatchObject({ ok: true, checked: EVENTS, head: { cursor: EVENTS } });
    expect(result.firstBreak).toBeUndefined();
    const run = cli.get('sound')!;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ledger sound: ${EVENTS} records, head cursor ${EVENTS}, hash ${result.head.hash}`);
  });

  it('the append-only triggers refuse updates and deletes through SQL', () => {
    const db = openDatabase({ file: ledgerFile(copyLedgerDir(pristine)) });
    try {
      expect(() => db.prepare("UPDATE events SET type = 'x' WHERE cursor = 1").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM events WHERE cursor = 1').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  for (const c of cases) {
    it(`names exactly cursor ${c.broken} when ${c.name}`, () => {
      const result = verifyDir(tampered.get(c.name)!);
      expect(result.ok).toBe(false);
      expect(result.firstBreak?.cursor).toBe(c.broken);
      expect(result.firstBreak?.reason).toMatch(c.reason);
      expect(result.checked).toBe(c.broken - 1);

      const run = cli.get(c.name)!;
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`^ledger BROKEN at cursor ${c.broken}: `, 'm'));
      expect(run.stdout).toContain(`(${c.broken - 1} records before it are sound)`);
      expect(run.stdout).not.toContain('ledger sound');
    });
  }
});

import { afterEach, describe, expect, it } from 'vitest';
import { CommitGroups } from '../../src/main/hub/ledger/commit-groups.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ForegroundHolds } from '../../src/main/hub/scheduling/foreground-holds.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { sampleEntries, tempDir } from '../helpers/ledger-testkit.js';

describe('CommitGroups', () => {
  let ledger: Ledger;
  afterEach(() => ledger.close());

  it('commits the writes of one turn together, answers each after the commit and undoes only a write that threw', async () => {
    ledger = Ledger.open(tempDir());
    const groups = new CommitGroups(ledger);
    const commits: number[] = [];
    ledger.onCommit((cursor) => commits.push(cursor));
    const entries = sampleEntries(3, 0);
    const answeredInTransaction: boolean[] = [];
    const first = groups.run(() => ledger.append([entries[0]!])[0]!.cursor);
    const failing = groups.run(() => {
      ledger.append([entries[1]!]);
      throw new Error('refused halfway');
    });
    const third = groups.run(() => ledger.append([entries[2]!])[0]!.cursor);
    const settled = await Promise.allSettled(
      [first, failing, third].map((p) => p.finally(() => answeredInTransaction.push(ledger.db.inTransaction))),
    );

    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[0]).toMatchObject({ value: 1 });
    // The write that threw took back its own record, so the next one got its cursor.
    expect(settled[2]).toMatchObject({ value: 2 });
    expect(commits).toEqual([2]);
    expect(answeredInTransaction).toEqual([false, false, false]);
    expect(verifyLedger(ledger.db).ok).toBe(true);
  });

  it('bounds a group by the weight of its writes, committing the rest in the next group', async () => {
    ledger = Ledger.open(tempDir());
    const groups = new CommitGroups(ledger, { maxWeight: 3 });
    const commits: number[] = [];
    ledger.onCommit((cursor) => commits.push(cursor));
    const entries = sampleEntries(4, 0);
    await Promise.all([
      groups.run(() => ledger.append([entries[0]!]), 1),
      groups.run(() => ledger.append([entries[1]!]), 2),
      groups.run(() => ledger.append([entries[2]!]), 1),
      groups.run(() => ledger.append([entries[3]!]), 5),
    ]);
    expect(commits).toEqual([2, 3, 4]);
  });

  it('starts a new group for writes that arrive after a commit', async () => {
    ledger = Ledger.open(tempDir());
    const groups = new CommitGroups(ledger);
    const commits: number[] = [];
    ledger.onCommit((cursor) => commits.push(cursor));
    const [a, b] = sampleEntries(2, 0);
    await groups.run(() => ledger.append([a!]));
    await groups.run(() => ledger.append([b!]));
    expect(commits).toEqual([1, 2]);
  });

  it('holds the next group while someone waits at the hardware, and commits it when the hold ends', async () => {
    ledger = Ledger.open(tempDir());
    const holds = new ForegroundHolds();
    const groups = new CommitGroups(ledger, { gate: holds });
    const commits: number[] = [];
    ledger.onCommit((cursor) => commits.push(cursor));
    const [a, b] = sampleEntries(2, 0);
    await groups.run(() => ledger.append([a!]));
    const release = holds.hold(60_000);
    const held = groups.run(() => ledger.append([b!]));
    // Many turns of the loop pass; the drawer's I/O has them to itself.
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(commits).toEqual([1]);
    release();
    await held;
    expect(commits).toEqual([1, 2]);
  });
});

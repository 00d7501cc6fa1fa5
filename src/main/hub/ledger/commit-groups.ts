import type { Ledger } from './ledger.js';

interface Waiting {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit (issue 11): writes that become ready in the same turn of the event loop share one transaction, so
 * fifty tills pushing one event each cost one fsync rather than fifty. Each write runs in its own savepoint, so one
 * that throws takes back only itself; nobody is answered before the shared commit is durable, and if the commit
 * itself fails, every write in the group fails with it.
 */
export class CommitGroups {
  private waiting: Waiting[] = [];

  constructor(private readonly ledger: Ledger) {}

  /** Runs `work` in the next group transaction; resolves with its value after that transaction has committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // setImmediate runs after the poll phase, once every request that arrived with this one has had its turn.
      if (this.waiting.length === 1) setImmediate(() => this.commit());
    });
  }

  private commit(): void {
    const group = this.waiting;
    this.waiting = [];
    let outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
    try {
      outcomes = this.ledger.transaction(() =>
        group.map(({ work }) => {
          try {
            return { ok: true as const, value: this.ledger.transaction(work) };
          } catch (error) {
            return { ok: false as const, error };
          }
        }),
      );
    } catch (error) {
      for (const { reject } of group) reject(error);
      return;
    }
    outcomes.forEach((outcome, index) => {
      const { resolve, reject } = group[index]!;
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  }
}

import type { BulkGate } from '../scheduling/foreground-holds.js';
import type { Ledger } from './ledger.js';

interface Waiting {
  work: () => unknown;
  weight: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit (issue 11): writes that become ready in the same turn of the event loop share one transaction, so
 * fifty tills pushing one event each cost one fsync rather than fifty. Each write runs in its own savepoint, so one
 * that throws takes back only itself; nobody is answered before the shared commit is durable, and if the commit
 * itself fails, every write in the group fails with it. A group is bounded by the weight of its writes (events):
 * one long transaction would hold the event loop, and a drawer kick behind it, for as long as it takes. Between
 * groups, `gate` may hold the next one back while someone waits at the hardware (ForegroundHolds).
 */
export class CommitGroups {
  private waiting: Waiting[] = [];
  private readonly gate: BulkGate | undefined;
  private readonly maxWeight: number;

  constructor(
    private readonly ledger: Ledger,
    options: { gate?: BulkGate | undefined; maxWeight?: number } = {},
  ) {
    this.gate = options.gate;
    this.maxWeight = options.maxWeight ?? 500;
  }

  /**
   * Runs `work` in the next group transaction; resolves with its value after that transaction has committed.
   * `weight` is what the work writes (events), which bounds the group; a heavier write still gets a group of its own.
   */
  run<T>(work: () => T, weight = 1): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, weight, resolve: resolve as (value: unknown) => void, reject });
      // setImmediate runs after the poll phase, once every request that arrived with this one has had its turn.
      if (this.waiting.length === 1) setImmediate(() => this.commit());
    });
  }

  private commit(): void {
    const held = this.gate?.whenFree();
    if (held) {
      void held.then(() => this.commit());
      return;
    }
    let weight = 0;
    let size = 0;
    while (size < this.waiting.length && (size === 0 || weight + this.waiting[size]!.weight <= this.maxWeight)) {
      weight += this.waiting[size]!.weight;
      size += 1;
    }
    const group = this.waiting.splice(0, size);
    if (this.waiting.length > 0) setImmediate(() => this.commit());
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

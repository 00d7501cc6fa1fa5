import type { UnsignedEnvelope } from '../../shared/protocol/envelope.js';
import type { PushResult, StockLevel } from '../../shared/protocol/device-api.js';
import {
  SYNC_STATUSES,
  type DeviceMeta,
  type DeviceStorage,
  type EventDraft,
  type OutboxEntry,
  type StockChange,
  type SyncStatus,
} from '../core/ports.js';
import { syncStatusOf } from './sync-status.js';

/**
 * Device storage in memory: for tests and throwaway simulated devices. Lost with the process.
 *
 * Outbox reads cost what they return, not the outbox's size: a push reads it once per batch, so whole-outbox scans
 * and sorts made a backlog's sync quadratic. Stored envelopes are frozen and handed out without copying them.
 */
export class MemoryStorage implements DeviceStorage {
  private readonly meta = new Map<keyof DeviceMeta, unknown>();
  /** Seqs are allocated 1, 2, 3… and never removed, so seq n is found directly. */
  private readonly outbox = new Map<number, OutboxEntry>();
  private readonly seqById = new Map<string, number>();
  private lastSeq = 0;
  /** No entry below this seq is pending. */
  private pendingFrom = 1;
  private readonly failedSeqs = new Set<number>();
  private cursor: number | undefined;
  private readonly stock = new Map<string, number>();

  async getMeta<K extends keyof DeviceMeta>(key: K): Promise<DeviceMeta[K] | undefined> {
    return structuredClone(this.meta.get(key) as DeviceMeta[K] | undefined);
  }

  async setMeta<K extends keyof DeviceMeta>(key: K, value: DeviceMeta[K]): Promise<void> {
    this.meta.set(key, structuredClone(value));
  }

  async enqueue(draft: EventDraft): Promise<UnsignedEnvelope> {
    const envelope: UnsignedEnvelope = deepFreeze({ ...structuredClone(draft), seq: ++this.lastSeq });
    this.outbox.set(envelope.seq, { envelope, status: 'pending' });
    this.seqById.set(envelope.id, envelope.seq);
    return structuredClone(envelope);
  }

  async attachSignature(seq: number, sig: string): Promise<void> {
    const entry = this.outbox.get(seq);
    if (!entry) throw new Error(`no outbox entry with seq ${seq}`);
    // The payload inside is already frozen.
    entry.envelope = Object.freeze({ ...entry.envelope, sig });
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    while (this.pendingFrom <= this.lastSeq && this.outbox.get(this.pendingFrom)?.status !== 'pending') {
      this.pendingFrom++;
    }
    const entries: OutboxEntry[] = [];
    for (let seq = this.pendingFrom; seq <= this.lastSeq && entries.length < limit; seq++) {
      const entry = this.outbox.get(seq);
      if (entry?.status === 'pending') entries.push(copyOf(entry));
    }
    return entries;
  }

  async firstFailed(): Promise<OutboxEntry | undefined> {
    if (this.failedSeqs.size === 0) return undefined;
    return copyOf(this.outbox.get(Math.min(...this.failedSeqs))!);
  }

  async markResults(results: readonly PushResult[]): Promise<void> {
    for (const result of results) {
      const seq = result.id === null ? undefined : this.seqById.get(result.id);
      const entry = seq === undefined ? undefined : this.outbox.get(seq);
      if (!entry) continue;
      entry.status = syncStatusOf(result.status);
      entry.result = isFlat(result) ? { ...result } : structuredClone(result);
      if (entry.status === 'failed') this.failedSeqs.add(seq!);
      else this.failedSeqs.delete(seq!);
    }
  }

  async retryFailed(): Promise<number> {
    for (const seq of this.failedSeqs) {
      this.outbox.get(seq)!.status = 'pending';
      this.pendingFrom = Math.min(this.pendingFrom, seq);
    }
    const count = this.failedSeqs.size;
    this.failedSeqs.clear();
    return count;
  }

  async entry(eventId: string): Promise<OutboxEntry | undefined> {
    const seq = this.seqById.get(eventId);
    const entry = seq === undefined ? undefined : this.outbox.get(seq);
    return entry && copyOf(entry);
  }

  async counts(): Promise<Record<SyncStatus, number>> {
    const counts = Object.fromEntries(SYNC_STATUSES.map((status) => [status, 0])) as Record<SyncStatus, number>;
    for (const entry of this.outbox.values()) counts[entry.status]++;
    return counts;
  }

  async hubCursor(): Promise<number | undefined> {
    return this.cursor;
  }

  async replaceHubState(snapshot: { cursor: number; stock: readonly StockLevel[] }): Promise<void> {
    this.stock.clear();
    for (const level of snapshot.stock) this.stock.set(stockKey(level.productId, level.locationId), level.quantity);
    this.cursor = snapshot.cursor;
  }

  async applyHubChanges(cursor: number, changes: readonly StockChange[]): Promise<void> {
    for (const change of changes) {
      const key = stockKey(change.productId, change.locationId);
      this.stock.set(key, 'set' in change ? change.set : (this.stock.get(key) ?? 0) + change.delta);
    }
    this.cursor = cursor;
  }

  async stockLevel(productId: string, locationId: string): Promise<number | undefined> {
    return this.stock.get(stockKey(productId, locationId));
  }

  async close(): Promise<void> {}
}

/**
 * The caller's own entry and result around the shared frozen envelope (cloning every pushed envelope cost more than
 * the rest of a push).
 */
function copyOf(entry: OutboxEntry): OutboxEntry {
  return {
    envelope: entry.envelope,
    status: entry.status,
    ...(entry.result ? { result: structuredClone(entry.result) } : {}),
  };
}

/** Most results (accepted, replayed) have no members of their own to copy, and cloning each was a push's next cost. */
function isFlat(value: object): boolean {
  return Object.values(value).every((member) => typeof member !== 'object' || member === null);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

function stockKey(productId: string, locationId: string): string {
  return JSON.stringify([productId, locationId]);
}

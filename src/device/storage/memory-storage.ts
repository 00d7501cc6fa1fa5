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

/** Device storage in memory: for tests and throwaway simulated devices. Lost with the process. */
export class MemoryStorage implements DeviceStorage {
  private readonly meta = new Map<keyof DeviceMeta, unknown>();
  private readonly outbox = new Map<number, OutboxEntry>();
  private readonly seqById = new Map<string, number>();
  private lastSeq = 0;
  private cursor: number | undefined;
  private readonly stock = new Map<string, number>();

  async getMeta<K extends keyof DeviceMeta>(key: K): Promise<DeviceMeta[K] | undefined> {
    return structuredClone(this.meta.get(key) as DeviceMeta[K] | undefined);
  }

  async setMeta<K extends keyof DeviceMeta>(key: K, value: DeviceMeta[K]): Promise<void> {
    this.meta.set(key, structuredClone(value));
  }

  async enqueue(draft: EventDraft): Promise<UnsignedEnvelope> {
    const envelope: UnsignedEnvelope = { ...structuredClone(draft), seq: ++this.lastSeq };
    this.outbox.set(envelope.seq, { envelope, status: 'pending' });
    this.seqById.set(envelope.id, envelope.seq);
    return structuredClone(envelope);
  }

  async attachSignature(seq: number, sig: string): Promise<void> {
    const entry = this.outbox.get(seq);
    if (!entry) throw new Error(`no outbox entry with seq ${seq}`);
    entry.envelope = { ...entry.envelope, sig };
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    return this.sorted()
      .filter((entry) => entry.status === 'pending')
      .slice(0, limit)
      .map((entry) => structuredClone(entry));
  }

  async firstFailed(): Promise<OutboxEntry | undefined> {
    return structuredClone(this.sorted().find((entry) => entry.status === 'failed'));
  }

  async markResults(results: readonly PushResult[]): Promise<void> {
    for (const result of results) {
      const seq = result.id === null ? undefined : this.seqById.get(result.id);
      const entry = seq === undefined ? undefined : this.outbox.get(seq);
      if (!entry) continue;
      entry.status = syncStatusOf(result.status);
      entry.result = structuredClone(result);
    }
  }

  async retryFailed(): Promise<number> {
    let count = 0;
    for (const entry of this.outbox.values()) {
      if (entry.status !== 'failed') continue;
      entry.status = 'pending';
      count++;
    }
    return count;
  }

  async entry(eventId: string): Promise<OutboxEntry | undefined> {
    const seq = this.seqById.get(eventId);
    return seq === undefined ? undefined : structuredClone(this.outbox.get(seq));
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

  private sorted(): OutboxEntry[] {
    return [...this.outbox.values()].sort((a, b) => a.envelope.seq - b.envelope.seq);
  }
}

function stockKey(productId: string, locationId: string): string {
  return JSON.stringify([productId, locationId]);
}

import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson, canonicalObject } from '../../../shared/canonical-json.js';

export type RecordStatus = 'accepted' | 'conflict' | 'refused';

/** What a ledger row says happened. `event` is the device envelope (with its sig) or a hub-made event. */
export interface LedgerEvent {
  id: string;
  type: string;
  v: number;
  occurredAt: string;
  payload: Record<string, unknown>;
  deviceId?: string;
  seq?: number;
  actor?: string;
  [field: string]: unknown;
}

export interface LedgerRecord {
  cursor: number;
  recordedAt: string;
  status: RecordStatus;
  event: LedgerEvent;
  outcome?: Record<string, unknown>;
}

export interface StoredRecord extends LedgerRecord {
  prevHash: string;
  hash: string;
}

export type AppendInput = Omit<LedgerRecord, 'cursor' | 'recordedAt'> & { recordedAt?: string; eventJson?: string };

export const GENESIS_HASH = '0'.repeat(64);

export function chainHash(prevHash: string, recordJson: string): string {
  return createHash('sha256').update(prevHash).update(recordJson).digest('hex');
}

interface Row {
  cursor: number;
  record: string;
  prev_hash: string;
  hash: string;
}

/** A row with its indexed columns, which verification compares against the hashed record. */
export interface RawRow extends Row {
  event_id: string;
  device_id: string | null;
  seq: number | null;
  type: string;
  status: string;
}

export interface LedgerHead {
  cursor: number;
  hash: string;
}

/**
 * The append-only event log. Appends must run inside the caller's transaction together with the projection
 * updates and outbox rows they cause, so the head is read inside the same transaction, never cached across it.
 */
export class EventLog {
  private readonly insert: Statement;
  private readonly headStmt: Statement<[], LedgerHead | undefined>;
  private readonly byCursor: Statement<[number], Row | undefined>;
  private readonly rangeStmt: Statement<[number, number], Row>;
  private readonly rawPage: Statement<[number, number], RawRow>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      `INSERT INTO events (cursor, event_id, device_id, seq, type, status, recorded_at, record, prev_hash, hash)
       VALUES (@cursor, @eventId, @deviceId, @seq, @type, @status, @recordedAt, @record, @prevHash, @hash)`,
    );
    this.headStmt = db.prepare('SELECT cursor, hash FROM events ORDER BY cursor DESC LIMIT 1');
    this.byCursor = db.prepare('SELECT cursor, record, prev_hash, hash FROM events WHERE cursor = ?');
    this.rangeStmt = db.prepare(
      'SELECT cursor, record, prev_hash, hash FROM events WHERE cursor > ? ORDER BY cursor LIMIT ?',
    );
    this.rawPage = db.prepare(
      `SELECT cursor, event_id, device_id, seq, type, status, record, prev_hash, hash
       FROM events WHERE cursor > ? ORDER BY cursor LIMIT ?`,
    );
  }

  head(): LedgerHead {
    const row = this.headStmt.get();
    return row ?? { cursor: 0, hash: GENESIS_HASH };
  }

  /**
   * Appends one record at the next cursor. Call inside db.transaction(). `eventJson`, when the caller already has
   * the event's canonical text (ingest does, from checking its signature), saves serialising it again.
   */
  append(entry: AppendInput): StoredRecord {
    if (!this.db.inTransaction) throw new Error('EventLog.append must run inside a transaction');
    const head = this.head();
    const record: LedgerRecord = {
      cursor: head.cursor + 1,
      recordedAt: entry.recordedAt ?? new Date().toISOString(),
      status: entry.status,
      event: entry.event,
      ...(entry.outcome ? { outcome: entry.outcome } : {}),
    };
    const recordJson = canonicalObject({
      cursor: String(record.cursor),
      event: entry.eventJson ?? canonicalJson(record.event),
      ...(record.outcome ? { outcome: canonicalJson(record.outcome) } : {}),
      recordedAt: JSON.stringify(record.recordedAt),
      status: JSON.stringify(record.status),
    });
    const hash = chainHash(head.hash, recordJson);
    this.insert.run({
      cursor: record.cursor,
      eventId: record.event.id,
      deviceId: record.event.deviceId ?? null,
      seq: record.event.seq ?? null,
      type: record.event.type,
      status: record.status,
      recordedAt: record.recordedAt,
      record: recordJson,
      prevHash: head.hash,
      hash,
    });
    return { ...record, prevHash: head.hash, hash };
  }

  get(cursor: number): StoredRecord | undefined {
    const row = this.byCursor.get(cursor);
    return row ? toStored(row) : undefined;
  }

  /** Records after `cursor`, ascending, at most `limit`. */
  after(cursor: number, limit: number): StoredRecord[] {
    return this.rangeStmt.all(cursor, limit).map(toStored);
  }

  /**
   * Every row in cursor order, a page at a time: better-sqlite3 forbids other statements on the connection
   * while an iterator is open, and callers write projections as they go.
   */
  *rows(pageSize = 1000): IterableIterator<RawRow> {
    let after = 0;
    for (;;) {
      const page = this.rawPage.all(after, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!.cursor;
    }
  }
}

export function toStored(row: Row): StoredRecord {
  const record = JSON.parse(row.record) as LedgerRecord;
  return { ...record, prevHash: row.prev_hash, hash: row.hash };
}

import type { Database, Statement } from 'better-sqlite3';
import { GENESIS_HASH, chainHash, type LedgerRecord, type RecordStatus } from '../ledger/event-log.js';
import type { RecordCheck } from '../ledger/verify-ledger.js';
import { PullPageCache } from './pull-page-cache.js';
import { deviceSignatureCheck } from './signature-check.js';

export interface EventSearch {
  /** Oldest first from here (exclusive) when given; otherwise newest first. */
  after?: number;
  /** Only records older than this cursor. */
  before?: number;
  limit: number;
  deviceId?: string;
  type?: string;
  status?: RecordStatus;
  /** Only records flagged for review (an implausible deviceTime, see clock-skew.ts). */
  flagged?: true;
}

export interface EventPage {
  events: LedgerRecord[];
  /** Pass as `after` (oldest-first pages) or `before` (newest-first pages) for the next page; null at the end. */
  next: number | null;
}

export interface PullPage {
  /** The reply's UTF-8 JSON text. */
  bytes: Buffer;
  /** Its gzip form, made once for every device it is served to; absent on the tail page, which changes. */
  gzipped?: () => Promise<Buffer>;
}

export interface EventInspection {
  record: LedgerRecord;
  prevHash: string;
  hash: string;
  /** This row's hash recomputed from prev_hash and the record, and its link to the row before. */
  chain: { ok: boolean; reason?: string };
  /** Device events only; hub-made events are not signed. */
  signature: { checked: false } | { checked: true; ok: boolean; reason?: string };
}

interface RawRow {
  record: string;
  prev_hash: string;
  hash: string;
}

const PAGE_OPEN = Buffer.from('{"events":[', 'utf8');
const COMMA = Buffer.from(',', 'utf8');

/** Reads of the ledger for clients: the device pull feed and the manager's activity list and event detail. */
export class EventQueries {
  /** Raw rows of [cursor, record]; the record as its stored UTF-8 bytes. */
  private readonly pullRows: Statement<[number, number], [number, Buffer]>;
  private readonly rawRow: Statement<[number], RawRow>;
  private readonly hashAt: Statement<[number], { hash: string }>;
  private readonly signatureCheck: RecordCheck;
  private readonly pages = new PullPageCache();

  constructor(private readonly db: Database) {
    this.pullRows = db
      .prepare<[number, number], [number, Buffer]>(
        'SELECT cursor, CAST(record AS BLOB) FROM events WHERE cursor > ? ORDER BY cursor LIMIT ?',
      )
      .raw(true);
    this.rawRow = db.prepare('SELECT record, prev_hash, hash FROM events WHERE cursor = ?');
    this.hashAt = db.prepare('SELECT hash FROM events WHERE cursor = ?');
    this.signatureCheck = deviceSignatureCheck(db);
  }

  /**
   * The pull reply as UTF-8 JSON. A stored record is already the JSON of one pulled item (cursor, recordedAt,
   * status, event, outcome), so it is spliced in as it is: parsing and re-serialising every row would dominate a
   * device catching up on a long history. The records are read as their stored bytes (the database is UTF-8):
   * decoding a thousand strings only to join and encode them again took two thirds of the time of building a page.
   */
  pullPage(after: number, limit: number): PullPage {
    const shared = this.pages.get(after, limit);
    if (shared !== undefined) return shared;
    const rows = this.pullRows.all(after, limit + 1);
    const count = Math.min(rows.length, limit);
    const cursor = count > 0 ? rows[count - 1]![0] : after;
    const hasMore = rows.length > limit;
    const parts: Buffer[] = [PAGE_OPEN];
    for (let index = 0; index < count; index += 1) {
      if (index > 0) parts.push(COMMA);
      parts.push(rows[index]![1]);
    }
    parts.push(Buffer.from(`],"cursor":${cursor},"hasMore":${hasMore}}`, 'utf8'));
    const bytes = Buffer.concat(parts);
    return hasMore ? this.pages.keep(after, limit, bytes) : { bytes };
  }

  search(filter: EventSearch): EventPage {
    const where: string[] = [];
    const params: Array<string | number> = [];
    const add = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add('cursor > ?', filter.after);
    add('cursor < ?', filter.before);
    add('device_id = ?', filter.deviceId);
    add('type = ?', filter.type);
    add('status = ?', filter.status);
    if (filter.flagged) where.push('cursor IN (SELECT cursor FROM flagged_records)');
    const order = filter.after === undefined ? 'DESC' : 'ASC';
    const rows = this.db
      .prepare<Array<string | number>, { record: string }>(
        `SELECT record FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY cursor ${order} LIMIT ?`,
      )
      .all(...params, filter.limit + 1);
    const events = rows.slice(0, filter.limit).map((row) => JSON.parse(row.record) as LedgerRecord);
    return { events, next: rows.length > filter.limit ? events[events.length - 1]!.cursor : null };
  }

  inspect(cursor: number): EventInspection | undefined {
    const row = this.rawRow.get(cursor);
    if (!row) return undefined;
    const record = JSON.parse(row.record) as LedgerRecord;
    const chainProblem = this.chainProblem(cursor, row);
    const signatureProblem = this.signatureCheck(record);
    return {
      record,
      prevHash: row.prev_hash,
      hash: row.hash,
      chain: checkResult(chainProblem),
      signature:
        record.event.deviceId === undefined ? { checked: false } : { checked: true, ...checkResult(signatureProblem) },
    };
  }

  private chainProblem(cursor: number, row: RawRow): string | undefined {
    if (chainHash(row.prev_hash, row.record) !== row.hash) return 'hash does not match the recorded content';
    const expectedPrev = cursor === 1 ? GENESIS_HASH : this.hashAt.get(cursor - 1)?.hash;
    if (expectedPrev === undefined) return `cursor ${cursor - 1} is missing`;
    if (expectedPrev !== row.prev_hash) return 'prev_hash does not match the hash of the row before';
    return undefined;
  }
}

function checkResult(problem: string | undefined): { ok: boolean; reason?: string } {
  return problem === undefined ? { ok: true } : { ok: false, reason: problem };
}

import type { Database } from 'better-sqlite3';
import { GENESIS_HASH, chainHash, EventLog, type LedgerRecord } from './event-log.js';

export interface LedgerBreak {
  cursor: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  head: { cursor: number; hash: string };
  firstBreak?: LedgerBreak;
}

/**
 * A check that a later capability adds (device signatures come with the device protocol). Returns a reason
 * when the record is unsound, undefined when it is fine.
 */
export type RecordCheck = (record: LedgerRecord) => string | undefined;

/** Re-walks the whole chain and stops at the first break, naming its cursor. */
export function verifyLedger(db: Database, checks: RecordCheck[] = []): VerifyResult {
  const log = new EventLog(db);
  let expectedCursor = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const fail = (cursor: number, reason: string): VerifyResult => ({
    ok: false,
    checked,
    head: { cursor: expectedCursor - 1, hash: prevHash },
    firstBreak: { cursor, reason },
  });

  for (const row of log.rows()) {
    if (row.cursor !== expectedCursor)
      return fail(expectedCursor, `cursor ${expectedCursor} is missing (next row is ${row.cursor})`);
    if (row.prev_hash !== prevHash) return fail(row.cursor, 'prev_hash does not match the hash of the row before');
    if (chainHash(prevHash, row.record) !== row.hash)
      return fail(row.cursor, 'hash does not match the recorded content');
    let record: LedgerRecord;
    try {
      record = JSON.parse(row.record) as LedgerRecord;
    } catch {
      return fail(row.cursor, 'record is not valid JSON');
    }
    if (record.cursor !== row.cursor) return fail(row.cursor, `record says cursor ${record.cursor}`);
    const columns = row;
    if (
      columns.event_id !== record.event.id ||
      columns.type !== record.event.type ||
      columns.status !== record.status ||
      columns.device_id !== (record.event.deviceId ?? null) ||
      columns.seq !== (record.event.seq ?? null)
    ) {
      return fail(row.cursor, 'indexed columns disagree with the hashed record');
    }
    for (const check of checks) {
      const reason = check(record);
      if (reason) return fail(row.cursor, reason);
    }
    prevHash = row.hash;
    expectedCursor += 1;
    checked += 1;
  }
  return { ok: true, checked, head: { cursor: expectedCursor - 1, hash: prevHash } };
}

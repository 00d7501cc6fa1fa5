import type { Database } from 'better-sqlite3';
import { requestChangeOf, type RequestChangePayload } from '../../../shared/protocol/request-payloads.js';
import { refusedSettlement, settled, unexpectedChoice, type ConflictHandler } from '../decisions/settlement.js';
import { transitionRefusal } from './request-decisions.js';
import { nextVersion } from './request-lifecycle.js';
import { findRequest, type RequestRecord } from './request-reads.js';

function currentRecord(db: Database, requestId: string): RequestRecord {
  // A stale_version conflict is only raised for a request the hub has, and requests are never removed.
  return findRequest(db, requestId)!.record;
}

/**
 * A change made against an older version of a request (DESIGN §4, conflict 4). `retry` applies the held change to
 * the request as it is now, if its state allows it; the resolution record then stands in for the change.
 */
export const staleVersion: ConflictHandler = {
  settle(db, conflict, choice) {
    if (choice.action !== 'retry') return unexpectedChoice(conflict, choice);
    const { requestId, reason } = conflict.heldEvent.payload as RequestChangePayload;
    const change = requestChangeOf(conflict.heldEvent.type);
    const record = currentRecord(db, requestId);
    const next = nextVersion(record, change, record);
    if (!next) {
      const { code, message } = transitionRefusal(change, record.state);
      return refusedSettlement(code, message);
    }
    return settled({ request: { ...next, released: { change, ...(reason ? { reason } : {}) } } });
  },
  serverNow(db, conflict) {
    return { ...currentRecord(db, (conflict.heldEvent.payload as RequestChangePayload).requestId) };
  },
};

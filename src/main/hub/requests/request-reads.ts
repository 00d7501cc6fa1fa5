import type { Database, Statement } from 'better-sqlite3';
import type { RequestChange, RequestState } from '../../../shared/protocol/request-payloads.js';

/** A request as the requests projection holds it at the deciding event's ledger position. */
export interface RequestRecord {
  requestId: string;
  kind: 'transfer' | 'replenish';
  productId: string;
  fromLocationId: string | null;
  toLocationId: string;
  quantity: number;
  note: string | null;
  state: RequestState;
  version: number;
}

/** The change that produced the current version, and the version and state it was made against. */
export interface LastChange {
  change: RequestChange | 'create';
  eventId: string;
  occurredAt: string;
  baseVersion: number;
  baseState: RequestState | null;
}

interface Row extends RequestRecord {
  changeType: LastChange['change'];
  changeEventId: string;
  changeOccurredAt: string;
  changeBaseVersion: number;
  changeBaseState: RequestState | null;
}

// Deciders run once per ingested event; preparing the same SQL every time would dominate a batch push.
const statementByDb = new WeakMap<Database, Statement<[string], Row>>();

function statement(db: Database): Statement<[string], Row> {
  let prepared = statementByDb.get(db);
  if (!prepared) {
    prepared = db.prepare(
      `SELECT request_id AS requestId, kind, product_id AS productId, from_location_id AS fromLocationId,
         to_location_id AS toLocationId, quantity, note, state, version, change_type AS changeType,
         change_event_id AS changeEventId, change_occurred_at AS changeOccurredAt,
         change_base_version AS changeBaseVersion, change_base_state AS changeBaseState
       FROM requests WHERE request_id = ?`,
    );
    statementByDb.set(db, prepared);
  }
  return prepared;
}

export function findRequest(db: Database, requestId: string): { record: RequestRecord; last: LastChange } | undefined {
  const row = statement(db).get(requestId);
  if (!row) return undefined;
  const { changeType, changeEventId, changeOccurredAt, changeBaseVersion, changeBaseState, ...record } = row;
  return {
    record,
    last: {
      change: changeType,
      eventId: changeEventId,
      occurredAt: changeOccurredAt,
      baseVersion: changeBaseVersion,
      baseState: changeBaseState,
    },
  };
}

/** Requests still to be decided or carried out (pending or approved), oldest first. */
export function openRequests(db: Database): RequestRecord[] {
  return db
    .prepare<[], RequestRecord>(
      `SELECT request_id AS requestId, kind, product_id AS productId, from_location_id AS fromLocationId,
         to_location_id AS toLocationId, quantity, note, state, version
       FROM requests WHERE state IN ('pending', 'approved') ORDER BY created_cursor`,
    )
    .all();
}

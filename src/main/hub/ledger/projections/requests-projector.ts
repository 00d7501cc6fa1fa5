import type { Database, Statement } from 'better-sqlite3';
import {
  requestChangeOf,
  type RequestChange,
  type RequestCreatePayload,
  type RequestState,
} from '../../../../shared/protocol/request-payloads.js';
import type { LedgerRecord } from '../event-log.js';
import type { Projector } from './projector.js';

/** `outcome.request` of every accepted request.* record: the state and version the change produced. */
export interface RequestOutcome {
  requestId: string;
  state: RequestState;
  version: number;
  /** The version and state the change was made against; a race winner keeps those of the change it beat. */
  baseVersion: number;
  baseState: RequestState | null;
  /** Set when this change won a race (DESIGN §4, type 2) and replaces the recorded change it names. */
  supersedes?: { eventId: string; change: string; occurredAt: string };
  /**
   * Set when a conflict resolution applies a held change: the change it was, since the record carrying this outcome
   * is the resolution, which then stands in for the change event.
   */
  released?: { change: RequestChange; reason?: string };
}

interface Statements {
  create: Statement;
  change: Statement;
}

const statementsByDb = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let prepared = statementsByDb.get(db);
  if (!prepared) {
    prepared = {
      create: db.prepare(
        `INSERT INTO requests (request_id, kind, product_id, from_location_id, to_location_id, quantity, note, state,
           version, created_cursor, created_by, change_type, change_event_id, change_occurred_at,
           change_base_version, change_base_state, change_reason, updated_cursor)
         VALUES (@requestId, @kind, @productId, @fromLocationId, @toLocationId, @quantity, @note, @state,
           @version, @cursor, @createdBy, 'create', @eventId, @occurredAt, @baseVersion, @baseState, NULL, @cursor)`,
      ),
      change: db.prepare(
        `UPDATE requests SET state = @state, version = @version, change_type = @changeType,
           change_event_id = @eventId, change_occurred_at = @occurredAt, change_base_version = @baseVersion,
           change_base_state = @baseState, change_reason = @reason, updated_cursor = @cursor
         WHERE request_id = @requestId`,
      ),
    };
    statementsByDb.set(db, prepared);
  }
  return prepared;
}

/** Requests with their state, version and last change, exactly as the deciders' outcomes set them. */
export const requestsProjector: Projector = {
  name: 'requests',
  tables: ['requests'],
  apply(db: Database, record: LedgerRecord) {
    const decided = record.outcome?.request as RequestOutcome | undefined;
    if (record.status !== 'accepted' || !decided) return;
    const common = {
      requestId: decided.requestId,
      state: decided.state,
      version: decided.version,
      baseVersion: decided.baseVersion,
      baseState: decided.baseState,
      eventId: record.event.id,
      occurredAt: record.event.occurredAt,
      cursor: record.cursor,
    };
    if (record.event.type === 'request.create') {
      const payload = record.event.payload as unknown as RequestCreatePayload;
      statements(db).create.run({
        ...common,
        kind: payload.kind,
        productId: payload.productId,
        fromLocationId: payload.kind === 'transfer' ? payload.fromLocationId : null,
        toLocationId: payload.toLocationId,
        quantity: payload.quantity,
        note: payload.note ?? null,
        createdBy: record.event.deviceId ?? record.event.actor ?? '',
      });
    } else {
      const { change, reason } = decided.released ?? {
        change: requestChangeOf(record.event.type),
        reason: record.event.payload.reason as string | undefined,
      };
      statements(db).change.run({ ...common, changeType: change, reason: reason ?? null });
    }
  },
};

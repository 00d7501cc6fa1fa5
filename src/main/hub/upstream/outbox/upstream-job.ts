/** Where a job is in its life. Only `queued` jobs are claimed; `done`, `dead` and `cancelled` are final for workers. */
export type JobState = 'queued' | 'in_flight' | 'done' | 'dead' | 'cancelled';

export const JOB_STATES: readonly JobState[] = ['queued', 'in_flight', 'done', 'dead', 'cancelled'];

/** The ledger fact that caused a job: its cursor and event id, as `Ledger.append` hands them to the caller. */
export interface JobSource {
  cursor: number;
  eventId: string;
}

/** One row of `upstream_jobs`, as workers, screens and connectors see it. Times are UTC ISO strings. */
export interface UpstreamJob {
  id: string;
  /** Enqueue order: the "age" that breaks ties after deadline and priority. */
  seq: number;
  connector: string;
  kind: string;
  payload: unknown;
  idempotencyKey: string;
  priority: number;
  deadline: string | null;
  notBefore: string;
  attempts: number;
  state: JobState;
  lastError: string | null;
  result: unknown;
  cancelledBy: string | null;
  source: JobSource | null;
  createdAt: string;
  updatedAt: string;
}

export interface JobRow {
  seq: number;
  id: string;
  connector: string;
  kind: string;
  payload: string;
  idempotency_key: string;
  priority: number;
  deadline: string | null;
  not_before: string;
  attempts: number;
  state: JobState;
  last_error: string | null;
  result: string | null;
  cancelled_by: string | null;
  source_cursor: number | null;
  source_event_id: string | null;
  created_at: string;
  updated_at: string;
}

export function jobOf(row: JobRow): UpstreamJob {
  return {
    id: row.id,
    seq: row.seq,
    connector: row.connector,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    idempotencyKey: row.idempotency_key,
    priority: row.priority,
    deadline: row.deadline,
    notBefore: row.not_before,
    attempts: row.attempts,
    state: row.state,
    lastError: row.last_error,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    cancelledBy: row.cancelled_by,
    source:
      row.source_cursor === null || row.source_event_id === null
        ? null
        : { cursor: row.source_cursor, eventId: row.source_event_id },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

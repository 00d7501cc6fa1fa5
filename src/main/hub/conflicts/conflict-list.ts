import type { Database } from 'better-sqlite3';
import type { ConflictView } from '../../../shared/protocol/device-api.js';

export interface ConflictFilter {
  statuses?: readonly string[];
  deviceId?: string;
}

interface ConflictRow {
  id: string;
  kind: string;
  status: string;
  cursor: number;
  event_id: string;
  device_id: string | null;
  detail: string;
  resolved_at_cursor: number | null;
  resolution: string | null;
  quarantined_at_cursor: number | null;
}

function toView(row: ConflictRow): ConflictView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    cursor: row.cursor,
    eventId: row.event_id,
    deviceId: row.device_id,
    detail: JSON.parse(row.detail) as unknown,
    resolvedAtCursor: row.resolved_at_cursor,
    resolution: row.resolution === null ? null : (JSON.parse(row.resolution) as unknown),
    quarantinedAtCursor: row.quarantined_at_cursor,
  };
}

/** Conflicts from the conflicts projection, oldest first. Its JSON columns come back parsed. */
export function listConflicts(db: Database, filter: ConflictFilter = {}): ConflictView[] {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.statuses) {
    where.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  }
  if (filter.deviceId !== undefined) {
    where.push('device_id = ?');
    params.push(filter.deviceId);
  }
  const sql = `SELECT * FROM conflicts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY cursor`;
  return db
    .prepare<string[], ConflictRow>(sql)
    .all(...params)
    .map(toView);
}

export function conflictView(db: Database, conflictId: string): ConflictView | undefined {
  const row = db.prepare<[string], ConflictRow>('SELECT * FROM conflicts WHERE id = ?').get(conflictId);
  return row && toView(row);
}

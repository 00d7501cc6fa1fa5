import type { Database, Statement } from 'better-sqlite3';
import type { ConflictKind, ConflictStatus } from '../../../shared/protocol/conflicts.js';
import type { HeldConflict } from '../decisions/settlement.js';

interface ConflictRow {
  id: string;
  kind: ConflictKind;
  status: ConflictStatus;
  cursor: number;
  event_id: string;
  device_id: string | null;
  detail: string;
}

/** The conflicts projection's `detail` column: the outcome's figures and the event that opened the conflict. */
interface Detail {
  server: Record<string, unknown>;
  requested: Record<string, unknown>;
  type: string;
  payload: Record<string, unknown>;
}

interface Queries {
  conflict: Statement<[string], ConflictRow>;
  unresolvedOf: Statement<[string], { id: string }>;
}

// Read once per device resolution at ingest; preparing the same SQL every time would dominate a batch push.
const queriesByDb = new WeakMap<Database, Queries>();

function queries(db: Database): Queries {
  let prepared = queriesByDb.get(db);
  if (!prepared) {
    prepared = {
      conflict: db.prepare('SELECT id, kind, status, cursor, event_id, device_id, detail FROM conflicts WHERE id = ?'),
      unresolvedOf: db.prepare(
        "SELECT id FROM conflicts WHERE device_id = ? AND status IN ('open', 'escalated') ORDER BY cursor",
      ),
    };
    queriesByDb.set(db, prepared);
  }
  return prepared;
}

export function findConflict(db: Database, conflictId: string): HeldConflict | undefined {
  const row = queries(db).conflict.get(conflictId);
  if (!row) return undefined;
  const { server, requested, type, payload } = JSON.parse(row.detail) as Detail;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    deviceId: row.device_id,
    cursor: row.cursor,
    eventId: row.event_id,
    heldEvent: { type, payload },
    server,
    requested,
  };
}

/** A device's conflicts that still wait for a decision and are not yet quarantined, oldest first. */
export function unresolvedConflictIds(db: Database, deviceId: string): string[] {
  return queries(db)
    .unresolvedOf.all(deviceId)
    .map((row) => row.id);
}

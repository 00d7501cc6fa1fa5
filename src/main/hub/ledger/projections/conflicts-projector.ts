import type { Database } from 'better-sqlite3';
import { canonicalJson } from '../../../../shared/canonical-json.js';
import type { LedgerRecord } from '../event-log.js';
import type { ConflictOutcome, Decision } from '../../sync/decision.js';
import type { Projector } from './projector.js';

type Resolution = NonNullable<NonNullable<Decision['outcome']>['resolution']>;

/**
 * Conflicts opened by `conflict` records and closed by accepted resolutions. The detail keeps the held event's
 * type and payload, so a retry or modify can re-evaluate it without reading the log. JSON columns are canonical:
 * a live record keeps the key order it was built with, a replayed one the ledger's sorted order, and a rebuild
 * must produce the same bytes.
 */
export const conflictsProjector: Projector = {
  name: 'conflicts',
  tables: ['conflicts'],
  apply(db: Database, record: LedgerRecord) {
    const conflict = record.outcome?.conflict as ConflictOutcome | undefined;
    if (record.status === 'conflict' && conflict) {
      const { server, requested, options } = conflict;
      const detail = { server, requested, options, type: record.event.type, payload: record.event.payload };
      db.prepare(
        `INSERT INTO conflicts (id, kind, status, cursor, event_id, device_id, detail)
         VALUES (?, ?, 'open', ?, ?, ?, ?)`,
      ).run(
        conflict.id,
        conflict.kind,
        record.cursor,
        record.event.id,
        record.event.deviceId ?? null,
        canonicalJson(detail),
      );
    }
    const resolution = record.outcome?.resolution as Resolution | undefined;
    if (record.status === 'accepted' && resolution) {
      // Escalating hands the conflict to a manager, whose own resolution closes it later.
      const status = resolution.action === 'escalate' ? 'escalated' : 'resolved';
      db.prepare('UPDATE conflicts SET status = ?, resolved_at_cursor = ?, resolution = ? WHERE id = ?').run(
        status,
        record.cursor,
        canonicalJson(resolution),
        resolution.conflictId,
      );
    }
  },
};

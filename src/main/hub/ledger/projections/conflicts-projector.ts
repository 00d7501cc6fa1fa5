import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson } from '../../../../shared/canonical-json.js';
import type { LedgerRecord } from '../event-log.js';
import type { ConflictOutcome, ResolutionOutcome } from '../outcomes.js';
import type { Projector } from './projector.js';

interface Statements {
  open: Statement;
  quarantine: Statement;
  resolve: Statement;
}

const statementsByDb = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let prepared = statementsByDb.get(db);
  if (!prepared) {
    prepared = {
      open: db.prepare(
        `INSERT INTO conflicts (id, kind, status, cursor, event_id, device_id, detail)
         VALUES (?, ?, 'open', ?, ?, ?, ?)`,
      ),
      quarantine: db.prepare("UPDATE conflicts SET status = 'quarantined', quarantined_at_cursor = ? WHERE id = ?"),
      resolve: db.prepare('UPDATE conflicts SET status = ?, resolved_at_cursor = ?, resolution = ? WHERE id = ?'),
    };
    statementsByDb.set(db, prepared);
  }
  return prepared;
}

/**
 * The conflict a record opens: a held effect (`conflict` records), or on an accepted record something a person
 * must look at although nothing is held: a sale that took more than the books held, stock a revoked device moved.
 */
function openedBy(record: LedgerRecord): ConflictOutcome | undefined {
  const outcome = record.outcome ?? {};
  if (record.status === 'conflict') return outcome.conflict as ConflictOutcome | undefined;
  if (record.status === 'accepted') return (outcome.discrepancy ?? outcome.dispute) as ConflictOutcome | undefined;
  return undefined;
}

/**
 * Conflicts opened by records and closed by accepted resolutions; a device's revocation quarantines its unresolved
 * ones. The detail keeps the opening event's type and payload, so a retry or modify can re-evaluate it without
 * reading the log. JSON columns are canonical: a live record keeps the key order it was built with, a replayed one
 * the ledger's sorted order, and a rebuild must produce the same bytes.
 */
export const conflictsProjector: Projector = {
  name: 'conflicts',
  tables: ['conflicts'],
  apply(db: Database, record: LedgerRecord) {
    const s = statements(db);
    const opened = openedBy(record);
    if (opened) {
      const { server, requested, options } = opened;
      const detail = { server, requested, options, type: record.event.type, payload: record.event.payload };
      const deviceId = opened.deviceId ?? record.event.deviceId ?? null;
      s.open.run(opened.id, opened.kind, record.cursor, record.event.id, deviceId, canonicalJson(detail));
    }
    if (record.status !== 'accepted') return;
    const quarantine = record.outcome?.quarantine as { conflictIds: string[] } | undefined;
    for (const conflictId of quarantine?.conflictIds ?? []) s.quarantine.run(record.cursor, conflictId);
    const resolution = record.outcome?.resolution as ResolutionOutcome | undefined;
    if (resolution) {
      // Escalating hands the conflict to a manager, whose own resolution closes it later.
      const status = resolution.action === 'escalate' ? 'escalated' : 'resolved';
      s.resolve.run(status, record.cursor, canonicalJson(resolution), resolution.conflictId);
    }
  },
};

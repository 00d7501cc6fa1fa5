import type { Database } from 'better-sqlite3';
import {
  MANAGER_ACTIONS,
  PIN_ACTIONS,
  QUANTITY_USE,
  type ConflictDetail,
  type ConflictOption,
} from '../../../shared/protocol/conflicts.js';
import type { HeldConflict } from '../decisions/settlement.js';
import type { LedgerRecord } from '../ledger/event-log.js';
import { conflictView } from './conflict-list.js';
import { findConflict } from './conflict-reads.js';
import { choiceRefusal, handlerFor } from './settle-conflict.js';

/** What a manager may choose now: the kind's options that the conflict's status still allows. */
function managerOptions(conflict: HeldConflict): ConflictOption[] {
  return MANAGER_ACTIONS[conflict.kind]
    .filter((action) => choiceRefusal(conflict, { action }, 'manager') === undefined)
    .map((action) => ({ action, pin: PIN_ACTIONS.includes(action), quantity: QUANTITY_USE[action] ?? 'none' }));
}

function recordAt(db: Database, cursor: number): LedgerRecord {
  const row = db.prepare<[number], { record: string }>('SELECT record FROM events WHERE cursor = ?').get(cursor)!;
  return JSON.parse(row.record) as LedgerRecord;
}

/** Every resolution tried or made for the conflict (refused ones too) and the adjustments they recorded. */
function historyOf(db: Database, conflictId: string): LedgerRecord[] {
  return db
    .prepare<[string], { record: string }>(
      `SELECT record FROM events
       WHERE type IN ('conflict.resolve', 'conflict.resolved', 'inventory.adjustment')
         AND json_extract(record, '$.event.payload.conflictId') = ?
       ORDER BY cursor`,
    )
    .all(conflictId)
    .map((row) => JSON.parse(row.record) as LedgerRecord);
}

/**
 * A conflict as the manager decides it: the event that opened it beside what the hub held at that ledger position
 * and what it holds now, the options left and what was done about it so far.
 */
export function conflictDetail(db: Database, conflictId: string): ConflictDetail | undefined {
  const view = conflictView(db, conflictId);
  const conflict = findConflict(db, conflictId);
  if (!view || !conflict) return undefined;
  return {
    ...view,
    event: recordAt(db, view.cursor),
    serverAtPosition: conflict.server,
    requested: conflict.requested,
    serverNow: handlerFor(conflict.kind).serverNow(db, conflict),
    options: managerOptions(conflict),
    history: historyOf(db, conflictId),
  };
}

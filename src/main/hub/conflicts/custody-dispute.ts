import type { Database } from 'better-sqlite3';
import { MANAGER_ACTIONS } from '../../../shared/protocol/conflicts.js';
import { conflictIdFor, type ConflictOutcome } from '../decisions/decision.js';
import { unexpectedChoice, type ConflictHandler } from '../decisions/settlement.js';
import { stockLevels } from '../inventory/projection-reads.js';
import { acknowledgeWithCount } from '../inventory/stock-adjustments.js';
import { unresolvedConflictIds } from './conflict-reads.js';

/** Units of one product a device moved into (positive) or out of (negative) one location, net. */
export interface CustodyLine {
  productId: string;
  locationId: string;
  quantity: number;
}

/**
 * Stock in a device's custody: the net of every stock delta its own accepted inventory events applied (issues,
 * returns, transfers, counts, and the releases its own `conflict.resolve` made), per product × location, since it
 * was paired (a device id is never paired twice). Sales are left out: their goods went to customers and the sales
 * records account for them. A line that nets to zero says the device left that place as it found it.
 */
export function custodyOf(db: Database, deviceId: string): CustodyLine[] {
  return db
    .prepare<[string], CustodyLine>(
      `SELECT json_extract(d.value, '$.productId') AS productId, json_extract(d.value, '$.locationId') AS locationId,
         SUM(json_extract(d.value, '$.delta')) AS quantity
       FROM events e, json_each(e.record, '$.outcome.stock') d
       WHERE e.device_id = ? AND e.status = 'accepted' AND (e.type LIKE 'inventory.%' OR e.type = 'conflict.resolve')
       GROUP BY 1, 2 HAVING quantity != 0 ORDER BY 1, 2`,
    )
    .all(deviceId);
}

/** `outcome.dispute` of a `device.revoked`: the stock the device moved, for a manager to check. */
export interface CustodyDispute extends ConflictOutcome {
  kind: 'custody_dispute';
  deviceId: string;
  server: { stock: Array<{ productId: string; locationId: string; available: number }> };
  requested: { custody: CustodyLine[] };
}

/** What a `device.revoked` record carries, so the projections quarantine and open exactly this on a rebuild too. */
export type RevocationOutcome = {
  /** The device's unresolved conflicts: from now on only a manager decides them. */
  quarantine?: { conflictIds: string[] };
  dispute?: CustodyDispute;
};

/**
 * Decided in the revocation's transaction, against the projections as they are at its ledger position; undefined
 * when the device holds nothing and moved nothing.
 */
export function revocationOutcome(
  db: Database,
  deviceId: string,
  revocationEventId: string,
): RevocationOutcome | undefined {
  const conflictIds = unresolvedConflictIds(db, deviceId);
  const custody = custodyOf(db, deviceId);
  if (conflictIds.length === 0 && custody.length === 0) return undefined;
  return {
    ...(conflictIds.length > 0 ? { quarantine: { conflictIds } } : {}),
    ...(custody.length > 0
      ? {
          dispute: {
            id: conflictIdFor(revocationEventId),
            kind: 'custody_dispute',
            deviceId,
            server: { stock: stockLevels(db, custody) },
            requested: { custody },
            options: [...MANAGER_ACTIONS.custody_dispute],
          },
        }
      : {}),
  };
}

/** Stock a revoked device moved (DESIGN §4): the manager checks those places and acknowledges, with a count or not. */
export const custodyDispute: ConflictHandler = {
  settle(db, conflict, choice) {
    if (choice.action !== 'acknowledge') return unexpectedChoice(conflict, choice);
    const { custody } = conflict.requested as CustodyDispute['requested'];
    return acknowledgeWithCount(db, custody, choice.quantity);
  },
  serverNow(db, conflict) {
    const { stock } = conflict.server as CustodyDispute['server'];
    return { stock: stockLevels(db, stock) };
  },
};

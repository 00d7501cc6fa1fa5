import type { Database } from 'better-sqlite3';
import {
  refusedSettlement,
  settled,
  unexpectedChoice,
  type ConflictHandler,
  type HeldConflict,
  type Settlement,
} from '../decisions/settlement.js';
import { evaluateMovement, type Shortfall } from './movement-rules.js';
import { stockLevels } from './projection-reads.js';
import { makeUpForForcing } from './stock-adjustments.js';

type ShortEvaluation = Extract<ReturnType<typeof evaluateMovement>, { kind: 'short' }>;

/** Re-evaluates the held movement against the current state; what a still-short source means is the caller's. */
function settleHeld(
  db: Database,
  type: string,
  payload: Record<string, unknown>,
  whenShort: (evaluation: ShortEvaluation) => Settlement,
): Settlement {
  const evaluation = evaluateMovement(db, type, payload);
  switch (evaluation.kind) {
    case 'apply':
      return settled({ stock: evaluation.stock });
    case 'refused':
      return refusedSettlement(evaluation.refusal.code, evaluation.refusal.message);
    case 'short':
      return whenShort(evaluation);
  }
}

/**
 * Releases the held movement if the current state allows it. A refusal leaves the conflict open, so another option
 * can still be chosen; `shortCode` says which choice fell short.
 */
function release(db: Database, type: string, payload: Record<string, unknown>, shortCode: string): Settlement {
  return settleHeld(db, type, payload, ({ server, requested }) =>
    refusedSettlement(shortCode, `${server.available} available at ${server.locationId}, ${requested.quantity} needed`),
  );
}

/** The manager's override: the whole movement applies however short the source is, and the shortfall is made up. */
function force(db: Database, type: string, payload: Record<string, unknown>): Settlement {
  return settleHeld(db, type, payload, ({ requested: { stock } }) => settled({ stock }, makeUpForForcing(db, stock)));
}

/** An issue or transfer held because its source was short when it reached the ledger (DESIGN §4, conflict 1). */
export const insufficientStock: ConflictHandler = {
  settle(db, conflict, choice) {
    const { type, payload } = conflict.heldEvent;
    switch (choice.action) {
      case 'retry':
        return release(db, type, payload, 'STILL_INSUFFICIENT');
      case 'modify': {
        const requested = payload.quantity as number;
        const { quantity } = choice;
        if (quantity === undefined || !Number.isInteger(quantity) || quantity < 1 || quantity > requested) {
          return refusedSettlement('INVALID_QUANTITY', `modify needs a quantity from 1 to ${requested}`);
        }
        return release(db, type, { ...payload, quantity }, 'INVALID_QUANTITY');
      }
      case 'force':
        return force(db, type, payload);
      default:
        return unexpectedChoice(conflict, choice);
    }
  },
  serverNow(db, conflict: HeldConflict) {
    const [now] = stockLevels(db, [conflict.server as Shortfall['server']]);
    return now!;
  },
};

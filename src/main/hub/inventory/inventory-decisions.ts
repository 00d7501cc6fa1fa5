import { RESOLUTION_ACTIONS } from '../../../shared/protocol/inventory-payloads.js';
import {
  conflictIdFor,
  type ConflictOutcome,
  type DecideContext,
  type Decider,
  type Decision,
} from '../decisions/decision.js';
import type { LedgerEvent } from '../ledger/event-log.js';
import { evaluateMovement, type Shortfall } from './movement-rules.js';

function insufficientStock(event: LedgerEvent, shortfall: Shortfall): ConflictOutcome {
  return {
    id: conflictIdFor(event.id),
    kind: 'insufficient_stock',
    server: shortfall.server,
    requested: shortfall.requested,
    options: [...RESOLUTION_ACTIONS],
  };
}

function decideMovement({ db, event }: DecideContext): Decision {
  const evaluation = evaluateMovement(db, event.type, event.payload);
  switch (evaluation.kind) {
    case 'apply':
      return { status: 'accepted', outcome: { stock: evaluation.stock, ...evaluation.facts } };
    case 'refused':
      return { status: 'refused', outcome: { refusal: evaluation.refusal } };
    case 'short':
      return { status: 'conflict', outcome: { conflict: insufficientStock(event, evaluation) } };
  }
}

/** The inventory event types a device may send, each decided against the projections at its ledger position. */
export const inventoryDeciders: Record<string, Decider> = {
  'inventory.issue': decideMovement,
  'inventory.return': decideMovement,
  'inventory.transfer': decideMovement,
  'inventory.count': decideMovement,
};

import type { Database } from 'better-sqlite3';
import {
  DEVICE_ACTIONS,
  MANAGER_ACTIONS,
  QUANTITY_USE,
  type ConflictKind,
} from '../../../shared/protocol/conflicts.js';
import type { ResolutionOutcome } from '../decisions/decision.js';
import {
  refusedSettlement,
  settled,
  type Choice,
  type ConflictHandler,
  type HeldConflict,
  type Settlement,
} from '../decisions/settlement.js';
import { insufficientStock } from '../inventory/settle-insufficient-stock.js';
import { offlineLimitExceeded } from '../payments/settle-offline-limit.js';
import { staleVersion } from '../requests/settle-stale-version.js';
import { stockDiscrepancy } from '../sales/settle-stock-discrepancy.js';
import { custodyDispute } from './custody-dispute.js';

/** Each kind's options, from the domain that raises it. */
const handlers: Readonly<Record<ConflictKind, ConflictHandler>> = {
  insufficient_stock: insufficientStock,
  stale_version: staleVersion,
  stock_discrepancy: stockDiscrepancy,
  offline_limit_exceeded: offlineLimitExceeded,
  custody_dispute: custodyDispute,
};

export function handlerFor(kind: ConflictKind): ConflictHandler {
  return handlers[kind];
}

/** The device the conflict belongs to, or a manager: managers also settle escalated and quarantined conflicts. */
export type Chooser = 'device' | 'manager';

interface Refusal {
  code: string;
  message: string;
}

const refusal = (code: string, message: string): Refusal => ({ code, message });

/** Why `chooser` may not make `choice` on `conflict` as it stands, or undefined when they may. */
export function choiceRefusal(conflict: HeldConflict, choice: Choice, chooser: Chooser): Refusal | undefined {
  if (conflict.status === 'resolved') return refusal('CONFLICT_CLOSED', `conflict ${conflict.id} is resolved`);
  if (chooser === 'device' && conflict.status === 'escalated') {
    return refusal('CONFLICT_ESCALATED', `conflict ${conflict.id} waits for a manager's decision`);
  }
  if (chooser === 'device' && conflict.status === 'quarantined') {
    return refusal(
      'CONFLICT_QUARANTINED',
      `conflict ${conflict.id} was quarantined when its device was revoked; a manager decides it`,
    );
  }
  if (choice.action === 'escalate' && conflict.status === 'escalated') {
    return refusal('ALREADY_ESCALATED', `conflict ${conflict.id} is already escalated`);
  }
  const allowed = (chooser === 'device' ? DEVICE_ACTIONS : MANAGER_ACTIONS)[conflict.kind];
  if (!allowed.includes(choice.action)) {
    const options = allowed.length > 0 ? allowed.join(', ') : 'nothing';
    return refusal('ACTION_NOT_ALLOWED', `a ${chooser} may choose ${options} for a ${conflict.kind} conflict`);
  }
  return undefined;
}

/**
 * What `choice` does to `conflict` now, if `chooser` may make it. Escalating hands the conflict on and
 * `accept_server` discards what it holds: neither has an effect. Every other option is the kind's own.
 */
export function settleConflict(db: Database, conflict: HeldConflict, choice: Choice, chooser: Chooser): Settlement {
  const refused = choiceRefusal(conflict, choice, chooser);
  if (refused) return refusedSettlement(refused.code, refused.message);
  if (choice.action === 'escalate' || choice.action === 'accept_server') return settled();
  return handlers[conflict.kind].settle(db, conflict, choice);
}

/** The `outcome.resolution` of a settled choice; a quantity is kept only where the action gives it a meaning. */
export function resolutionOf(conflict: HeldConflict, choice: Choice, resolvedBy: string): ResolutionOutcome {
  const { action, quantity } = choice;
  return {
    conflictId: conflict.id,
    action,
    resolvedBy,
    ...(QUANTITY_USE[action] && quantity !== undefined ? { quantity } : {}),
  };
}

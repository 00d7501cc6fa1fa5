import type { ConflictResolvePayload } from '../../../shared/protocol/inventory-payloads.js';
import type { DecideContext, Decider, Decision } from '../decisions/decision.js';
import { findConflict } from './conflict-reads.js';
import { resolutionOf, settleConflict } from './settle-conflict.js';

function refuse(code: string, message: string): Decision {
  return { status: 'refused', outcome: { refusal: { code, message } } };
}

/**
 * A device's `conflict.resolve` of one of its own conflicts: records what it chose and releases or discards the held
 * effect. A refusal leaves the conflict as it was, so the device can still pick another option.
 */
function decideConflictResolve({ db, event, deviceId }: DecideContext): Decision {
  const { conflictId, action, quantity } = event.payload as ConflictResolvePayload;
  const conflict = findConflict(db, conflictId);
  if (!conflict) return refuse('UNKNOWN_CONFLICT', `no conflict ${conflictId}`);
  if (!deviceId || conflict.deviceId !== deviceId) {
    return refuse('NOT_YOUR_CONFLICT', `conflict ${conflictId} belongs to another device`);
  }
  const choice = { action, ...(quantity === undefined ? {} : { quantity }) };
  const settlement = settleConflict(db, conflict, choice, 'device');
  if (settlement.kind === 'refused') return refuse(settlement.refusal.code, settlement.refusal.message);
  // Stock adjustments come only from force and acknowledge, which are not a device's to choose.
  if (settlement.adjustments.length > 0) throw new Error(`a device's ${action} adjusted stock`);
  return {
    status: 'accepted',
    outcome: { ...settlement.effects, resolution: resolutionOf(conflict, choice, deviceId) },
  };
}

export const conflictDeciders: Record<string, Decider> = {
  'conflict.resolve': decideConflictResolve,
};

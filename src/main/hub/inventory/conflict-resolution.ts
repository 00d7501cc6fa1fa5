import type { Database } from 'better-sqlite3';
import type { ConflictResolvePayload } from '../../../shared/protocol/inventory-payloads.js';
import type { DecideContext, Decision } from '../sync/decision.js';
import { evaluateMovement } from './movement-rules.js';
import { findConflict, type HeldConflict } from './projection-reads.js';

type Resolution = NonNullable<NonNullable<Decision['outcome']>['resolution']>;

function refuse(code: string, message: string): Decision {
  return { status: 'refused', outcome: { refusal: { code, message } } };
}

/**
 * Releases the held effect if the current state allows it. A refusal leaves the conflict open, so the device can
 * still pick another option; `shortCode` tells the device which of its choices fell short.
 */
function release(
  db: Database,
  held: HeldConflict['heldEvent'],
  payload: Record<string, unknown>,
  resolution: Resolution,
  shortCode: string,
): Decision {
  const evaluation = evaluateMovement(db, held.type, payload);
  switch (evaluation.kind) {
    case 'apply':
      return { status: 'accepted', outcome: { stock: evaluation.stock, resolution } };
    case 'refused':
      return { status: 'refused', outcome: { refusal: evaluation.refusal } };
    case 'short': {
      const { available, locationId } = evaluation.server;
      return refuse(shortCode, `${available} available at ${locationId}, ${evaluation.requested.quantity} needed`);
    }
  }
}

/** A device's `conflict.resolve`: records who chose what and releases or discards the held effect. */
export function decideConflictResolve({ db, event, deviceId }: DecideContext): Decision {
  const { conflictId, action, quantity } = event.payload as ConflictResolvePayload;
  const conflict = findConflict(db, conflictId);
  if (!conflict) return refuse('UNKNOWN_CONFLICT', `no conflict ${conflictId}`);
  if (!deviceId || conflict.deviceId !== deviceId) {
    return refuse('NOT_YOUR_CONFLICT', `conflict ${conflictId} belongs to another device`);
  }
  if (conflict.status === 'resolved') return refuse('CONFLICT_CLOSED', `conflict ${conflictId} is already resolved`);
  if (conflict.status === 'escalated') {
    return refuse('CONFLICT_ESCALATED', `conflict ${conflictId} waits for a manager's decision`);
  }

  const resolution: Resolution = { conflictId, action, resolvedBy: deviceId };
  const held = conflict.heldEvent;
  switch (action) {
    case 'accept_server':
    case 'escalate':
      return { status: 'accepted', outcome: { resolution } };
    case 'retry':
      return release(db, held, held.payload, resolution, 'STILL_INSUFFICIENT');
    case 'modify': {
      const requested = held.payload.quantity as number;
      if (quantity === undefined || !Number.isInteger(quantity) || quantity < 1 || quantity > requested) {
        return refuse('INVALID_QUANTITY', `modify needs a quantity from 1 to ${requested}`);
      }
      return release(db, held, { ...held.payload, quantity }, { ...resolution, quantity }, 'INVALID_QUANTITY');
    }
  }
}

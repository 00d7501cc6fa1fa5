import {
  PIN_ACTIONS,
  QUANTITY_USE,
  type ConflictResolvedPayload,
  type InventoryAdjustmentPayload,
  type ResolveConflictRequest,
} from '../../../shared/protocol/conflicts.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { Choice, HeldConflict, StockAdjustment } from '../decisions/settlement.js';
import { hubEvent } from '../inventory/hub-events.js';
import type { StoredRecord } from '../ledger/event-log.js';
import type { AppendEntry, Ledger } from '../ledger/ledger.js';
import { confirmPin } from '../security/pin-reentry.js';
import type { User, UserStore } from '../security/user-store.js';
import { findConflict } from './conflict-reads.js';
import { choiceRefusal, resolutionOf, settleConflict } from './settle-conflict.js';

/** A manager's choice the hub cannot make; nothing was recorded. `status` is the HTTP status it stands for. */
export class ConflictError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Refusals that say the request does not fit the conflict; any other says the state of the store does not allow it. */
const REQUEST_PROBLEMS = new Set(['ACTION_NOT_ALLOWED', 'INVALID_QUANTITY', 'QUANTITY_NOT_APPLICABLE']);

function refusalError({ code, message }: { code: string; message: string }): ConflictError {
  return new ConflictError(REQUEST_PROBLEMS.has(code) ? 400 : 409, code, message);
}

function adjustmentEntry(conflictId: string, adjustment: StockAdjustment, actor: string): AppendEntry {
  const { productId, locationId, delta, reason } = adjustment;
  const payload: InventoryAdjustmentPayload = { conflictId, productId, locationId, delta, reason };
  return {
    status: 'accepted',
    event: hubEvent('inventory.adjustment', payload, actor),
    outcome: { stock: [{ productId, locationId, delta }] },
  };
}

/**
 * A manager settles a conflict (DESIGN §4): the choice becomes a hub-made `conflict.resolved` naming the manager,
 * whose outcome releases or discards the held effect, followed by any stock adjustment it makes, all in one
 * transaction with its audit row. Forcing stock and accepting card risk take the PIN again.
 */
export class ConflictDesk {
  constructor(
    private readonly ledger: Ledger,
    private readonly audit: AuditTrail,
    private readonly users: UserStore,
  ) {}

  async resolve(conflictId: string, request: ResolveConflictRequest, manager: User): Promise<StoredRecord[]> {
    const choice: Choice = {
      action: request.action,
      ...(request.quantity === undefined ? {} : { quantity: request.quantity }),
    };
    this.settleable(conflictId, choice);
    if (PIN_ACTIONS.includes(choice.action)) {
      if (request.pin === undefined)
        throw new ConflictError(400, 'PIN_REQUIRED', `${choice.action} needs your PIN again`);
      await confirmPin(this.users, this.audit, manager, request.pin, {
        action: 'conflicts.pin_rejected',
        detail: { conflictId, action: choice.action },
      });
    }
    // Checked again: the device or another manager may have settled it while the PIN was being verified.
    return this.ledger.transaction(() => {
      const conflict = this.settleable(conflictId, choice);
      const settlement = settleConflict(this.ledger.db, conflict, choice, 'manager');
      if (settlement.kind === 'refused') throw refusalError(settlement.refusal);
      const payload: ConflictResolvedPayload = {
        ...choice,
        conflictId,
        ...(request.note === undefined ? {} : { note: request.note }),
      };
      const resolved: AppendEntry = {
        status: 'accepted',
        event: hubEvent('conflict.resolved', payload, manager.name),
        outcome: { ...settlement.effects, resolution: resolutionOf(conflict, choice, manager.name) },
      };
      const adjustments = settlement.adjustments.map((a) => adjustmentEntry(conflictId, a, manager.name));
      return this.ledger.append([resolved, ...adjustments], (records) => {
        this.audit.record({
          actor: manager.name,
          action: 'conflicts.resolve',
          detail: { ...payload, kind: conflict.kind, userId: manager.id, cursors: records.map((r) => r.cursor) },
        });
      });
    });
  }

  /** The conflict, if this choice fits it and the manager may make it now. */
  private settleable(conflictId: string, choice: Choice): HeldConflict {
    const conflict = findConflict(this.ledger.db, conflictId);
    if (!conflict) throw new ConflictError(404, 'CONFLICT_NOT_FOUND', `no conflict ${conflictId}`);
    if (choice.quantity !== undefined && !QUANTITY_USE[choice.action]) {
      throw new ConflictError(400, 'QUANTITY_NOT_APPLICABLE', `${choice.action} takes no quantity`);
    }
    const refusal = choiceRefusal(conflict, choice, 'manager');
    if (refusal) throw refusalError(refusal);
    return conflict;
  }
}

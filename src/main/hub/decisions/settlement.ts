import type { Database } from 'better-sqlite3';
import type {
  AdjustmentReason,
  ConflictAction,
  ConflictKind,
  ConflictStatus,
} from '../../../shared/protocol/conflicts.js';
import type { PaymentStateOutcome } from '../ledger/projections/payments-projector.js';
import type { RequestOutcome } from '../ledger/projections/requests-projector.js';
import type { StockDelta } from './decision.js';
import type { UpstreamEffect } from './upstream-effects.js';

/**
 * How a conflict's kind is settled. Each domain that raises a kind of conflict says what its options do; the
 * conflicts module checks who may choose what and records the choice, for a device and a manager alike.
 */

/** A conflict as the conflicts projection holds it, with the event whose effect it holds or reports. */
export interface HeldConflict {
  id: string;
  kind: ConflictKind;
  status: ConflictStatus;
  deviceId: string | null;
  /** The record that opened it. */
  cursor: number;
  eventId: string;
  heldEvent: { type: string; payload: Record<string, unknown> };
  /** The outcome's `server` and `requested` as recorded when it opened. */
  server: Record<string, unknown>;
  requested: Record<string, unknown>;
}

export interface Choice {
  action: ConflictAction;
  quantity?: number;
}

/** A stock correction a choice makes beside its own effect; recorded as a hub-made `inventory.adjustment`. */
export interface StockAdjustment {
  productId: string;
  locationId: string;
  delta: number;
  reason: AdjustmentReason;
}

/** What a resolution's record does besides closing the conflict; each field is applied by its projection. */
export interface ResolutionEffects {
  stock?: StockDelta[];
  paymentState?: PaymentStateOutcome;
  request?: RequestOutcome;
  /** Forwarding the released effect owes (a card payment accepted at risk must now be captured). */
  upstream?: UpstreamEffect[];
}

export type Settlement =
  | { kind: 'settled'; effects: ResolutionEffects; adjustments: StockAdjustment[] }
  | { kind: 'refused'; refusal: { code: string; message: string } };

export interface ConflictHandler {
  /** Called only with an action the kind offers (accept_server and escalate are settled before it). */
  settle(db: Database, conflict: HeldConflict, choice: Choice): Settlement;
  /** The figures of `server` as they are now, in the same shape, for the manager to compare. */
  serverNow(db: Database, conflict: HeldConflict): Record<string, unknown>;
}

export function settled(effects: ResolutionEffects = {}, adjustments: StockAdjustment[] = []): Settlement {
  return { kind: 'settled', effects, adjustments };
}

export function refusedSettlement(code: string, message: string): Settlement {
  return { kind: 'refused', refusal: { code, message } };
}

/** A handler reached with an action its kind does not offer: the caller's checks are broken. */
export function unexpectedChoice(conflict: HeldConflict, choice: Choice): never {
  throw new Error(`${choice.action} is not an option of a ${conflict.kind} conflict (${conflict.id})`);
}

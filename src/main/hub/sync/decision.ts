import type { Database } from 'better-sqlite3';
import type { ConflictAction, ConflictKind } from '../../../shared/protocol/conflicts.js';
import type { LedgerEvent, RecordStatus } from '../ledger/event-log.js';

/** A signed stock movement that an accepted record causes. Projections apply these, never re-decide. */
export interface StockDelta {
  productId: string;
  locationId: string;
  delta: number;
}

/**
 * What the domain decided about one event at its ledger position. Everything a projection needs is in the
 * outcome, so a rebuild replays outcomes and can never decide differently the second time.
 */
export interface Decision {
  status: RecordStatus;
  outcome?: {
    stock?: StockDelta[];
    /** Set when status is `conflict`: the effect is held until a resolution releases or discards it. */
    conflict?: ConflictOutcome;
    /** Set when status is `refused`: a business rule said no. */
    refusal?: { code: string; message: string };
    /** Set on a resolution: which conflict it closes and how. */
    resolution?: ResolutionOutcome;
    [key: string]: unknown;
  };
}

export interface ConflictOutcome {
  id: string;
  kind: ConflictKind;
  /** What the server state was at the event's ledger position. */
  server: Record<string, unknown>;
  /** The effect the event asked for, released on `retry`/`modify`. */
  requested: Record<string, unknown>;
  options: string[];
  /** Whose conflict it is when the record is not that device's own event (a dispute opened by its revocation). */
  deviceId?: string;
}

/** `outcome.resolution`: who chose what for which conflict; `escalate` hands it on, anything else closes it. */
export interface ResolutionOutcome {
  conflictId: string;
  action: ConflictAction;
  /** The device id, or the manager's name. */
  resolvedBy: string;
  quantity?: number;
}

/** Derived from the event, not random, so the id is the same on every hub that decides this event. */
export function conflictIdFor(eventId: string): string {
  return `c-${eventId}`;
}

export interface DecideContext {
  db: Database;
  event: LedgerEvent;
  /** The device that sent it; absent for hub-made events. */
  deviceId?: string;
}

export type Decider = (context: DecideContext) => Decision;

import type { ConflictAction, ConflictKind } from '../../../shared/protocol/conflicts.js';

// The shapes of recorded outcomes that projections apply; deciders (sync and the domains) produce them.

/** A signed stock movement that an accepted record causes. Projections apply these, never re-decide. */
export interface StockDelta {
  productId: string;
  locationId: string;
  delta: number;
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

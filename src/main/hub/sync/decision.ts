import type { Database } from 'better-sqlite3';
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
    resolution?: { conflictId: string; action: string; resolvedBy: string; quantity?: number };
    [key: string]: unknown;
  };
}

export interface ConflictOutcome {
  id: string;
  kind: 'insufficient_stock' | 'request_race' | 'stale_version';
  /** What the server state was at the event's ledger position. */
  server: Record<string, unknown>;
  /** The effect the event asked for, released on `retry`/`modify`. */
  requested: Record<string, unknown>;
  options: string[];
}

export interface DecideContext {
  db: Database;
  event: LedgerEvent;
  /** The device that sent it; absent for hub-made events. */
  deviceId?: string;
}

export type Decider = (context: DecideContext) => Decision;

import type { Database } from 'better-sqlite3';
import type { LedgerEvent, RecordStatus } from '../ledger/event-log.js';
import type { ConflictOutcome, ResolutionOutcome, StockDelta } from '../ledger/outcomes.js';
import type { UpstreamEffect } from './upstream-effects.js';

// The recorded shapes live with the ledger (projections read them); deciders produce them.
export type { ConflictOutcome, ResolutionOutcome, StockDelta };

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
    /** What must be forwarded because of this record; enqueued in the transaction that appends it. */
    upstream?: UpstreamEffect[];
    [key: string]: unknown;
  };
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

/** The `upstream` part of an outcome: absent when nothing is owed, so records that forward nothing stay as they were. */
export function upstreamOf(effects: UpstreamEffect[]): { upstream?: UpstreamEffect[] } {
  return effects.length > 0 ? { upstream: effects } : {};
}

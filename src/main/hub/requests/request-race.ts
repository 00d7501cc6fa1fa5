import type { RequestChange } from '../../../shared/protocol/request-payloads.js';

/** A change as far as the race rule cares: what it is, when it happened, which version it was made against. */
export interface RacingChange {
  change: RequestChange | 'create';
  occurredAt: string;
  baseVersion: number;
}

export type RaceVerdict = 'incoming_wins' | 'recorded_wins' | 'no_race';

/** The decisions that race on a pending request, in the order a tie goes: approval first (bias toward action). */
const TIE_ORDER: readonly string[] = ['approve', 'deny', 'cancel'];

/**
 * UtcInstant strings carry 1 to 9 fractional digits, so they do not compare as plain strings; padded to
 * nanoseconds they do.
 */
export function compareInstants(a: string, b: string): number {
  const key = (instant: string) => {
    const [seconds, fraction = ''] = instant.slice(0, -1).split('.');
    return `${seconds}.${fraction.padEnd(9, '0')}`;
  };
  const [ka, kb] = [key(a), key(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Request state races (DESIGN §4, conflict type 2), judged at ledger position.
 *
 * Two changes race when both were made against the same version: the first to reach the ledger was applied and
 * bumped the version, so the second arrives with `expectedVersion` equal to the recorded change's base version,
 * which is now stale. This compares the incoming change with that recorded change:
 * - fulfill against cancel: the fulfilment wins in either order, because goods that moved cannot be un-moved;
 * - two different decisions (approve, deny, cancel): the later `occurredAt` wins; a tie goes by TIE_ORDER, so an
 *   approval wins (bias toward action) and a manager's denial beats the requester's own cancellation;
 * - anything else (the same change twice, a change against an older version, create) is no race but a stale
 *   version, which a person settles.
 * Whichever order the two arrive in, the same change ends up in force; only the version count differs (a winning
 * latecomer supersedes the recorded change and bumps the version once more).
 */
export function judgeRace(recorded: RacingChange, incoming: RacingChange): RaceVerdict {
  if (incoming.baseVersion !== recorded.baseVersion || incoming.change === recorded.change) return 'no_race';
  const pair = new Set([recorded.change, incoming.change]);
  if (pair.has('fulfill') && pair.has('cancel'))
    return incoming.change === 'fulfill' ? 'incoming_wins' : 'recorded_wins';
  const [recordedRank, incomingRank] = [TIE_ORDER.indexOf(recorded.change), TIE_ORDER.indexOf(incoming.change)];
  if (recordedRank < 0 || incomingRank < 0) return 'no_race';
  const order = compareInstants(incoming.occurredAt, recorded.occurredAt);
  if (order !== 0) return order > 0 ? 'incoming_wins' : 'recorded_wins';
  return incomingRank < recordedRank ? 'incoming_wins' : 'recorded_wins';
}

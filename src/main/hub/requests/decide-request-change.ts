import { MANAGER_ACTIONS } from '../../../shared/protocol/conflicts.js';
import {
  requestChangeOf,
  type RequestChange,
  type RequestChangePayload,
  type RequestState,
} from '../../../shared/protocol/request-payloads.js';
import { conflictIdFor, type DecideContext, type Decision } from '../decisions/decision.js';
import type { LedgerEvent } from '../ledger/event-log.js';
import { acceptRequest, refuseRequest, transitionRefusal } from './request-decisions.js';
import { nextVersion, transition } from './request-lifecycle.js';
import { judgeRace } from './request-race.js';
import { findRequest, type LastChange, type RequestRecord } from './request-reads.js';

function staleVersion(
  event: LedgerEvent,
  record: RequestRecord,
  change: RequestChange,
  expectedVersion: number,
): Decision {
  return {
    status: 'conflict',
    outcome: {
      conflict: {
        id: conflictIdFor(event.id),
        kind: 'stale_version',
        server: { ...record },
        requested: { change, expectedVersion },
        // Keep the record as it is, apply the change to it anyway, or ask a manager.
        options: [...MANAGER_ACTIONS.stale_version],
      },
    },
  };
}

/** Applies `change` to the request as it was at `base` (version and state), producing the record's next version. */
function apply(
  record: RequestRecord,
  change: RequestChange,
  base: { version: number; state: RequestState },
  supersedes?: LastChange,
): Decision {
  const outcome = nextVersion(record, change, base, supersedes);
  if (outcome) return acceptRequest(outcome);
  const { code, message } = transitionRefusal(change, base.state);
  return refuseRequest(code, message);
}

/**
 * approve / deny / cancel / fulfill with optimistic concurrency on `expectedVersion`, in this order:
 * 1. cancelling a fulfilled request is refused REQUEST_ALREADY_FULFILLED whatever version it names (goods that moved
 *    cannot be un-moved);
 * 2. a version the request never had is refused UNKNOWN_VERSION;
 * 3. the current version: the change applies if the state allows it, else INVALID_TRANSITION;
 * 4. an older version: if it races the change that made the current version (see judgeRace), the winner stands —
 *    a winning latecomer is accepted and supersedes the recorded change, a loser is refused REQUEST_RACE_LOST;
 * 5. otherwise a `stale_version` conflict carrying the current record, for a person to settle.
 */
export function decideRequestChange({ db, event }: DecideContext): Decision {
  const { requestId, expectedVersion } = event.payload as unknown as RequestChangePayload;
  const change = requestChangeOf(event.type);
  const found = findRequest(db, requestId);
  if (!found) return refuseRequest('UNKNOWN_REQUEST', `no request ${requestId}`);
  const { record, last } = found;

  if (change === 'cancel' && record.state === 'fulfilled') {
    return refuseRequest('REQUEST_ALREADY_FULFILLED', `request ${requestId} is fulfilled: its goods have moved`);
  }
  if (expectedVersion > record.version) {
    return refuseRequest('UNKNOWN_VERSION', `request ${requestId} is at version ${record.version}`);
  }
  if (expectedVersion === record.version) {
    return apply(record, change, { version: record.version, state: record.state });
  }

  const incoming = { change, occurredAt: event.occurredAt, baseVersion: expectedVersion };
  // A change its own base state would not allow is no contender, so it meets the stale-version path instead.
  const contender = last.baseState !== null && transition(change, last.baseState) !== undefined;
  switch (contender ? judgeRace(last, incoming) : 'no_race') {
    case 'incoming_wins':
      return apply(record, change, { version: last.baseVersion, state: last.baseState! }, last);
    case 'recorded_wins':
      return refuseRequest(
        'REQUEST_RACE_LOST',
        `${change} made against version ${expectedVersion} lost to the ${last.change} at ${last.occurredAt}`,
      );
    case 'no_race':
      return staleVersion(event, record, change, expectedVersion);
  }
}

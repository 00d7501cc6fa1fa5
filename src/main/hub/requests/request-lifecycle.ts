import type { RequestChange, RequestState } from '../../../shared/protocol/request-payloads.js';
import type { RequestOutcome } from '../ledger/projections/requests-projector.js';
import type { LastChange, RequestRecord } from './request-reads.js';

/** Which changes move a request from which states (DESIGN §4). */
interface Transition {
  from: readonly RequestState[];
  to: RequestState;
}

const TRANSITIONS: Readonly<Record<RequestChange, Transition>> = {
  approve: { from: ['pending'], to: 'approved' },
  deny: { from: ['pending'], to: 'denied' },
  // An approved request can still be called off until the goods have moved.
  cancel: { from: ['pending', 'approved'], to: 'cancelled' },
  fulfill: { from: ['approved'], to: 'fulfilled' },
};

/** The state `change` leads to from `state`, or undefined when it does not apply there. */
export function transition(change: RequestChange, state: RequestState): RequestState | undefined {
  const { from, to } = TRANSITIONS[change];
  return from.includes(state) ? to : undefined;
}

/**
 * The record's next version after `change` made against `base` (version and state), or undefined when that state
 * does not allow it. A change that beat the recorded one in a race names it in `supersedes`.
 */
export function nextVersion(
  record: RequestRecord,
  change: RequestChange,
  base: { version: number; state: RequestState },
  supersedes?: LastChange,
): RequestOutcome | undefined {
  const state = transition(change, base.state);
  if (!state) return undefined;
  return {
    requestId: record.requestId,
    state,
    version: record.version + 1,
    baseVersion: base.version,
    baseState: base.state,
    ...(supersedes
      ? { supersedes: { eventId: supersedes.eventId, change: supersedes.change, occurredAt: supersedes.occurredAt } }
      : {}),
  };
}

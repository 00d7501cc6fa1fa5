import type { RequestChange, RequestState } from '../../../shared/protocol/request-payloads.js';

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

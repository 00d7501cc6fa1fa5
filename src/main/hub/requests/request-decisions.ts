import type { RequestChange, RequestState } from '../../../shared/protocol/request-payloads.js';
import type { Decision } from '../decisions/decision.js';
import type { RequestOutcome } from '../ledger/projections/requests-projector.js';

export type RequestRefusalCode =
  | 'DUPLICATE_REQUEST'
  | 'UNKNOWN_REQUEST'
  | 'UNKNOWN_PRODUCT'
  | 'UNKNOWN_LOCATION'
  | 'LOCATION_INACTIVE'
  | 'SAME_LOCATION'
  | 'INVALID_TRANSITION'
  | 'UNKNOWN_VERSION'
  | 'REQUEST_ALREADY_FULFILLED'
  | 'REQUEST_RACE_LOST';

export function refuseRequest(code: RequestRefusalCode, message: string): Decision {
  return { status: 'refused', outcome: { refusal: { code, message } } };
}

export function acceptRequest(request: RequestOutcome): Decision {
  return { status: 'accepted', outcome: { request } };
}

/** The state the request is in does not allow the change. */
export function transitionRefusal(
  change: RequestChange,
  state: RequestState,
): { code: RequestRefusalCode; message: string } {
  return { code: 'INVALID_TRANSITION', message: `cannot ${change} a request that is ${state}` };
}

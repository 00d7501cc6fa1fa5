import type { RequestOutcome } from '../ledger/projections/requests-projector.js';
import type { Decision } from '../sync/decision.js';

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

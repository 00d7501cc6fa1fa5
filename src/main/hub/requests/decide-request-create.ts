import type { Database } from 'better-sqlite3';
import type { RequestCreatePayload } from '../../../shared/protocol/request-payloads.js';
import type { DecideContext, Decision } from '../decisions/decision.js';
import { locationState, productExists } from '../inventory/projection-reads.js';
import { acceptRequest, refuseRequest } from './request-decisions.js';
import { findRequest } from './request-reads.js';

function locationRefusal(db: Database, locationId: string): Decision | undefined {
  const state = locationState(db, locationId);
  if (state === 'unknown') return refuseRequest('UNKNOWN_LOCATION', `no location ${locationId}`);
  if (state === 'inactive') return refuseRequest('LOCATION_INACTIVE', `location ${locationId} is inactive`);
  return undefined;
}

/** A new request starts pending at version 1; it must name known, active places and a known product. */
export function decideRequestCreate({ db, event }: DecideContext): Decision {
  const request = event.payload as unknown as RequestCreatePayload;
  if (findRequest(db, request.requestId)) {
    return refuseRequest('DUPLICATE_REQUEST', `request ${request.requestId} already exists`);
  }
  if (!productExists(db, request.productId)) return refuseRequest('UNKNOWN_PRODUCT', `no product ${request.productId}`);
  const places = request.kind === 'transfer' ? [request.fromLocationId, request.toLocationId] : [request.toLocationId];
  if (places[0] === places[1]) return refuseRequest('SAME_LOCATION', 'a transfer needs two different locations');
  for (const locationId of places) {
    const refusal = locationRefusal(db, locationId);
    if (refusal) return refusal;
  }
  return acceptRequest({ requestId: request.requestId, state: 'pending', version: 1, baseVersion: 0, baseState: null });
}

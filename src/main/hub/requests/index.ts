import type { Decider } from '../decisions/decision.js';
import { decideRequestChange } from './decide-request-change.js';
import { decideRequestCreate } from './decide-request-create.js';

/** The request event types, each decided against the projections at its ledger position. */
export const requestDeciders: Record<string, Decider> = {
  'request.create': decideRequestCreate,
  'request.approve': decideRequestChange,
  'request.deny': decideRequestChange,
  'request.cancel': decideRequestChange,
  'request.fulfill': decideRequestChange,
};

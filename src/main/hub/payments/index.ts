import type { Decider } from '../decisions/decision.js';
import { decideOfflineCard } from './decide-offline-card.js';

export { currentPolicy, outstandingExposure } from './payment-reads.js';
export { paymentPolicyState } from './payment-policy.js';

/** The payment event types a device may send, each decided against the projections at its ledger position. */
export const paymentDeciders: Record<string, Decider> = {
  'payment.offline_card': decideOfflineCard,
};

import type { Money } from '../protocol/money.js';
import type {
  AuthorizationDecision,
  OfflineCardFigures,
  OfflineCardPolicy,
  PaymentMethod,
} from '../protocol/payment-payloads.js';

/**
 * The offline payment policy of DESIGN §5, one pure function for the hub (authorizations, and the re-check when a
 * device's payment is synced) and the device SDK (when the hub is out of reach), so both always agree.
 */

export type DeclineReason =
  | 'OFFLINE_CARD_DISABLED'
  | 'METHOD_NOT_ALLOWED'
  | 'CURRENCY_MISMATCH'
  | 'INVALID_AMOUNT'
  | 'OVER_TRANSACTION_LIMIT'
  | 'OVER_DAILY_LIMIT'
  | 'OVER_EXPOSURE_LIMIT';

export type OfflinePaymentReason = DeclineReason | 'ABOVE_MANAGER_THRESHOLD';

export interface OfflinePaymentRequest {
  amount: Money;
  method: PaymentMethod;
}

export interface OfflinePaymentVerdict {
  decision: AuthorizationDecision;
  reason?: OfflinePaymentReason;
}

/** PLN defaults (minor units), cautious enough for a store that never changed them. A fresh copy each call. */
export function defaultOfflineCardPolicy(): OfflineCardPolicy {
  return {
    enabled: true,
    allowedMethods: ['cash', 'card'],
    perTransactionLimit: 500_00,
    dailyLimitPerLocation: 3_000_00,
    maxOutstandingExposure: 10_000_00,
    managerThreshold: 200_00,
    currency: 'PLN',
  };
}

type Rule = (policy: OfflineCardPolicy, request: OfflinePaymentRequest, figures: OfflineCardFigures) => boolean;

/** Checked in order; the first one broken is the reason given. Each is "this payment would break it". */
const HARD_LIMITS: ReadonlyArray<[DeclineReason, Rule]> = [
  ['OFFLINE_CARD_DISABLED', (policy) => !policy.enabled],
  ['METHOD_NOT_ALLOWED', (policy, { method }) => !policy.allowedMethods.includes(method)],
  ['CURRENCY_MISMATCH', (policy, { amount }) => amount.currency !== policy.currency],
  // A zero, negative or fractional amount could slip under every limit below, so it is never approved.
  ['INVALID_AMOUNT', (_policy, { amount }) => !Number.isSafeInteger(amount.amount) || amount.amount < 1],
  ['OVER_TRANSACTION_LIMIT', (policy, { amount }) => amount.amount > policy.perTransactionLimit],
  [
    'OVER_DAILY_LIMIT',
    (policy, { amount }, figures) => figures.dailyTotalAtLocation + amount.amount > policy.dailyLimitPerLocation,
  ],
  [
    'OVER_EXPOSURE_LIMIT',
    (policy, { amount }, figures) => figures.outstandingExposure + amount.amount > policy.maxOutstandingExposure,
  ],
];

/**
 * Cash is always allowed: it carries no card risk. A card payment within every limit is approved, or needs a
 * manager when it is above the threshold; a limit reached exactly is still within it.
 */
export function decideOfflinePayment(
  policy: OfflineCardPolicy,
  request: OfflinePaymentRequest,
  figures: OfflineCardFigures,
): OfflinePaymentVerdict {
  if (request.method === 'cash') return { decision: 'approved' };
  const broken = HARD_LIMITS.find(([, breaks]) => breaks(policy, request, figures));
  if (broken) return { decision: 'declined', reason: broken[0] };
  if (request.amount.amount > policy.managerThreshold) {
    return { decision: 'pending_manager', reason: 'ABOVE_MANAGER_THRESHOLD' };
  }
  return { decision: 'approved' };
}

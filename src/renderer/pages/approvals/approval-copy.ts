import type { ApprovalView } from '../../api/types.js';
import { formatMinor } from '../../format.js';

/** Why the hub asked a manager, with the policy figure it compared against. */
export function reasonText({ reason, policy }: Pick<ApprovalView, 'reason' | 'policy'>): string {
  const money = (amount: number) => formatMinor(amount, policy.currency);
  switch (reason) {
    case 'ABOVE_MANAGER_THRESHOLD':
      return `Above the manager threshold of ${money(policy.managerThreshold)}.`;
    case 'OVER_TRANSACTION_LIMIT':
      return `Over the per-payment limit of ${money(policy.perTransactionLimit)}.`;
    case 'OVER_DAILY_LIMIT':
      return `Over the daily limit per location of ${money(policy.dailyLimitPerLocation)}.`;
    case 'OVER_EXPOSURE_LIMIT':
      return `Over the outstanding exposure limit of ${money(policy.maxOutstandingExposure)}.`;
    default:
      return reason.replace(/_/g, ' ').toLowerCase();
  }
}

export interface PolicyLine {
  label: string;
  /** The figure before this payment. */
  now: string;
  /** The figure if it is approved. */
  after: string;
  limit: string;
  /** Approving would go over this limit. */
  over: boolean;
}

/** Today's total and the exposure before and after this payment, each against its limit. */
export function policyLines({ amount, figures, policy }: ApprovalView): PolicyLine[] {
  const money = (value: number) => formatMinor(value, amount.currency);
  const line = (label: string, now: number, limit: number): PolicyLine => ({
    label,
    now: money(now),
    after: money(now + amount.amount),
    limit: money(limit),
    over: now + amount.amount > limit,
  });
  return [
    line('Today at this location', figures.dailyTotalAtLocation, policy.dailyLimitPerLocation),
    line('Outstanding exposure', figures.outstandingExposure, policy.maxOutstandingExposure),
  ];
}

/** Why an approval nobody decided expired, in the history's words; the till's own record is linked beside it. */
export function expiryText({ expiry }: Pick<ApprovalView, 'expiry'>): string {
  switch (expiry?.reason) {
    case 'card_taken':
      return 'The till took the card without a decision; the payment waits as a conflict.';
    case 'paid_otherwise':
      return 'The till recorded the sale paid another way.';
    case 'wait_over':
      return 'Nobody decided while the till could wait; the hub no longer holds the amount for it.';
    default:
      return '';
  }
}

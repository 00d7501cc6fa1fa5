import type { OfflineCardPolicy } from '../../api/types.js';
import { parseMajor, toMajorText } from '../../format.js';

export const LIMIT_FIELDS = [
  { key: 'perTransactionLimit', label: 'Most one offline card payment may be' },
  { key: 'managerThreshold', label: 'A manager approves payments above' },
  { key: 'dailyLimitPerLocation', label: 'Daily offline card total per location' },
  { key: 'maxOutstandingExposure', label: 'Offline card money waiting to be forwarded, store-wide' },
] as const;

export type LimitKey = (typeof LIMIT_FIELDS)[number]['key'];

/** The form holds amounts as typed text in major units ("200.00"); the hub takes minor units. */
export interface PolicyDraft {
  enabled: boolean;
  card: boolean;
  cash: boolean;
  currency: string;
  limits: Record<LimitKey, string>;
}

export function toDraft(policy: OfflineCardPolicy): PolicyDraft {
  return {
    enabled: policy.enabled,
    card: policy.allowedMethods.includes('card'),
    cash: policy.allowedMethods.includes('cash'),
    currency: policy.currency,
    limits: Object.fromEntries(
      LIMIT_FIELDS.map(({ key }) => [key, toMajorText(policy[key], policy.currency)]),
    ) as Record<LimitKey, string>,
  };
}

/** The policy to save, or the first problem in words. */
export function fromDraft(draft: PolicyDraft): { policy: OfflineCardPolicy } | { problem: string } {
  const currency = draft.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return { problem: 'The currency is a three-letter code such as PLN.' };
  const amounts: Partial<Record<LimitKey, number>> = {};
  for (const { key, label } of LIMIT_FIELDS) {
    const amount = parseMajor(draft.limits[key], currency);
    if (amount === null) return { problem: `“${label}” is not an amount (for example 200.00).` };
    amounts[key] = amount;
  }
  const allowedMethods = [...(draft.cash ? ['cash' as const] : []), ...(draft.card ? ['card' as const] : [])];
  return {
    policy: { enabled: draft.enabled, allowedMethods, currency, ...(amounts as Record<LimitKey, number>) },
  };
}

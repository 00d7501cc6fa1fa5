import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideOfflinePayment,
  defaultOfflineCardPolicy,
  type OfflinePaymentRequest,
} from '../../src/shared/payments/offline-card-policy.js';
import type { OfflineCardFigures, OfflineCardPolicy } from '../../src/shared/protocol/payment-payloads.js';

const policy = defaultOfflineCardPolicy();
const none: OfflineCardFigures = { dailyTotalAtLocation: 0, outstandingExposure: 0 };
const card = (amount: number, currency = 'PLN'): OfflinePaymentRequest => ({
  method: 'card',
  amount: { amount, currency },
});
const cash = (amount: number, currency = 'PLN'): OfflinePaymentRequest => ({
  method: 'cash',
  amount: { amount, currency },
});

describe('defaults', () => {
  it('are PLN in minor units: 500.00 per payment, 200.00 manager threshold, 3000.00 a day, 10000.00 exposure', () => {
    expect(defaultOfflineCardPolicy()).toEqual({
      enabled: true,
      allowedMethods: ['cash', 'card'],
      perTransactionLimit: 50_000,
      dailyLimitPerLocation: 300_000,
      maxOutstandingExposure: 1_000_000,
      managerThreshold: 20_000,
      currency: 'PLN',
    });
  });

  it('are a fresh copy each time, so no caller can change them for the others', () => {
    const mine = defaultOfflineCardPolicy();
    mine.allowedMethods.pop();
    mine.perTransactionLimit = 1;
    expect(defaultOfflineCardPolicy().allowedMethods).toEqual(['cash', 'card']);
    expect(defaultOfflineCardPolicy().perTransactionLimit).toBe(50_000);
  });
});

describe('cash', () => {
  it('is always approved: disabled policy, cash not listed, other currency, any amount, limits used up', () => {
    const strict: OfflineCardPolicy = { ...policy, enabled: false, allowedMethods: [], perTransactionLimit: 0 };
    const full = { dailyTotalAtLocation: 10 ** 9, outstandingExposure: 10 ** 9 };
    expect(decideOfflinePayment(strict, cash(99_999_999, 'EUR'), full)).toEqual({ decision: 'approved' });
    expect(decideOfflinePayment(policy, cash(1), none)).toEqual({ decision: 'approved' });
  });
});

describe('card, to the minor unit', () => {
  it.each([
    [1, { decision: 'approved' }],
    [20_000, { decision: 'approved' }],
    [20_001, { decision: 'pending_manager', reason: 'ABOVE_MANAGER_THRESHOLD' }],
    [50_000, { decision: 'pending_manager', reason: 'ABOVE_MANAGER_THRESHOLD' }],
    [50_001, { decision: 'declined', reason: 'OVER_TRANSACTION_LIMIT' }],
  ])('%i minor units with nothing taken yet → %j', (amount, verdict) => {
    expect(decideOfflinePayment(policy, card(amount), none)).toEqual(verdict);
  });

  it('allows the daily total to reach the limit exactly, not one grosz beyond it', () => {
    const today = { dailyTotalAtLocation: 280_000, outstandingExposure: 0 };
    expect(decideOfflinePayment(policy, card(20_000), today)).toEqual({ decision: 'approved' });
    expect(decideOfflinePayment(policy, card(20_001), today)).toEqual({
      decision: 'declined',
      reason: 'OVER_DAILY_LIMIT',
    });
  });

  it('allows the outstanding exposure to reach the limit exactly, not one grosz beyond it', () => {
    const exposed = { dailyTotalAtLocation: 0, outstandingExposure: 980_000 };
    expect(decideOfflinePayment(policy, card(20_000), exposed)).toEqual({ decision: 'approved' });
    expect(decideOfflinePayment(policy, card(20_001), exposed)).toEqual({
      decision: 'declined',
      reason: 'OVER_EXPOSURE_LIMIT',
    });
  });

  it('declines a payment a manager could approve when it would break a hard limit', () => {
    const today = { dailyTotalAtLocation: 290_000, outstandingExposure: 0 };
    expect(decideOfflinePayment(policy, card(30_000), today)).toEqual({
      decision: 'declined',
      reason: 'OVER_DAILY_LIMIT',
    });
  });

  it('declines everything when offline cards are switched off, whatever else is wrong', () => {
    const off = { ...policy, enabled: false, allowedMethods: [] };
    expect(decideOfflinePayment(off, card(1), none)).toEqual({ decision: 'declined', reason: 'OFFLINE_CARD_DISABLED' });
    expect(decideOfflinePayment(off, card(10 ** 9, 'EUR'), none).reason).toBe('OFFLINE_CARD_DISABLED');
  });

  it('declines a card when only cash is allowed', () => {
    const cashOnly: OfflineCardPolicy = { ...policy, allowedMethods: ['cash'] };
    expect(decideOfflinePayment(cashOnly, card(1), none)).toEqual({
      decision: 'declined',
      reason: 'METHOD_NOT_ALLOWED',
    });
  });

  it('declines a payment in another currency than the policy limits are set in', () => {
    expect(decideOfflinePayment(policy, card(100, 'EUR'), none)).toEqual({
      decision: 'declined',
      reason: 'CURRENCY_MISMATCH',
    });
  });

  it.each([0, -1, -50_000, 0.5, 199.99, Number.NaN, Number.MAX_SAFE_INTEGER + 2])(
    'never approves %d, which is not a payment',
    (amount) => {
      expect(decideOfflinePayment(policy, card(amount), none)).toEqual({
        decision: 'declined',
        reason: 'INVALID_AMOUNT',
      });
    },
  );

  it('checks the per-payment limit before the daily and exposure figures', () => {
    const full = { dailyTotalAtLocation: 300_000, outstandingExposure: 1_000_000 };
    expect(decideOfflinePayment(policy, card(50_001), full).reason).toBe('OVER_TRANSACTION_LIMIT');
    expect(decideOfflinePayment(policy, card(1), full).reason).toBe('OVER_DAILY_LIMIT');
  });

  it('needs no manager when the threshold is at or above the per-payment limit', () => {
    const noManager = { ...policy, managerThreshold: policy.perTransactionLimit };
    expect(decideOfflinePayment(noManager, card(50_000), none)).toEqual({ decision: 'approved' });
  });
});

describe('property: never approves over any limit', () => {
  const limit = fc.integer({ min: 0, max: 2_000_000 });
  const arbitraryPolicy = fc.record<OfflineCardPolicy>({
    enabled: fc.boolean(),
    allowedMethods: fc.subarray(['cash', 'card'] as Array<'cash' | 'card'>),
    perTransactionLimit: limit,
    dailyLimitPerLocation: limit,
    maxOutstandingExposure: limit,
    managerThreshold: limit,
    currency: fc.constantFrom('PLN', 'EUR'),
  });
  const arbitraryRequest = fc.record<OfflinePaymentRequest>({
    method: fc.constantFrom('cash', 'card'),
    amount: fc.record({
      amount: fc.oneof(fc.integer({ min: -10, max: 2_000_000 }), fc.double({ min: -1, max: 2_000_000 })),
      currency: fc.constantFrom('PLN', 'EUR'),
    }),
  });
  const arbitraryFigures = fc.record<OfflineCardFigures>({
    dailyTotalAtLocation: fc.integer({ min: 0, max: 4_000_000 }),
    outstandingExposure: fc.integer({ min: 0, max: 4_000_000 }),
  });

  it('approves a card only within every limit, and asks a manager only within the hard limits', () => {
    fc.assert(
      fc.property(arbitraryPolicy, arbitraryRequest, arbitraryFigures, (p, request, figures) => {
        const verdict = decideOfflinePayment(p, request, figures);
        if (request.method === 'cash') return verdict.decision === 'approved';
        const amount = request.amount.amount;
        const withinHardLimits =
          p.enabled &&
          p.allowedMethods.includes('card') &&
          request.amount.currency === p.currency &&
          Number.isSafeInteger(amount) &&
          amount >= 1 &&
          amount <= p.perTransactionLimit &&
          figures.dailyTotalAtLocation + amount <= p.dailyLimitPerLocation &&
          figures.outstandingExposure + amount <= p.maxOutstandingExposure;
        switch (verdict.decision) {
          case 'approved':
            return withinHardLimits && amount <= p.managerThreshold && verdict.reason === undefined;
          case 'pending_manager':
            return withinHardLimits && amount > p.managerThreshold && verdict.reason === 'ABOVE_MANAGER_THRESHOLD';
          case 'declined':
            return !withinHardLimits && verdict.reason !== undefined;
        }
      }),
      { numRuns: 5000 },
    );
  });
});

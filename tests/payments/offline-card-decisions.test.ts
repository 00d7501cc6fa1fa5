import { beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ApprovalDesk } from '../../src/main/hub/payments/approval-desk.js';
import { paymentPolicyState } from '../../src/main/hub/payments/index.js';
import { OfflineAuthorizations } from '../../src/main/hub/payments/offline-authorizations.js';
import { recordForwarded } from '../../src/main/hub/payments/payment-forwarding.js';
import { updatePolicy } from '../../src/main/hub/payments/payment-policy.js';
import { recordedFigures } from '../../src/main/hub/payments/payment-reads.js';
import { UserStore, type User } from '../../src/main/hub/security/user-store.js';
import { defaultOfflineCardPolicy } from '../../src/shared/payments/offline-card-policy.js';
import type { OfflineCardPolicy } from '../../src/shared/protocol/payment-payloads.js';
import {
  expectRebuildMatchesLive,
  expectStatus,
  openPaymentStore,
  rows,
  Till,
  type CardPayment,
  type PaymentStore,
} from './helpers.js';

let store: PaymentStore;
let ledger: Ledger;
let pos: Till;

beforeEach(() => {
  store = openPaymentStore();
  ledger = store.ledger;
  pos = new Till('pos-1');
});

const accept = (payment: CardPayment) => expectStatus(ledger, pos.cardPayment(payment), 'accepted');
const hold = (payment: CardPayment) => expectStatus(ledger, pos.cardPayment(payment), 'conflict');
const figures = (locationId = 'shelf', businessDate = '2026-11-22') =>
  recordedFigures(ledger.db, 'PLN', locationId, businessDate);
const setPolicy = (change: Partial<OfflineCardPolicy>) =>
  updatePolicy(ledger, store.audit, { ...defaultOfflineCardPolicy(), ...change }, 'Olga');
const paymentState = (paymentId: string) =>
  rows<{ state: string }>(ledger, 'SELECT state FROM offline_payments WHERE payment_id = ?', paymentId)[0]?.state;

describe('payment.offline_card within the policy', () => {
  it('is accepted as authorized and counts towards the day and the exposure, to the minor unit', () => {
    const stored = accept({ paymentId: 'p-1', amount: 19_999 });
    expect(stored.outcome).toEqual({
      offlinePayment: {
        paymentId: 'p-1',
        saleId: 'sale-p-1',
        locationId: 'shelf',
        businessDate: '2026-11-22',
        amount: 19_999,
        currency: 'PLN',
        state: 'authorized',
      },
      // The domain says what the fact owes the processor; the wiring enqueues it in the same transaction.
      upstream: [
        {
          kind: 'card.capture',
          paymentId: 'p-1',
          saleId: 'sale-p-1',
          amount: { amount: 19_999, currency: 'PLN' },
          takenAt: '2026-11-22T09:15:00.000Z',
        },
      ],
    });
    expect(rows(ledger, 'SELECT * FROM offline_payments')).toEqual([
      {
        payment_id: 'p-1',
        sale_id: 'sale-p-1',
        device_id: 'pos-1',
        location_id: 'shelf',
        business_date: '2026-11-22',
        amount: 19_999,
        currency: 'PLN',
        state: 'authorized',
        approval_id: null,
        cursor: stored.cursor,
        updated_cursor: stored.cursor,
        taken_at: '2026-11-22T09:15:00.000Z',
        payment_intent_id: null,
        refunds_requested: 0,
        refunded: 0,
        decline_code: null,
        problem: null,
        settled_at: null,
      },
    ]);
    expect(figures()).toEqual({ dailyTotalAtLocation: 19_999, outstandingExposure: 19_999 });
  });

  it('dates a payment by the store’s local day of takenAt', () => {
    accept({ paymentId: 'late', amount: 100, takenAt: '2026-11-22T23:30:00.000Z' });
    expect(figures('shelf', '2026-11-23').dailyTotalAtLocation).toBe(100);
    expect(figures('shelf', '2026-11-22').dailyTotalAtLocation).toBe(0);
  });
});

describe('payment.offline_card beyond the policy', () => {
  it('is held as an offline_limit_exceeded conflict with the figures and policy at its position', () => {
    for (let i = 0; i < 15; i += 1) accept({ amount: 20_000 });
    expect(figures()).toEqual({ dailyTotalAtLocation: 300_000, outstandingExposure: 300_000 });

    const over = pos.cardPayment({ paymentId: 'one-grosz-too-many', amount: 1 });
    const stored = expectStatus(ledger, over, 'conflict');
    const conflictId = `c-${over.id}`;
    expect(stored.outcome).toEqual({
      conflict: {
        id: conflictId,
        kind: 'offline_limit_exceeded',
        server: {
          figures: { dailyTotalAtLocation: 300_000, outstandingExposure: 300_000 },
          policy: defaultOfflineCardPolicy(),
          reason: 'OVER_DAILY_LIMIT',
        },
        requested: {
          paymentId: 'one-grosz-too-many',
          saleId: 'sale-one-grosz-too-many',
          locationId: 'shelf',
          amount: { amount: 1, currency: 'PLN' },
        },
        options: ['accept_risk', 'escalate'],
      },
      offlinePayment: {
        paymentId: 'one-grosz-too-many',
        saleId: 'sale-one-grosz-too-many',
        locationId: 'shelf',
        businessDate: '2026-11-22',
        amount: 1,
        currency: 'PLN',
        state: 'held',
      },
    });
    expect(rows(ledger, 'SELECT id, kind, status, device_id FROM conflicts')).toEqual([
      { id: conflictId, kind: 'offline_limit_exceeded', status: 'open', device_id: 'pos-1' },
    ]);
    // The sale happened: the payment is on record, held, and counts towards no limit until the manager decides.
    expect(paymentState('one-grosz-too-many')).toBe('held');
    expect(figures()).toEqual({ dailyTotalAtLocation: 300_000, outstandingExposure: 300_000 });
  });

  it('does not stall the till: later payments are judged without the held one', () => {
    accept({ amount: 20_000, locationId: 'cooler' });
    setPolicy({ dailyLimitPerLocation: 20_000 });
    hold({ amount: 20_001 });
    accept({ amount: 20_000 });
    expect(figures()).toEqual({ dailyTotalAtLocation: 20_000, outstandingExposure: 40_000 });
  });

  it('keeps the daily limit per location and per business day', () => {
    setPolicy({ dailyLimitPerLocation: 20_000 });
    accept({ amount: 20_000 });
    hold({ amount: 1 });
    accept({ amount: 20_000, locationId: 'cooler' });
    accept({ amount: 20_000, takenAt: '2026-11-22T23:00:00.000Z' });
  });

  it('holds what would take the outstanding exposure past its limit; forwarding makes room again', () => {
    setPolicy({ maxOutstandingExposure: 50_000 });
    accept({ paymentId: 'a', amount: 20_000 });
    accept({ paymentId: 'b', amount: 20_000, locationId: 'cooler' });
    accept({ paymentId: 'c', amount: 10_000 });
    const stored = hold({ amount: 1 });
    expect((stored.outcome!.conflict as { server: { reason: string } }).server.reason).toBe('OVER_EXPOSURE_LIMIT');

    recordForwarded(ledger, 'a', 'stripe');
    expect(paymentState('a')).toBe('forwarded');
    // Forwarded money is no longer at risk, but it was still taken today.
    expect(figures()).toEqual({ dailyTotalAtLocation: 30_000, outstandingExposure: 30_000 });
    accept({ amount: 20_000 });
    expect(figures()).toEqual({ dailyTotalAtLocation: 50_000, outstandingExposure: 50_000 });
  });

  it('forwards only an authorized payment it knows, once', () => {
    accept({ paymentId: 'a', amount: 100 });
    hold({ paymentId: 'big', amount: 60_000 });
    recordForwarded(ledger, 'a', 'stripe');
    expect(() => recordForwarded(ledger, 'a', 'stripe')).toThrow(
      expect.objectContaining({ code: 'PAYMENT_NOT_FORWARDABLE' }),
    );
    expect(() => recordForwarded(ledger, 'big', 'stripe')).toThrow(
      expect.objectContaining({ code: 'PAYMENT_NOT_FORWARDABLE' }),
    );
    expect(() => recordForwarded(ledger, 'nope', 'stripe')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_PAYMENT' }),
    );
  });

  it.each([
    [{ amount: 20_001 }, {}, 'ABOVE_MANAGER_THRESHOLD'],
    [{ amount: 50_001 }, {}, 'OVER_TRANSACTION_LIMIT'],
    [{ amount: 100, currency: 'EUR' }, {}, 'CURRENCY_MISMATCH'],
    [{ amount: 100 }, { enabled: false }, 'OFFLINE_CARD_DISABLED'],
    [{ amount: 100 }, { allowedMethods: ['cash'] as Array<'cash'> }, 'METHOD_NOT_ALLOWED'],
  ])('holds %j under %j with reason %s', (payment, change, reason) => {
    setPolicy(change);
    const stored = hold(payment);
    expect((stored.outcome!.conflict as { server: { reason: string } }).server.reason).toBe(reason);
  });

  it('applies the policy in force at the event’s ledger position', () => {
    hold({ amount: 45_000 });
    setPolicy({ managerThreshold: 50_000 });
    accept({ amount: 45_000 });
  });
});

describe('payment.offline_card refusals', () => {
  it('refuses a second payment with a recorded paymentId, held or not', () => {
    hold({ paymentId: 'dup', amount: 60_000 });
    const stored = expectStatus(ledger, pos.cardPayment({ paymentId: 'dup', amount: 100 }), 'refused');
    expect(stored.outcome).toEqual({
      refusal: { code: 'DUPLICATE_PAYMENT', message: 'payment dup is already recorded' },
    });
    expect(rows(ledger, 'SELECT amount FROM offline_payments')).toEqual([{ amount: 60_000 }]);
  });

  it('refuses a location the hub has never heard of', () => {
    const stored = expectStatus(ledger, pos.cardPayment({ amount: 100, locationId: 'moon' }), 'refused');
    expect((stored.outcome!.refusal as { code: string }).code).toBe('UNKNOWN_LOCATION');
    expect(rows(ledger, 'SELECT * FROM offline_payments')).toEqual([]);
  });
});

describe('payment.offline_card with a manager’s approval', () => {
  let manager: User;
  let desk: ApprovalDesk;
  let authorizations: OfflineAuthorizations;

  beforeEach(async () => {
    const users = new UserStore(ledger.db);
    manager = await users.add({ name: 'Marta', role: 'manager', pin: '2468' });
    desk = new ApprovalDesk(ledger, store.audit, users, () => {});
    authorizations = new OfflineAuthorizations(ledger, store.audit, () => new Date(MORNING_PLUS_MINUTE));
  });

  const MORNING_PLUS_MINUTE = '2026-11-22T09:16:00.000Z';

  const askFor = (paymentId: string, amount: number) => {
    const answer = authorizations.authorize('pos-1', {
      paymentId,
      saleId: `sale-${paymentId}`,
      amount: { amount, currency: 'PLN' },
      method: 'card',
      locationId: 'shelf',
    });
    expect(answer.decision).toBe('pending_manager');
    return answer.approvalId!;
  };

  it('is authorized when a manager approved it, even if the day filled up since', async () => {
    const approvalId = askFor('big', 45_000);
    await desk.decide(approvalId, 'approve', manager, '2468');
    for (let i = 0; i < 14; i += 1) accept({ amount: 20_000 });

    const stored = accept({ paymentId: 'big', amount: 45_000, approvalId });
    expect(stored.outcome!.offlinePayment).toMatchObject({ state: 'authorized', approvalId, amount: 45_000 });
    expect(rows(ledger, 'SELECT approval_id FROM offline_payments WHERE payment_id = ?', 'big')).toEqual([
      { approval_id: approvalId },
    ]);
    expect(figures()).toEqual({ dailyTotalAtLocation: 325_000, outstandingExposure: 325_000 });
  });

  it('covers less than the approved amount, never more, and only its own payment', async () => {
    const [first, second] = [askFor('first', 30_000), askFor('second', 30_000)];
    await desk.decide(first, 'approve', manager, '2468');
    await desk.decide(second, 'approve', manager, '2468');
    const problem = (payment: CardPayment) =>
      (hold(payment).outcome!.conflict as { server: { approval?: unknown } }).server.approval;
    expect(problem({ paymentId: 'first', amount: 30_001, approvalId: first })).toEqual({
      approvalId: first,
      problem: 'APPROVAL_MISMATCH',
    });
    expect(problem({ paymentId: 'other', amount: 30_000, approvalId: second })).toEqual({
      approvalId: second,
      problem: 'APPROVAL_MISMATCH',
    });
    accept({ paymentId: 'second', amount: 29_999, approvalId: second });
  });

  it('is held when the approval is still pending, was declined or does not exist', async () => {
    const pending = askFor('p', 30_000);
    const declined = askFor('d', 30_000);
    await desk.decide(declined, 'decline', manager, '2468');
    const unknown = '01900000-0000-7000-8000-000000000000';
    const server = (payment: CardPayment) =>
      (hold(payment).outcome!.conflict as { server: Record<string, unknown> }).server;

    expect(server({ paymentId: 'p', amount: 30_000, approvalId: pending })).toMatchObject({
      reason: 'ABOVE_MANAGER_THRESHOLD',
      approval: { approvalId: pending, problem: 'APPROVAL_PENDING' },
    });
    expect(server({ paymentId: 'd', amount: 30_000, approvalId: declined }).approval).toEqual({
      approvalId: declined,
      problem: 'APPROVAL_DECLINED',
    });
    expect(server({ paymentId: 'u', amount: 30_000, approvalId: unknown }).approval).toEqual({
      approvalId: unknown,
      problem: 'APPROVAL_UNKNOWN',
    });
  });

  it('within the policy needs no approval, whatever approvalId it carries', () => {
    const unknown = '01900000-0000-7000-8000-000000000000';
    const stored = accept({ paymentId: 'small', amount: 100, approvalId: unknown });
    expect(stored.outcome!.offlinePayment).not.toHaveProperty('approvalId');
  });

  it('rebuilds payments, approvals and the policy exactly as they were recorded live', async () => {
    setPolicy({ managerThreshold: 10_000 });
    const approvalId = askFor('big', 30_000);
    await desk.decide(approvalId, 'approve', manager, '2468');
    accept({ paymentId: 'big', amount: 30_000, approvalId });
    accept({ paymentId: 'small', amount: 5_000 });
    hold({ amount: 60_000 });
    recordForwarded(ledger, 'small', 'stripe');
    expectRebuildMatchesLive(ledger);
    expect(rows(ledger, 'SELECT payment_id, state FROM offline_payments ORDER BY cursor')).toHaveLength(3);
  });
});

describe('policy state for devices', () => {
  it('is the current policy with the outstanding exposure in its currency', () => {
    expect(paymentPolicyState(ledger.db)).toEqual({ offlineCard: defaultOfflineCardPolicy(), outstandingExposure: 0 });
    setPolicy({ perTransactionLimit: 40_000 });
    accept({ amount: 12_345 });
    accept({ amount: 1, currency: 'PLN', locationId: 'cooler' });
    expect(paymentPolicyState(ledger.db)).toEqual({
      offlineCard: { ...defaultOfflineCardPolicy(), perTransactionLimit: 40_000 },
      outstandingExposure: 12_346,
    });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ApprovalDesk, type ApprovalNotice } from '../../src/main/hub/payments/approval-desk.js';
import { listApprovals } from '../../src/main/hub/payments/approval-views.js';
import { OfflineAuthorizations, RESERVATION_MS } from '../../src/main/hub/payments/offline-authorizations.js';
import { updatePolicy } from '../../src/main/hub/payments/payment-policy.js';
import { UserStore, type User } from '../../src/main/hub/security/user-store.js';
import { defaultOfflineCardPolicy } from '../../src/shared/payments/offline-card-policy.js';
import type { OfflineAuthorizationRequest } from '../../src/shared/protocol/payment-payloads.js';
import { expectStatus, MORNING, openPaymentStore, rows, Till, type PaymentStore } from './helpers.js';

let store: PaymentStore;
let ledger: Ledger;
let clock: Date;
let authorizations: OfflineAuthorizations;
let users: UserStore;
let manager: User;
let notices: ApprovalNotice[];
let desk: ApprovalDesk;

beforeEach(async () => {
  store = openPaymentStore();
  ledger = store.ledger;
  clock = new Date(MORNING);
  authorizations = new OfflineAuthorizations(ledger, store.audit, () => clock);
  users = new UserStore(ledger.db);
  manager = await users.add({ name: 'Marta', role: 'manager', pin: '2468' });
  notices = [];
  desk = new ApprovalDesk(ledger, store.audit, users, (notice) => notices.push(notice));
});

let counter = 0;
const request = (amount: number, fields: Partial<OfflineAuthorizationRequest> = {}): OfflineAuthorizationRequest => {
  counter += 1;
  return {
    paymentId: `pay-${counter}`,
    saleId: `sale-${counter}`,
    amount: { amount, currency: 'PLN' },
    method: 'card',
    locationId: 'shelf',
    ...fields,
  };
};
const ask = (amount: number, fields: Partial<OfflineAuthorizationRequest> = {}, deviceId = 'pos-1') =>
  authorizations.authorize(deviceId, request(amount, fields));
const audited = (action: string) => store.audit.list({ limit: 100 }).filter((entry) => entry.action === action);

describe('offline authorization answers', () => {
  it('approves within the policy, asks a manager above the threshold and declines past a limit', () => {
    expect(ask(20_000)).toEqual({ decision: 'approved' });
    expect(ask(50_001)).toEqual({ decision: 'declined', reason: 'OVER_TRANSACTION_LIMIT' });
    expect(ask(999_999, { method: 'cash' })).toEqual({ decision: 'approved' });
    const pending = ask(20_001);
    expect(pending).toEqual({
      decision: 'pending_manager',
      reason: 'ABOVE_MANAGER_THRESHOLD',
      approvalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(audited('payments.offline_authorization')).toHaveLength(4);
  });

  it('records a pending one as a hub-made approval.request with the figures and policy it was judged on', () => {
    ask(20_000);
    const { approvalId } = ask(45_000, { paymentId: 'big', saleId: 's-big' });
    const [event] = rows<{ record: string }>(ledger, "SELECT record FROM events WHERE type = 'approval.request'");
    const recorded = JSON.parse(event!.record) as { status: string; event: { actor: string; payload: unknown } };
    expect(recorded.status).toBe('accepted');
    expect(recorded.event.actor).toBe('device:pos-1');
    expect(recorded.event.payload).toEqual({
      approvalId,
      paymentId: 'big',
      saleId: 's-big',
      deviceId: 'pos-1',
      locationId: 'shelf',
      amount: { amount: 45_000, currency: 'PLN' },
      method: 'card',
      reason: 'ABOVE_MANAGER_THRESHOLD',
      // The approved 200.00 a moment earlier is not synced yet but already counts.
      figures: { dailyTotalAtLocation: 20_000, outstandingExposure: 20_000 },
      policy: defaultOfflineCardPolicy(),
    });
    expect(listApprovals(ledger.db, 10, 'pending')).toMatchObject([
      { approvalId, paymentId: 'big', status: 'pending', amount: { amount: 45_000, currency: 'PLN' } },
    ]);
  });

  it('answers the same request again with the same answer and approvalId, recording nothing new', () => {
    const same = request(45_000);
    const first = authorizations.authorize('pos-1', same);
    const eventsBefore = ledger.head().cursor;
    expect(authorizations.authorize('pos-1', same)).toEqual(first);
    expect(authorizations.authorize('pos-1', { ...same })).toEqual(first);
    expect(ledger.head().cursor).toBe(eventsBefore);
    expect(audited('payments.offline_authorization')).toHaveLength(1);

    const cheap = request(100);
    expect(authorizations.authorize('pos-1', cheap)).toEqual({ decision: 'approved' });
    updatePolicy(ledger, store.audit, { ...defaultOfflineCardPolicy(), enabled: false }, 'Olga');
    expect(authorizations.authorize('pos-1', cheap)).toEqual({ decision: 'approved' });
  });

  it('refuses a reused paymentId with other content or from another device', () => {
    const original = request(100);
    authorizations.authorize('pos-1', original);
    const mismatch = expect.objectContaining({ code: 'IDEMPOTENCY_MISMATCH' });
    expect(() => authorizations.authorize('pos-1', { ...original, amount: { amount: 101, currency: 'PLN' } })).toThrow(
      mismatch,
    );
    expect(() => authorizations.authorize('pos-2', original)).toThrow(mismatch);
  });

  it('tells a till that asks again what the manager decided meanwhile', async () => {
    const approved = request(30_000);
    const declined = request(30_000);
    const approvedId = authorizations.authorize('pos-1', approved).approvalId!;
    const declinedId = authorizations.authorize('pos-1', declined).approvalId!;
    await desk.decide(approvedId, 'approve', manager, '2468');
    await desk.decide(declinedId, 'decline', manager, '2468');
    expect(authorizations.authorize('pos-1', approved)).toEqual({ decision: 'approved', approvalId: approvedId });
    expect(authorizations.authorize('pos-1', declined)).toEqual({
      decision: 'declined',
      reason: 'MANAGER_DECLINED',
      approvalId: declinedId,
    });
  });

  it('refuses an unknown location and a payment that is already recorded', () => {
    expect(() => ask(100, { locationId: 'moon' })).toThrow(expect.objectContaining({ code: 'UNKNOWN_LOCATION' }));
    const till = new Till('pos-1');
    expectStatus(ledger, till.cardPayment({ paymentId: 'synced-first', amount: 100 }), 'accepted');
    expect(() => ask(100, { paymentId: 'synced-first' })).toThrow(
      expect.objectContaining({ code: 'PAYMENT_ALREADY_RECORDED' }),
    );
  });
});

describe('answers waiting for their payment', () => {
  it('hold their amount against the limits, so two tills cannot both use the same headroom', () => {
    for (let i = 0; i < 14; i += 1) expect(ask(20_000).decision).toBe('approved');
    expect(ask(20_000, {}, 'pos-2')).toEqual({ decision: 'approved' });
    expect(ask(1, {}, 'pos-2')).toEqual({ decision: 'declined', reason: 'OVER_DAILY_LIMIT' });
    expect(ask(1, { locationId: 'cooler' })).toEqual({ decision: 'approved' });
  });

  it('are counted once when their payment arrives, and not at all after the reservation time', () => {
    const till = new Till('pos-1');
    const first = request(20_000);
    authorizations.authorize('pos-1', first);
    expectStatus(ledger, till.cardPayment({ paymentId: first.paymentId, amount: 20_000 }), 'accepted');
    updatePolicy(ledger, store.audit, { ...defaultOfflineCardPolicy(), dailyLimitPerLocation: 40_001 }, 'Olga');
    expect(ask(20_000)).toEqual({ decision: 'approved' });
    expect(ask(2)).toEqual({ decision: 'declined', reason: 'OVER_DAILY_LIMIT' });

    clock = new Date(Date.parse(MORNING) + RESERVATION_MS + 1);
    expect(ask(20_001)).toEqual({
      decision: 'pending_manager',
      reason: 'ABOVE_MANAGER_THRESHOLD',
      approvalId: expect.any(String),
    });
  });

  it('stop holding once a manager declines', async () => {
    updatePolicy(ledger, store.audit, { ...defaultOfflineCardPolicy(), dailyLimitPerLocation: 30_000 }, 'Olga');
    const { approvalId } = ask(30_000);
    expect(ask(1)).toEqual({ decision: 'declined', reason: 'OVER_DAILY_LIMIT' });
    await desk.decide(approvalId!, 'decline', manager, '2468');
    expect(ask(1)).toEqual({ decision: 'approved' });
  });
});

describe('the approval desk', () => {
  it('records who decided, audits it and tells the device that asked', async () => {
    const { approvalId } = ask(30_000, { paymentId: 'big' }, 'pos-7');
    const view = await desk.decide(approvalId!, 'approve', manager, '2468');
    expect(view).toMatchObject({ approvalId, status: 'approved', decidedBy: 'Marta', paymentId: 'big' });
    expect(notices).toEqual([
      { type: 'approval', deviceId: 'pos-7', approvalId, paymentId: 'big', decision: 'approved', decidedBy: 'Marta' },
    ]);
    const [decided] = rows<{ record: string }>(ledger, "SELECT record FROM events WHERE type = 'approval.decide'");
    expect(JSON.parse(decided!.record).event).toMatchObject({
      actor: 'Marta',
      payload: { approvalId, paymentId: 'big', decision: 'approved', decidedBy: 'Marta', userId: manager.id },
    });
    expect(audited('approvals.decide')).toMatchObject([
      { actor: 'Marta', detail: { approvalId, decision: 'approved' } },
    ]);
  });

  it('does not decide on a wrong PIN, and audits the attempt', async () => {
    const { approvalId } = ask(30_000);
    await expect(desk.decide(approvalId!, 'approve', manager, '1111')).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(listApprovals(ledger.db, 10, 'pending')).toHaveLength(1);
    expect(rows(ledger, "SELECT 1 FROM events WHERE type = 'approval.decide'")).toEqual([]);
    expect(notices).toEqual([]);
    expect(audited('approvals.pin_rejected')).toMatchObject([
      { actor: 'Marta', detail: { approvalId, code: 'INVALID_CREDENTIALS' } },
    ]);
  });

  it('decides each approval once', async () => {
    const { approvalId } = ask(30_000);
    const both = await Promise.allSettled([
      desk.decide(approvalId!, 'approve', manager, '2468'),
      desk.decide(approvalId!, 'decline', manager, '2468'),
    ]);
    expect(both.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((both.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'APPROVAL_ALREADY_DECIDED',
    });
    expect(rows(ledger, "SELECT 1 FROM events WHERE type = 'approval.decide'")).toHaveLength(1);
    await expect(desk.decide('01900000-0000-7000-8000-000000000000', 'approve', manager, '2468')).rejects.toMatchObject(
      {
        code: 'APPROVAL_NOT_FOUND',
      },
    );
  });

  it('lists pending and decided approvals apart, newest first', async () => {
    const first = ask(30_000).approvalId!;
    const second = ask(30_000).approvalId!;
    await desk.decide(first, 'decline', manager, '2468');
    expect(listApprovals(ledger.db, 10, 'pending').map((a) => a.approvalId)).toEqual([second]);
    expect(listApprovals(ledger.db, 10, 'decided')).toMatchObject([{ approvalId: first, status: 'declined' }]);
    expect(listApprovals(ledger.db, 10).map((a) => a.approvalId)).toEqual([second, first]);
    expect(listApprovals(ledger.db, 1)).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushReply } from '../../src/shared/protocol/device-api.js';
import { defaultOfflineCardPolicy } from '../../src/shared/payments/offline-card-policy.js';
import type { OfflineCardPolicy } from '../../src/shared/protocol/payment-payloads.js';
import { openStream, type StreamClient } from '../helpers/device-client.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';

const pln = (amount: number) => ({ amount, currency: 'PLN' });

/** A real hub on loopback with a shelf, a paired till and a manager, Marta (PIN 2468), besides the owner. */
function realHub() {
  const setup = {
    t: undefined as unknown as DeviceTestHub,
    till: new TestDevice(),
    marta: '',
    streams: [] as StreamClient[],
  };
  beforeAll(async () => {
    setup.t = await startDeviceTestHub();
    await seedCatalog(setup.t);
    await setup.t.hub.context.users.add({ name: 'Marta', role: 'manager', pin: '2468' });
    setup.marta = await setup.t.login('Marta', '2468');
    await setup.t.pair(setup.till);
  });
  afterAll(async () => {
    for (const stream of setup.streams) stream.close();
    await setup.t.hub.stop();
  });
  return setup;
}

describe('offline card approval over HTTP', () => {
  const setup = realHub();
  const authorize = (body: unknown, token = setup.till.token) =>
    setup.t.lan('POST', '/v1/payments/offline-authorizations', { token, body });
  const bigPayment = {
    paymentId: 'pay-big',
    saleId: 'sale-big',
    amount: pln(25_000),
    method: 'card',
    locationId: 'shelf',
  };

  it('holds a card payment over the threshold for a manager, who approves with the PIN; the till hears it live', async () => {
    const { t, till, marta } = setup;
    const stream = await openStream(`${t.lanUrl.replace('https', 'wss')}/v1/stream`, {
      header: `Bearer ${till.token}`,
    });
    setup.streams.push(stream);

    const asked = await authorize(bigPayment);
    expect(asked.status, asked.text).toBe(200);
    expect(asked.json).toEqual({
      decision: 'pending_manager',
      reason: 'ABOVE_MANAGER_THRESHOLD',
      approvalId: expect.any(String),
    });
    const { approvalId } = asked.json as { approvalId: string };
    expect((await authorize(bigPayment)).json).toEqual(asked.json);

    const pending = await t.admin('GET', '/v1/admin/approvals?status=pending', undefined, marta);
    expect(pending.status, pending.text).toBe(200);
    expect(pending.json.approvals).toEqual([
      {
        approvalId,
        paymentId: 'pay-big',
        saleId: 'sale-big',
        deviceId: till.deviceId,
        locationId: 'shelf',
        amount: pln(25_000),
        method: 'card',
        reason: 'ABOVE_MANAGER_THRESHOLD',
        status: 'pending',
        figures: { dailyTotalAtLocation: 0, outstandingExposure: 0 },
        policy: defaultOfflineCardPolicy(),
        requestedAt: expect.any(String),
        requestedCursor: expect.any(Number),
        decidedBy: null,
        decidedAt: null,
        decidedCursor: null,
        expiresAt: expect.any(String),
        expiry: null,
      },
    ]);

    const wrongPin = await t.admin(
      'POST',
      `/v1/admin/approvals/${approvalId}/decide`,
      { decision: 'approve', pin: '1357' },
      marta,
    );
    expectErrorShape(wrongPin, 401, 'INVALID_CREDENTIALS');
    expect((await t.admin('GET', '/v1/admin/approvals?status=pending', undefined, marta)).json.approvals).toHaveLength(
      1,
    );
    expect((await authorize(bigPayment)).json.decision).toBe('pending_manager');

    const decided = await t.admin(
      'POST',
      `/v1/admin/approvals/${approvalId}/decide`,
      { decision: 'approve', pin: '2468' },
      marta,
    );
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json.approval).toMatchObject({ approvalId, status: 'approved', decidedBy: 'Marta' });

    const told = await stream.waitFor((message) => message.type === 'approval');
    expect(told).toEqual({
      type: 'approval',
      approvalId,
      paymentId: 'pay-big',
      decision: 'approved',
      decidedBy: 'Marta',
    });
    expect((await authorize(bigPayment)).json).toEqual({ decision: 'approved', approvalId });

    // The till took the card and syncs the payment with the approval: it counts, to the grosz.
    const pushed = await t.lan<PushReply>('POST', '/v1/events', {
      token: till.token,
      body: {
        events: [
          till.envelope('payment.offline_card', { ...bigPayment, approvalId, takenAt: new Date().toISOString() }),
        ],
      },
    });
    expect(pushed.json.results[0]).toMatchObject({ status: 'accepted' });
    const again = await authorize({ ...bigPayment, paymentId: 'pay-next', amount: pln(20_000) });
    expect(again.json).toEqual({ decision: 'approved' });
    const [decidedView] = (await t.admin('GET', '/v1/admin/approvals?status=decided', undefined, marta)).json.approvals;
    expect(decidedView).toMatchObject({ approvalId, status: 'approved', amount: pln(25_000) });

    const actions = t.hub.context.audit.list({ limit: 50 }).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['payments.offline_authorization', 'approvals.pin_rejected', 'approvals.decide']),
    );
  }, 15_000);

  it('lets only a manager decide, and each approval only once', async () => {
    const { t, marta } = setup;
    const { approvalId } = (await authorize({ ...bigPayment, paymentId: 'pay-twice', saleId: 'sale-twice' })).json;
    await t.hub.context.users.add({ name: 'Kasia', role: 'cashier', pin: '1111' });
    const cashier = await t.login('Kasia', '1111');
    const path = `/v1/admin/approvals/${approvalId}/decide`;
    expectErrorShape(await t.admin('POST', path, { decision: 'approve', pin: '1111' }, cashier), 403, 'FORBIDDEN');
    expectErrorShape(await t.admin('POST', path, { decision: 'approve', pin: '2468' }, ''), 401, 'UNAUTHENTICATED');
    expect((await t.admin('POST', path, { decision: 'decline', pin: '2468' }, marta)).status).toBe(200);
    expectErrorShape(
      await t.admin('POST', path, { decision: 'approve', pin: '2468' }, marta),
      409,
      'APPROVAL_ALREADY_DECIDED',
    );
  });

  it('answers bad input with a 4xx and a code, and decides nothing', async () => {
    const { t, marta } = setup;
    const cursor = t.hub.context.ledger.head().cursor;
    const ok = { ...bigPayment, paymentId: 'pay-bad', saleId: 'sale-bad' };
    for (const body of [
      { ...ok, amount: pln(0) },
      { ...ok, amount: { amount: 12.5, currency: 'PLN' } },
      { ...ok, amount: { amount: 100, currency: 'pln' } },
      { ...ok, method: 'cheque' },
      { ...ok, extra: true },
      { paymentId: 'pay-bad' },
    ]) {
      expectErrorShape(await authorize(body), 400, 'INVALID_REQUEST');
    }
    expectErrorShape(await authorize(ok, ''), 401, 'UNAUTHENTICATED');
    expectErrorShape(await authorize({ ...ok, locationId: 'moon' }), 404, 'UNKNOWN_LOCATION');
    expect((await authorize({ ...ok, amount: pln(100) })).json).toEqual({ decision: 'approved' });
    expectErrorShape(await authorize({ ...ok, amount: pln(101) }), 409, 'IDEMPOTENCY_MISMATCH');

    const unknown = '/v1/admin/approvals/01900000-0000-7000-8000-000000000000/decide';
    expectErrorShape(
      await t.admin('POST', unknown, { decision: 'approve', pin: '2468' }, marta),
      404,
      'APPROVAL_NOT_FOUND',
    );
    for (const body of [
      { decision: 'maybe', pin: '2468' },
      { decision: 'approve', pin: 'abcd' },
      { decision: 'approve' },
    ]) {
      expectErrorShape(await t.admin('POST', unknown, body, marta), 400, 'INVALID_REQUEST');
    }
    expectErrorShape(
      await t.admin('GET', '/v1/admin/approvals?status=maybe', undefined, marta),
      400,
      'INVALID_REQUEST',
    );
    // Approved and declined answers are audited, not ledger events; nothing invalid got as far as either.
    expect(t.hub.context.ledger.head().cursor).toBe(cursor);
  });
});

describe('payment policy setting over HTTP', () => {
  const setup = realHub();
  const path = '/v1/admin/settings/payment-policy';

  it('shows the defaults, takes a whole new policy from a manager as a ledger event, and audits it', async () => {
    const { t, marta } = setup;
    expect((await t.admin('GET', path, undefined, marta)).json).toEqual(defaultOfflineCardPolicy());
    const stricter: OfflineCardPolicy = {
      ...defaultOfflineCardPolicy(),
      perTransactionLimit: 30_001,
      managerThreshold: 9_999,
      allowedMethods: ['card'],
    };
    const put = await t.admin('PUT', path, stricter, marta);
    expect(put.status, put.text).toBe(200);
    expect(put.json).toEqual(stricter);
    expect((await t.admin('GET', path)).json).toEqual(stricter);

    const events = await t.admin('GET', '/v1/admin/events?type=policy.update');
    expect(events.status, events.text).toBe(200);
    expect(JSON.stringify(events.json)).toContain('"perTransactionLimit":30001');
    const [audit] = t.hub.context.audit.list({ limit: 10 }).filter((e) => e.action === 'payments.policy_update');
    expect(audit).toMatchObject({ actor: 'Marta', detail: { before: defaultOfflineCardPolicy(), after: stricter } });

    const answer = await t.lan('POST', '/v1/payments/offline-authorizations', {
      token: setup.till.token,
      body: { paymentId: 'p-1', saleId: 's-1', amount: pln(10_000), method: 'card', locationId: 'shelf' },
    });
    expect(answer.json).toMatchObject({ decision: 'pending_manager' });
  });

  it('rejects an invalid policy with 400 and keeps the one in force', async () => {
    const { t, marta } = setup;
    const before = (await t.admin('GET', path)).json as OfflineCardPolicy;
    for (const bad of [
      { ...before, perTransactionLimit: -1 },
      { ...before, dailyLimitPerLocation: 1.5 },
      { ...before, currency: 'zł' },
      { ...before, allowedMethods: ['card', 'card'] },
      { ...before, allowedMethods: ['cheque'] },
      { ...before, enabled: 'yes' },
      { ...before, surprise: 1 },
      { enabled: true },
    ]) {
      expectErrorShape(await t.admin('PUT', path, bad, marta), 400, 'INVALID_REQUEST');
    }
    expectErrorShape(await t.admin('PUT', path, before, ''), 401, 'UNAUTHENTICATED');
    expect((await t.admin('GET', path)).json).toEqual(before);
  });
});

describe('offline card payments synced later', () => {
  const setup = realHub();

  it('become an offline_limit_exceeded conflict in GET /v1/admin/conflicts when they broke the daily limit', async () => {
    const { t, till, marta } = setup;
    const policy = { ...defaultOfflineCardPolicy(), dailyLimitPerLocation: 30_000 };
    expect((await t.admin('PUT', '/v1/admin/settings/payment-policy', policy, marta)).status).toBe(200);

    // The till was cut off from the hub and took two cards; it syncs both when the LAN is back.
    const takenAt = new Date().toISOString();
    const payment = (paymentId: string, amount: number) =>
      till.envelope(
        'payment.offline_card',
        { paymentId, saleId: `sale-${paymentId}`, amount: pln(amount), method: 'card', locationId: 'shelf', takenAt },
        { occurredAt: takenAt },
      );
    const first = payment('card-1', 19_999);
    const second = payment('card-2', 10_002);
    const pushed = await t.lan<PushReply>('POST', '/v1/events', {
      token: till.token,
      body: { events: [first, second] },
    });
    expect(pushed.status, pushed.text).toBe(200);
    expect(pushed.json.results.map((result) => result.status)).toEqual(['accepted', 'conflict']);
    expect(pushed.json.results[1]!.conflict).toMatchObject({
      kind: 'offline_limit_exceeded',
      options: ['accept_risk', 'escalate'],
    });

    const conflicts = await t.admin('GET', '/v1/admin/conflicts?status=open');
    expect(conflicts.status, conflicts.text).toBe(200);
    expect(conflicts.json.conflicts).toEqual([
      expect.objectContaining({
        id: `c-${second.id}`,
        kind: 'offline_limit_exceeded',
        status: 'open',
        eventId: second.id,
        deviceId: till.deviceId,
        detail: expect.objectContaining({
          server: {
            figures: { dailyTotalAtLocation: 19_999, outstandingExposure: 19_999 },
            policy,
            reason: 'OVER_DAILY_LIMIT',
          },
          requested: { paymentId: 'card-2', saleId: 'sale-card-2', locationId: 'shelf', amount: pln(10_002) },
          options: ['accept_risk', 'escalate'],
        }),
      }),
    ]);

    // The held payment counts nowhere yet: one grosz fits exactly under the 300.00 day.
    const answer = await t.lan('POST', '/v1/payments/offline-authorizations', {
      token: till.token,
      body: { paymentId: 'card-3', saleId: 'sale-card-3', amount: pln(10_001), method: 'card', locationId: 'shelf' },
    });
    expect(answer.json).toEqual({ decision: 'approved' });
    const tooMuch = await t.lan('POST', '/v1/payments/offline-authorizations', {
      token: till.token,
      body: { paymentId: 'card-4', saleId: 'sale-card-4', amount: pln(1), method: 'card', locationId: 'shelf' },
    });
    expect(tooMuch.json).toEqual({ decision: 'declined', reason: 'OVER_DAILY_LIMIT' });
  });
});

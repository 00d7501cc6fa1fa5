import { describe, expect, it } from 'vitest';
import { recordForwarded } from '../../src/main/hub/payments/payment-forwarding.js';
import { defaultOfflineCardPolicy } from '../../src/shared/payments/offline-card-policy.js';
import type { StateReply } from '../../src/shared/protocol/device-api.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';
import { sale, tenders } from '../sales/sale-builders.js';
import { conflictDetail, expectLedgerSound, MANAGER_PIN, pln, push, resolve, storeHub } from './helpers.js';

// A card sale over the manager threshold that waits for a manager who approves it while the till is told live:
// tests/payments/payments-http.test.ts ("holds a card payment over the threshold for a manager…").

/** DESIGN §5: a till cut off from the hub too applies the policy it holds; the hub re-checks on sync. */
describe('a till offline from the hub exceeds the daily card limit', () => {
  const store = storeHub([{ productId: 'cola', locationId: 'shelf', quantity: 100 }]);
  const till = new TestDevice();
  const policy = { ...defaultOfflineCardPolicy(), dailyLimitPerLocation: 30_000, maxOutstandingExposure: 30_000 };

  /** A card sale and its offline payment, as the till queued them. */
  const cardSale = (paymentId: string, colas: number) => {
    const takenAt = new Date().toISOString();
    const amount = colas * 450;
    return [
      till.envelope(
        'sale.complete',
        sale(`s-${paymentId}`, 'shelf', [['cola', colas, 450]], tenders(['card', amount, paymentId])),
      ),
      till.envelope(
        'payment.offline_card',
        { paymentId, saleId: `s-${paymentId}`, amount: pln(amount), method: 'card', locationId: 'shelf', takenAt },
        { occurredAt: takenAt },
      ),
    ];
  };

  it('shows the manager the conflict after sync; accepting the risk takes the PIN and authorizes it', async () => {
    const { t, marta } = store;
    await t.pair(till);
    expect((await t.admin('PUT', '/v1/admin/settings/payment-policy', policy, marta)).status).toBe(200);
    const state = await t.lan<StateReply>('GET', '/v1/state', { token: till.token });
    expect(state.json.policy).toEqual({ offlineCard: policy, outstandingExposure: 0 });

    // 44 colas (198.00) and 23 colas (103.50): 301.50 in the day, 1.50 over the 300.00 limit.
    const first = cardSale('card-1', 44);
    const second = cardSale('card-2', 23);
    const results = await push(t, till, [...first, ...second]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'conflict']);
    const conflictId = `c-${second[1]!.id}`;

    const open = await t.admin('GET', '/v1/admin/conflicts?status=open', undefined, marta);
    expect(open.json.conflicts).toEqual([expect.objectContaining({ id: conflictId, kind: 'offline_limit_exceeded' })]);
    const detail = await conflictDetail(store, conflictId);
    expect(detail).toMatchObject({
      status: 'open',
      deviceId: till.deviceId,
      event: {
        status: 'conflict',
        outcome: { offlinePayment: { paymentId: 'card-2', state: 'held', amount: 10_350 } },
      },
      serverAtPosition: {
        figures: { dailyTotalAtLocation: 19_800, outstandingExposure: 19_800 },
        policy,
        reason: 'OVER_DAILY_LIMIT',
      },
      requested: { paymentId: 'card-2', saleId: 's-card-2', locationId: 'shelf', amount: pln(10_350) },
      serverNow: {
        figures: { dailyTotalAtLocation: 19_800, outstandingExposure: 19_800 },
        policy,
        paymentState: 'held',
      },
      options: [
        { action: 'accept_risk', pin: true, quantity: 'none' },
        { action: 'escalate', pin: false, quantity: 'none' },
      ],
    });

    // Only a manager accepts card risk: the till may hand it on, not take it.
    const [tillTry] = await push(t, till, [till.envelope('conflict.resolve', { conflictId, action: 'retry' })]);
    expect(tillTry).toMatchObject({ status: 'refused', error: { code: 'ACTION_NOT_ALLOWED' } });
    expectErrorShape(await resolve(store, conflictId, { action: 'retry' }), 400, 'ACTION_NOT_ALLOWED');
    expect((await resolve(store, conflictId, { action: 'escalate', note: 'ask the owner' })).status).toBe(200);
    expectErrorShape(await resolve(store, conflictId, { action: 'escalate' }), 409, 'ALREADY_ESCALATED');
    expect((await conflictDetail(store, conflictId)).options).toEqual([
      { action: 'accept_risk', pin: true, quantity: 'none' },
    ]);
    expectErrorShape(await resolve(store, conflictId, { action: 'accept_risk' }), 400, 'PIN_REQUIRED');
    expectErrorShape(
      await resolve(store, conflictId, { action: 'accept_risk', pin: '1357' }),
      401,
      'INVALID_CREDENTIALS',
    );
    const accepted = await resolve(store, conflictId, { action: 'accept_risk', pin: MANAGER_PIN });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json.conflict).toMatchObject({
      status: 'resolved',
      resolution: { conflictId, action: 'accept_risk', resolvedBy: 'Marta' },
      serverNow: { figures: { dailyTotalAtLocation: 30_150, outstandingExposure: 30_150 }, paymentState: 'authorized' },
    });
    expect(
      accepted.json.conflict.history.map((r: { event: { payload: { action: string } } }) => r.event.payload.action),
    ).toEqual(['retry', 'escalate', 'accept_risk']);

    // Every figure to the grosz: the payment now counts, and a till snapshot carries the new exposure.
    const payments = t.hub.context.ledger.db
      .prepare('SELECT payment_id AS paymentId, amount, state FROM offline_payments ORDER BY payment_id')
      .all();
    expect(payments).toEqual([
      { paymentId: 'card-1', amount: 19_800, state: 'authorized' },
      { paymentId: 'card-2', amount: 10_350, state: 'authorized' },
    ]);
    const after = await t.lan<StateReply>('GET', '/v1/state', { token: till.token });
    expect(after.json.policy.outstandingExposure).toBe(30_150);
    const sales = t.hub.context.ledger.db
      .prepare("SELECT gross, card, cash, sale_count AS sales FROM sales_daily_totals WHERE location_id = 'shelf'")
      .all();
    expect(sales).toEqual([{ gross: 30_150, card: 30_150, cash: 0, sales: 2 }]);
  });

  it('raises a critical exposure alert above the cap and clears it once a payment is forwarded', async () => {
    const { t, marta } = store;
    const exposureAlerts = async () =>
      (await t.admin('GET', '/v1/admin/alerts', undefined, marta)).json.alerts.filter(
        (alert: { key: string }) => alert.key === 'offline-exposure:PLN',
      );
    t.hub.context.alerts.evaluate();
    expect(await exposureAlerts()).toEqual([
      expect.objectContaining({
        severity: 'critical',
        subject: 'payments:offline-card',
        data: { currency: 'PLN', outstandingExposure: 30_150, limit: 30_000 },
      }),
    ]);
    recordForwarded(t.hub.context.ledger, 'card-1', 'test');
    t.hub.context.alerts.evaluate();
    expect(await exposureAlerts()).toEqual([]);
  });

  it('leaves a ledger that verifies and rebuilds to exactly the live projections', () => {
    expectLedgerSound(store);
  });
});

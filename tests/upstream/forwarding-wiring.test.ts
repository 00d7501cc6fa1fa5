/**
 * Forwarding wired into a real hub (issue #7): a device's signed sale and offline card payment become a Stripe
 * capture job in the same transaction, the real stripe SDK captures it at the loopback fake exactly once, and the
 * result is a ledger fact the screens, alerts and health routes show. Bad configuration waits, never loses a job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeFake, type StripeFake } from '../../src/fakes/stripe/index.js';
import { listHolds } from '../../src/main/hub/forwarding/upstream-reads.js';
import type { PushReply } from '../../src/shared/protocol/device-api.js';
import { until } from '../helpers/until.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';

const GOOD_KEY = 'sk_test_BackroomFake4242';
const WRONG_KEY = 'sk_test_NotTheRightKey0000';
const OWNER_PIN = '13579';

describe('forwarding a card payment to Stripe', () => {
  let fake: StripeFake;
  let t: DeviceTestHub;
  const till = new TestDevice();
  let cashier = '';

  beforeAll(async () => {
    fake = await startStripeFake({ apiKey: GOOD_KEY });
    t = await startDeviceTestHub({
      'upstream.stripe.apiBase': fake.url,
      'upstream.probes.stripe': `${fake.url}/v1`,
      'upstream.probes.failureIntervalSeconds': 1,
    });
    await seedCatalog(t);
    await t.pair(till);
    await t.hub.context.users.add({ name: 'Kasia', role: 'cashier', pin: '1111' });
    cashier = await t.login('Kasia', '1111');
  });
  afterAll(async () => {
    await t?.hub.stop();
    await fake?.close();
  });

  const jobsOf = (paymentId: string) =>
    t.hub.context.upstream.outbox
      .list({ limit: 50 })
      .filter((job) => (job.payload as { paymentId?: string }).paymentId === paymentId);
  const ledgerTypes = () =>
    t.hub.context.ledger.db
      .prepare<[], { type: string }>('SELECT type FROM events ORDER BY cursor')
      .all()
      .map((r) => r.type);
  const alertKeys = () => {
    t.hub.context.alerts.evaluate();
    return t.hub.context.alerts.list('active', 100).map((alert) => alert.key);
  };
  const sell = async (paymentId: string, amount: number) => {
    const saleId = `sale-${paymentId}`;
    const pushed = await t.lan<PushReply>('POST', '/v1/events', {
      token: till.token,
      body: {
        events: [
          till.envelope('sale.complete', {
            saleId,
            locationId: 'shelf',
            lines: [{ productId: 'cola', quantity: 1, unitPrice: { amount, currency: 'PLN' }, taxRate: '23' }],
            tenders: [{ method: 'card', amount: { amount, currency: 'PLN' }, paymentId }],
          }),
          till.envelope('payment.offline_card', {
            paymentId,
            saleId,
            amount: { amount, currency: 'PLN' },
            method: 'card',
            locationId: 'shelf',
            takenAt: new Date().toISOString(),
          }),
        ],
      },
    });
    expect(
      pushed.json.results.map((r) => r.status),
      pushed.text,
    ).toEqual(['accepted', 'accepted']);
    return saleId;
  };
  const setKey = (secretKey: string, cookie = t.cookie) =>
    t.admin('PUT', '/v1/admin/settings/connectors/stripe', { secretKey, pin: OWNER_PIN }, cookie);

  it('without a key: the connector says so, an alert is raised, and the capture job waits queued', async () => {
    await sell('pay-1', 450);
    const [job] = jobsOf('pay-1');
    expect(job).toMatchObject({ connector: 'stripe', kind: 'capture', state: 'queued', attempts: 0 });
    // Enqueued with its fact: the job names the payment.offline_card record that caused it.
    const source = t.hub.context.ledger.db
      .prepare<[string], { type: string }>('SELECT type FROM events WHERE event_id = ?')
      .get(job!.source!.eventId);
    expect(source?.type).toBe('payment.offline_card');

    const overview = await t.admin('GET', '/v1/admin/upstream');
    expect(overview.status, overview.text).toBe(200);
    expect(overview.json.connectors[0]).toMatchObject({
      name: 'stripe',
      configured: false,
      paused: true,
      depth: 1,
      problem: expect.stringMatching(/no stripe secret key/i),
    });
    expect(alertKeys()).toContain('connector-config:stripe');
  });

  it('a wrong key is refused at the fake (401): "key refused", an alert, the job still queued', async () => {
    fake.forward({ saleId: 'sale-pay-1', amount: 450, currency: 'pln' });
    const set = await setKey(WRONG_KEY);
    expect(set.status, set.text).toBe(200);
    expect(set.json.stripe).toMatchObject({ keySet: true, keyHint: 'sk_test_…0000', updatedBy: 'Olga' });
    expect(set.text).not.toContain(WRONG_KEY);
    const overview = (await t.admin('GET', '/v1/admin/upstream')).json;
    expect(overview.connectors[0]).toMatchObject({ configured: true, paused: true });
    expect(overview.connectors[0].problem).toMatch(/refused the secret key/i);
    expect(jobsOf('pay-1')[0]).toMatchObject({ state: 'queued', attempts: 0 });
    expect(alertKeys()).toContain('connector-config:stripe');
    const audit = t.hub.context.audit.list({ limit: 20 }).find((e) => e.action === 'connectors.stripe_key');
    expect(JSON.stringify(audit)).not.toContain(WRONG_KEY);
  });

  it('the right key resumes forwarding: captured exactly once, recorded in the ledger, shown as captured', async () => {
    const set = await setKey(GOOD_KEY);
    expect(set.status, set.text).toBe(200);
    const done = await until('the capture', () => jobsOf('pay-1').find((job) => job.state === 'done'));
    expect(done.result).toMatchObject({ outcome: 'captured', amountCaptured: 450 });
    const intentId = (done.result as { paymentIntentId: string }).paymentIntentId;
    expect(fake.applied(intentId).captures).toBe(1);
    expect(ledgerTypes()).toContain('payment.captured');

    const holds = await t.admin('GET', '/v1/admin/upstream/stripe/holds');
    expect(holds.json.holds).toEqual([
      expect.objectContaining({ paymentId: 'pay-1', state: 'captured', paymentIntentId: intentId, jobId: done.id }),
    ]);
    // Captured money is no longer outstanding exposure.
    const state = await t.lan('GET', '/v1/state', { token: till.token });
    expect(state.json.policy.outstandingExposure).toBe(0);
    expect(alertKeys()).not.toContain('connector-config:stripe');

    const jobs = await t.admin('GET', '/v1/admin/upstream/jobs?connector=stripe&state=done');
    expect(jobs.json.jobs[0]).toMatchObject({ id: done.id, paymentId: 'pay-1', saleId: 'sale-pay-1', kind: 'capture' });

    // The 401 attempt went back to the queue uncounted; the capture is the one finished attempt.
    const metrics = await (await fetch(`${t.uiUrl}/metrics`)).text();
    expect(metrics).toMatch(/^backroom_upstream_attempts_total\{connector="stripe",outcome="done"\} 1$/m);
    expect(metrics).toMatch(/^backroom_upstream_queue_depth\{connector="stripe"\} 0$/m);
    expect(metrics).toMatch(/^backroom_upstream_connectivity\{[^}]*target="stripe"[^}]*\} /m);
  });

  it('voiding a captured sale refunds it at the fake and records payment.refunded', async () => {
    const pushed = await t.lan<PushReply>('POST', '/v1/events', {
      token: till.token,
      body: { events: [till.envelope('sale.void', { saleId: 'sale-pay-1' })] },
    });
    expect(pushed.json.results[0]!.status).toBe('accepted');
    await until('the void', () => jobsOf('pay-1').find((job) => job.kind === 'refund' && job.state === 'done'));
    expect(ledgerTypes()).toContain('payment.refunded');
  });

  it('manual cancel, retry and sync-now are a manager’s, audited; a cashier gets 403', async () => {
    await t.admin('PUT', '/v1/admin/settings/connectors/probes', {
      internet: 'http://127.0.0.1:9/',
      stripe: 'http://127.0.0.1:9/',
    });
    await until('stripe offline', () => t.hub.context.upstream.pool.status().state === 'paused');
    await sell('pay-2', 900);
    const [job] = jobsOf('pay-2');
    expect((await t.admin('POST', `/v1/admin/upstream/jobs/${job!.id}/retry`, undefined, cashier)).status).toBe(403);
    expect((await t.admin('POST', '/v1/admin/upstream/stripe/sync-now', undefined, cashier)).status).toBe(403);

    const retried = await t.admin('POST', `/v1/admin/upstream/jobs/${job!.id}/retry`);
    expect(retried.status, retried.text).toBe(200);
    const synced = await t.admin('POST', '/v1/admin/upstream/stripe/sync-now');
    expect(synced.status, synced.text).toBe(200);
    expect(synced.json).toEqual({ expedited: expect.any(Number) });
    const bad = await t.admin('POST', '/v1/admin/upstream/nowhere/sync-now');
    expect(bad.status).toBe(404);
    expect(bad.json.error.code).toBe('CONNECTOR_NOT_FOUND');
    const cancelled = await t.admin('POST', `/v1/admin/upstream/jobs/${job!.id}/cancel`, { reason: 'paid in cash' });
    expect(cancelled.json).toMatchObject({ state: 'cancelled', cancelledBy: 'Olga' });
    const holds = await t.admin('GET', '/v1/admin/upstream/stripe/holds');
    expect(holds.json.holds).toContainEqual(expect.objectContaining({ paymentId: 'pay-2', state: 'cancelled' }));
    // Holds still open come before settled ones, whatever the cut: pay-1 (older) was captured, pay-2 is not.
    expect(listHolds(t.hub.context.ledger.db, undefined, 1).map((hold) => hold.paymentId)).toEqual(['pay-2']);
    const again = await t.admin('POST', `/v1/admin/upstream/jobs/${job!.id}/cancel`, { reason: 'again' });
    expect(again.status).toBe(409);
    expect((await t.admin('POST', `/v1/admin/upstream/jobs/nope/retry`)).status).toBe(404);
    expect((await t.admin('POST', `/v1/admin/upstream/jobs/${job!.id}/cancel`, {})).status).toBe(400);

    const actions = t.hub.context.audit.list({ limit: 50 }).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['upstream.retry', 'upstream.cancel', 'upstream.sync_now']));
  });

  it('answers /health/network and /health/queues', async () => {
    const network = await fetch(`${t.uiUrl}/health/network`).then((r) => r.json());
    expect(network).toMatchObject({ status: expect.any(String) });
    expect(network.targets.map((target: { target: string }) => target.target).sort()).toEqual([
      'conexxus',
      'internet',
      'ksef',
      'stripe',
    ]);
    const queues = await fetch(`${t.uiUrl}/health/queues`).then((r) => r.json());
    expect(queues.connectors).toEqual([
      // Off in this store: paused, owing nothing.
      expect.objectContaining({ connector: 'conexxus', depth: 0, paused: true }),
      // No seller and no KSeF token: paused, owing nothing.
      expect.objectContaining({ connector: 'ksef', depth: 0, paused: true }),
      expect.objectContaining({ connector: 'stripe', depth: expect.any(Number), paused: expect.any(Boolean) }),
    ]);
  });
});

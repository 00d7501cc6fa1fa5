/**
 * The Stripe connector end to end: the real `stripe` SDK against the Stripe fake over loopback, a real SQLite outbox
 * and the real ConnectorWorkerPool on a manual clock. The fake's own count of applied operations per PaymentIntent is
 * the judge of "exactly once".
 */
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startStripeFake, type Fault, type StripeFake } from '../../src/fakes/stripe/index.js';
import type { UpstreamJob } from '../../src/main/hub/upstream/outbox/upstream-job.js';
import {
  captureDeadline,
  createStripeClient,
  createStripeConnector,
  STRIPE_CONNECTOR,
  testStripeConnection,
  type CaptureJob,
  type StripeJobKind,
  type StripeJobPayload,
  type StripeJobResult,
} from '../../src/main/hub/upstream/stripe/index.js';
import { upstreamErrorOfStripe } from '../../src/main/hub/upstream/stripe/stripe-failures.js';
import type { BackoffPolicy } from '../../src/main/hub/upstream/workers/backoff.js';
import { ConnectorWorkerPool } from '../../src/main/hub/upstream/workers/connector-worker-pool.js';
import type { UpstreamError } from '../../src/main/hub/upstream/workers/upstream-error.js';
import { openOutbox, recordWithJobs, type OutboxKit } from './upstream-testkit.js';

const HOUR_MS = 60 * 60 * 1000;
const SDK_TIMEOUT_MS = 300;

interface Harness {
  kit: OutboxKit;
  fake: StripeFake;
  pool: ConnectorWorkerPool;
  /** Swaps the secret key the connector uses from the next attempt on, as Settings would. */
  useKey(key: string): void;
  dead: Array<{ job: UpstreamJob; error: UpstreamError }>;
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function harness(options: { apiKey?: string; backoff?: BackoffPolicy } = {}): Promise<Harness> {
  const fake = await startStripeFake();
  stops.push(() => fake.close());
  const kit = openOutbox();
  const clientFor = (key: string) =>
    createStripeClient({
      secretKey: key,
      host: '127.0.0.1',
      port: fake.port,
      protocol: 'http',
      timeoutMs: SDK_TIMEOUT_MS,
    });
  let stripe = clientFor(options.apiKey ?? fake.apiKey);
  const connector = createStripeConnector({ stripe: () => stripe, clock: kit.clock, random: () => 0.5 });
  const pool = new ConnectorWorkerPool({
    connector,
    outbox: kit.outbox,
    clock: kit.clock,
    concurrency: 1,
    backoff: options.backoff,
    // Simulated time runs far faster than the loopback requests; no perform should be cut off by it here.
    performTimeoutMs: 6 * HOUR_MS,
    random: () => 0.5,
  });
  const dead: Harness['dead'] = [];
  pool.on('dead', (job, error) => dead.push({ job, error }));
  pool.start();
  stops.push(() => pool.stop(0));
  return { kit, fake, pool, dead, useKey: (key) => (stripe = clientFor(key)) };
}

function enqueue(h: Harness, kind: StripeJobKind, payload: StripeJobPayload, deadline?: Date): UpstreamJob {
  const [job] = recordWithJobs(h.kit, [{ connector: STRIPE_CONNECTOR, kind, payload, deadline }]).jobs;
  return job!;
}

function captureJob(paymentId: string, saleId: string, amount: number, takenAt: string): CaptureJob {
  return { paymentId, saleId, amount: { amount, currency: 'pln' }, takenAt };
}

function enqueueCapture(h: Harness, payload: CaptureJob): UpstreamJob {
  return enqueue(h, 'capture', payload, captureDeadline(payload.takenAt));
}

const realPause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Moves simulated time in small steps, pausing a little real time at each so loopback requests (and the SDK's own
 * half-second ECONNRESET retry) get answered while backoff timers fire. `withFake` keeps the fake's clock in step.
 */
async function runUntil(h: Harness, done: () => boolean, limitMs = HOUR_MS, stepMs = 1_000, withFake = false) {
  const until = h.kit.clock.now().getTime() + limitMs;
  while (!done()) {
    if (h.kit.clock.now().getTime() >= until) throw new Error(`not done within ${limitMs} simulated ms`);
    if (withFake) h.fake.advanceClock(stepMs);
    await h.kit.clock.advance(stepMs);
    await realPause(2);
  }
}

const stateOf = (h: Harness, job: UpstreamJob) => h.kit.outbox.get(job.id)!;
const finished =
  (h: Harness, ...jobs: UpstreamJob[]) =>
  () =>
    jobs.every((job) => ['done', 'dead'].includes(stateOf(h, job).state));
const resultOf = (h: Harness, job: UpstreamJob) => stateOf(h, job).result as StripeJobResult;

function forwardApproved(h: Harness, saleId: string, amount = 1099, paymentId?: string) {
  return h.fake.forward({
    saleId,
    amount,
    currency: 'pln',
    ...(paymentId ? { metadata: { payment_id: paymentId } } : {}),
  });
}

describe('exactly once under faults', () => {
  const faults: Array<{ name: string; fault: Fault; times?: number }> = [
    { name: 'a timeout after the fake applied it', fault: { kind: 'timeout', apply: true } },
    { name: 'a 503 before the idempotency layer', fault: { kind: 'server_error', status: 503 } },
    { name: 'a 429 without Stripe-Should-Retry', fault: { kind: 'rate_limit' } },
    { name: 'a 429 with Stripe-Should-Retry: true', fault: { kind: 'rate_limit', shouldRetry: true } },
    { name: 'a 429 with Stripe-Should-Retry: false', fault: { kind: 'rate_limit', shouldRetry: false } },
    // Twice: stripe-node retries a dropped connection once by itself, so the second drop reaches the pool.
    { name: 'a connection dropped after the fake applied it', fault: { kind: 'drop' }, times: 2 },
  ];

  it.each(faults)('captures once through $name', async ({ fault, times }) => {
    const h = await harness();
    const pi = forwardApproved(h, 'sale-1', 1099, 'pay-1');
    h.fake.injectFault({ method: 'POST', path: `/v1/payment_intents/${pi.id}/capture` }, fault, times);
    const job = enqueueCapture(h, captureJob('pay-1', 'sale-1', 1000, h.kit.clock.now().toISOString()));

    await runUntil(h, finished(h, job));

    expect(stateOf(h, job)).toMatchObject({ state: 'done', attempts: 2 });
    expect(resultOf(h, job)).toMatchObject({ outcome: 'captured', paymentIntentId: pi.id, amountCaptured: 1000 });
    expect(h.fake.applied(pi.id)).toEqual({ captures: 1, cancels: 0, refunds: 0 });
    expect(h.fake.pendingFaults()).toBe(0);
  });

  it('cancels once through a connection dropped after the fake applied it', async () => {
    const h = await harness();
    const pi = forwardApproved(h, 'sale-2');
    h.fake.injectFault({ path: `/v1/payment_intents/${pi.id}/cancel` }, { kind: 'drop' }, 2);
    const job = enqueue(h, 'cancel', { paymentId: pi.id, saleId: 'sale-2' });

    await runUntil(h, finished(h, job));

    expect(stateOf(h, job)).toMatchObject({ state: 'done', attempts: 2 });
    expect(resultOf(h, job)).toMatchObject({ outcome: 'cancelled', paymentIntentId: pi.id });
    expect(h.fake.applied(pi.id)).toEqual({ captures: 0, cancels: 1, refunds: 0 });
  });

  it('refunds once through a connection dropped after the fake applied it', async () => {
    const h = await harness();
    const pi = forwardApproved(h, 'sale-3', 1099, 'pay-3');
    const capture = enqueueCapture(h, captureJob('pay-3', 'sale-3', 1099, h.kit.clock.now().toISOString()));
    await runUntil(h, finished(h, capture));
    h.fake.injectFault({ method: 'POST', path: '/v1/refunds' }, { kind: 'drop' }, 2);
    const refund = enqueue(h, 'refund', {
      paymentId: 'pay-3',
      saleId: 'sale-3',
      amount: { amount: 400, currency: 'PLN' },
      refundId: 'refund-3',
    });

    await runUntil(h, finished(h, refund));

    expect(stateOf(h, refund)).toMatchObject({ state: 'done', attempts: 2 });
    expect(resultOf(h, refund)).toMatchObject({ outcome: 'refunded', amountRefunded: 400, reconciled: false });
    expect(h.fake.applied(pi.id)).toEqual({ captures: 1, cancels: 0, refunds: 1 });
    expect(h.fake.refundsOf(pi.id)[0]?.metadata).toEqual({ refund_id: 'refund-3' });
  });
});

describe('what Stripe says about the payment', () => {
  it('waits with a growing wait while the reader has not forwarded the payment, then captures it', async () => {
    const h = await harness();
    h.fake.storeOffline({ saleId: 'sale-4', amount: 2500, currency: 'pln', metadata: { payment_id: 'pay-4' } });
    const job = enqueueCapture(h, captureJob('pay-4', 'sale-4', 2500, h.kit.clock.now().toISOString()));
    const waits: number[] = [];
    h.pool.on('retry', (retried) => waits.push(Date.parse(retried.notBefore) - h.kit.clock.now().getTime()));

    await runUntil(h, () => stateOf(h, job).attempts >= 4, 2 * HOUR_MS, 5_000);
    expect(stateOf(h, job)).toMatchObject({ state: 'queued' });
    expect(stateOf(h, job).lastError).toMatch(/^not_ready: .*not forwarded/);
    expect(waits.slice(0, 3)).toEqual([23_000, 45_000, 90_000]);
    expect(h.dead).toEqual([]);

    const [pi] = h.fake.forwardStored();
    await runUntil(h, finished(h, job), HOUR_MS, 5_000);
    expect(resultOf(h, job)).toMatchObject({ outcome: 'captured', paymentIntentId: pi!.id, amountCaptured: 2500 });
    expect(h.fake.applied(pi!.id).captures).toBe(1);
  });

  it('finds a payment by its sale when the reader set only sale_id, and refuses to guess between two', async () => {
    const h = await harness();
    const only = forwardApproved(h, 'sale-5', 700);
    forwardApproved(h, 'sale-6', 300);
    forwardApproved(h, 'sale-6', 300);
    const found = enqueueCapture(h, captureJob('pay-5', 'sale-5', 700, h.kit.clock.now().toISOString()));
    const ambiguous = enqueueCapture(h, captureJob('pay-6', 'sale-6', 300, h.kit.clock.now().toISOString()));

    await runUntil(h, finished(h, found, ambiguous));

    expect(resultOf(h, found)).toMatchObject({ outcome: 'captured', paymentIntentId: only.id });
    expect(stateOf(h, ambiguous)).toMatchObject({ state: 'dead' });
    expect(stateOf(h, ambiguous).lastError).toMatch(/^business: .*matches several PaymentIntents by sale_id/);
  });

  it('ends a payment declined after forwarding as declined, capturing nothing', async () => {
    const h = await harness();
    const pi = h.fake.forward({ saleId: 'sale-7', amount: 900, currency: 'pln', declineCode: 'insufficient_funds' });
    const job = enqueueCapture(h, captureJob(pi.id, 'sale-7', 900, h.kit.clock.now().toISOString()));

    await runUntil(h, finished(h, job));

    expect(stateOf(h, job).state).toBe('done');
    expect(resultOf(h, job)).toEqual({
      outcome: 'declined',
      paymentIntentId: pi.id,
      declineCode: 'insufficient_funds',
      message: 'Your card was declined.',
    });
    expect(h.fake.applied(pi.id).captures).toBe(0);
  });

  it('ends a capture whose hold lapsed as expired', async () => {
    const h = await harness();
    const pi = forwardApproved(h, 'sale-8');
    h.fake.advanceClock(5 * 24 * HOUR_MS + 1_000);
    const job = enqueueCapture(h, captureJob(pi.id, 'sale-8', 1099, h.kit.clock.now().toISOString()));

    await runUntil(h, finished(h, job));

    expect(resultOf(h, job)).toMatchObject({ outcome: 'expired', paymentIntentId: pi.id });
    expect(h.fake.applied(pi.id).captures).toBe(0);
  });

  it('turns a void that finds the payment captured into a refund of all of it, once', async () => {
    const h = await harness();
    const pi = forwardApproved(h, 'sale-9', 1500);
    const capture = enqueueCapture(h, captureJob(pi.id, 'sale-9', 1500, h.kit.clock.now().toISOString()));
    const cancel = enqueue(h, 'cancel', { paymentId: pi.id, saleId: 'sale-9' });
    h.fake.injectFault({ method: 'POST', path: '/v1/refunds' }, { kind: 'drop' }, 2);

    await runUntil(h, finished(h, capture, cancel));

    expect(resultOf(h, cancel)).toMatchObject({ outcome: 'refunded', paymentIntentId: pi.id, amountRefunded: 1500 });
    expect(h.fake.applied(pi.id)).toEqual({ captures: 1, cancels: 0, refunds: 1 });
    expect(h.fake.refundsOf(pi.id)[0]?.metadata).toEqual({ refund_id: `void:${pi.id}` });
  });
});

describe('a 48-hour outage replayed on simulated clocks', () => {
  it('captures deadline-first, reconciles every key older than 24 h first, and captures nothing twice', async () => {
    // A long first backoff keeps the three lost captures from being retried before the outage begins.
    const h = await harness({ backoff: { baseMs: 20 * 60_000, capMs: HOUR_MS } });
    const t0 = h.kit.clock.now().getTime();
    const takenAt = (hoursAgo: number) => new Date(t0 - hoursAgo * HOUR_MS).toISOString();

    // Before the outage: three captures reach the fake and are applied, but every reply is lost.
    const lost = [0, 1, 2].map((i) => {
      const pi = forwardApproved(h, `lost-${i}`, 1000 + i, `pay-lost-${i}`);
      h.fake.injectFault({ method: 'POST', path: `/v1/payment_intents/${pi.id}/capture` }, { kind: 'drop' }, 2);
      return { pi, job: enqueueCapture(h, captureJob(`pay-lost-${i}`, `lost-${i}`, 1000 + i, takenAt(30 + i))) };
    });
    await runUntil(h, () => lost.every(({ job }) => stateOf(h, job).lastError !== null), HOUR_MS, 200);
    lost.forEach(({ pi }) => expect(h.fake.applied(pi.id).captures).toBe(1));

    // The internet goes; the monitor pauses the pool. Devices sync 17 offline card sales, out of order.
    h.pool.pause('internet offline');
    const hoursAgo = [7, 19, 3, 25, 11, 1, 22, 14, 9, 28, 5, 17, 2, 20, 12, 26, 8];
    const queued = hoursAgo.map((ago, i) => {
      const byId = i % 2 === 0;
      const pi = forwardApproved(h, `sale-${i}`, 500 + i, byId ? undefined : `pay-${i}`);
      const payload = captureJob(byId ? pi.id : `pay-${i}`, `sale-${i}`, 500 + i, takenAt(ago));
      return { pi, job: enqueueCapture(h, payload) };
    });
    await runUntil(h, () => h.kit.clock.now().getTime() >= t0 + 48 * HOUR_MS, 49 * HOUR_MS, 10 * 60_000, true);
    const resumedAt = h.fake.requests().length;

    h.pool.resume();
    const all = [...lost, ...queued];
    await runUntil(h, finished(h, ...all.map(({ job }) => job)), HOUR_MS, 1_000, true);

    for (const { pi, job } of all) {
      expect(stateOf(h, job).state).toBe('done');
      expect(resultOf(h, job)).toMatchObject({ outcome: 'captured', paymentIntentId: pi.id });
      expect(h.fake.applied(pi.id).captures).toBe(1);
    }
    for (const { job } of lost) expect(resultOf(h, job)).toMatchObject({ reconciled: true });

    const after = h.fake.requests().slice(resumedAt);
    const captures = after.filter((entry) => entry.path.endsWith('/capture'));
    // The lost ones were found captured by reading them: no capture was sent for them after the outage.
    expect(captures).toHaveLength(queued.length);
    // Every capture was preceded by a read of the intent (retrieve or search), and none was a replay of a pruned key.
    for (const capture of captures) {
      const before = after[after.indexOf(capture) - 1]!;
      expect(before.method).toBe('GET');
      expect(capture.outcome).toBe('answered');
    }
    // Holds nearest their deadline went first.
    const deadlineOf = new Map(all.map(({ pi, job }) => [pi.id, Date.parse(job.deadline!)]));
    const captureOrder = captures.map((entry) => deadlineOf.get(entry.path.split('/')[3]!)!);
    expect(captureOrder).toEqual([...captureOrder].sort((a, b) => a - b));
    expect(captureOrder.length).toBeGreaterThan(10);
  });
});

describe('configuration', () => {
  it('sends a job with a wrong key dead as auth, once, and captures it after the key is fixed', async () => {
    const h = await harness({ apiKey: 'sk_test_wrong_key_1234' });
    // What the wiring does on an auth failure: stop trying every job with a key Stripe refuses.
    h.pool.on('dead', (_job, error) => error.kind === 'auth' && h.pool.pause('stripe key refused'));
    const pi = forwardApproved(h, 'sale-10');
    const first = enqueueCapture(h, captureJob(pi.id, 'sale-10', 1099, h.kit.clock.now().toISOString()));
    const second = enqueueCapture(h, captureJob('pay-11', 'sale-11', 200, h.kit.clock.now().toISOString()));

    await runUntil(h, () => h.dead.length > 0);
    await runUntil(h, () => false, 10 * 60_000).catch(() => undefined);

    expect(h.dead).toHaveLength(1);
    expect(h.dead[0]!.error).toMatchObject({ kind: 'auth', status: 401 });
    expect(stateOf(h, first).lastError).toMatch(/^auth 401: Stripe refused the secret key .*Settings/);
    expect(stateOf(h, first).lastError).not.toContain('wrong_key');
    expect(stateOf(h, second).state).toBe('queued');
    expect(h.fake.requests()).toHaveLength(1);

    h.useKey(h.fake.apiKey);
    h.kit.outbox.retryNow(first.id);
    h.pool.resume();
    await runUntil(h, finished(h, first));
    expect(resultOf(h, first)).toMatchObject({ outcome: 'captured' });
    expect(h.fake.applied(pi.id).captures).toBe(1);
  });

  it('tests the connection: ok with the key, "refused" with another, and "cannot reach" with nothing there', async () => {
    const fake = await startStripeFake();
    stops.push(() => fake.close());
    const endpoint = { host: '127.0.0.1', port: fake.port, protocol: 'http' as const, timeoutMs: 2_000 };

    const ok = await testStripeConnection(createStripeClient({ ...endpoint, secretKey: fake.apiKey }));
    expect(ok).toMatchObject({ ok: true, message: expect.stringContaining('test mode') });
    const refused = await testStripeConnection(createStripeClient({ ...endpoint, secretKey: 'sk_test_nope' }));
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('refused the key') });
    await fake.close();
    stops.pop();
    const down = await testStripeConnection(createStripeClient({ ...endpoint, secretKey: 'sk_test_x' }));
    expect(down).toMatchObject({ ok: false, message: expect.stringContaining('Cannot reach Stripe') });
    expect(down.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("passes a 429's Retry-After on to the pool", () => {
    const limited = new Stripe.errors.StripeRateLimitError({
      message: 'Too many requests',
      statusCode: 429,
      headers: { 'retry-after': '7' },
    });
    expect(upstreamErrorOfStripe(limited)).toMatchObject({ kind: 'rate_limited', status: 429, retryAfter: '7' });
  });
});

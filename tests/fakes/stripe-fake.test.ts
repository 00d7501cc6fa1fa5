/**
 * The Stripe fake driven only by the real `stripe` SDK over loopback HTTP: the wire format, Stripe's state machine and
 * error bodies, its idempotency layer, and each fault the forwarding tests rely on, as the SDK actually experiences them.
 */
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStripeFake, type StripeFake, type StripeFakeOptions } from '../../src/fakes/stripe/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let fake: StripeFake;

async function start(options: StripeFakeOptions = {}): Promise<void> {
  fake = await startStripeFake(options);
}

function sdk(config: { maxNetworkRetries?: number; timeout?: number; apiKey?: string } = {}): Stripe {
  return new Stripe(config.apiKey ?? fake.apiKey, {
    host: '127.0.0.1',
    port: fake.port,
    protocol: 'http',
    maxNetworkRetries: config.maxNetworkRetries ?? 0,
    telemetry: false,
    ...(config.timeout !== undefined ? { timeout: config.timeout } : {}),
  });
}

/** The SDK rejects with its own error classes; this hands the error back for assertions. */
async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof Stripe.errors.StripeError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the Stripe call to fail');
}

function approved(saleId = 'sale-42', amount = 1099) {
  return fake.forward({ saleId, amount, currency: 'pln', metadata: { cashier: 'ann' } });
}

function attempts(path: string) {
  return fake.requests().filter((entry) => entry.path === path);
}

beforeEach(async () => start());
afterEach(async () => fake.close());

describe('reads', () => {
  it('retrieves a forwarded offline payment shaped like Stripe fixtures, and expands its charge', async () => {
    const forwarded = approved();
    const stripe = sdk();

    const intent = await stripe.paymentIntents.retrieve(forwarded.id);
    expect(intent).toMatchObject({
      id: forwarded.id,
      object: 'payment_intent',
      amount: 1099,
      amount_capturable: 1099,
      amount_received: 0,
      currency: 'pln',
      status: 'requires_capture',
      capture_method: 'manual',
      livemode: false,
      metadata: { sale_id: 'sale-42', cashier: 'ann' },
      payment_method_types: ['card_present'],
    });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.latest_charge).toMatch(/^ch_/);
    expect(intent.lastResponse.requestId).toMatch(/^req_/);

    const expanded = await stripe.paymentIntents.retrieve(forwarded.id, { expand: ['latest_charge'] });
    const charge = expanded.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ object: 'charge', captured: false, amount: 1099, payment_intent: forwarded.id });
    expect(charge.payment_method_details?.card_present?.offline).toMatchObject({ type: 'deferred' });
  });

  it('answers an unknown id with 404 resource_missing', async () => {
    const error = await failure(sdk().paymentIntents.retrieve('pi_missing'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'intent' });
    expect(error.message).toContain("No such payment_intent: 'pi_missing'");
  });

  it('finds nothing by metadata until the reader forwards what it stored, then finds it', async () => {
    const stripe = sdk();
    fake.storeOffline({ saleId: 'sale-7', amount: 500 });
    const query = "metadata['sale_id']:'sale-7'";

    const before = await stripe.paymentIntents.search({ query });
    expect(before).toMatchObject({ object: 'search_result', data: [], has_more: false, next_page: null });
    expect(before.url).toBe('/v1/payment_intents/search');

    const [forwarded] = fake.forwardStored();
    approved('sale-8');
    const after = await stripe.paymentIntents.search({
      query: 'metadata["sale_id"]:"sale-7" AND status:"requires_capture"',
    });
    expect(after.data.map((intent) => intent.id)).toEqual([forwarded!.id]);
    expect(fake.storedOfflineCount()).toBe(0);
  });

  it('pages search results with next_page', async () => {
    for (let i = 0; i < 3; i += 1) approved('sale-split', 100 + i);
    const stripe = sdk();
    const first = await stripe.paymentIntents.search({ query: "metadata['sale_id']:'sale-split'", limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const second = await stripe.paymentIntents.search({
      query: "metadata['sale_id']:'sale-split'",
      limit: 2,
      page: first.next_page!,
    });
    expect(second.data).toHaveLength(1);
    expect(second.has_more).toBe(false);
  });

  it('serves balance and account for a "test connection" button, and 401s a wrong key', async () => {
    const balance = await sdk().balance.retrieve();
    expect(balance).toMatchObject({ object: 'balance', livemode: false });
    expect((await sdk().accounts.retrieveCurrent()).object).toBe('account');

    const error = await failure(sdk({ apiKey: 'sk_test_wrong_key_1234' }).balance.retrieve());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.rawType).toBe('invalid_request_error');
    expect(error.message).toMatch(/Invalid API Key provided: sk_test_\*+1234/);
  });
});

describe('capture, cancel and refund', () => {
  it('captures part of a hold, releases the rest, and refuses a second capture', async () => {
    const forwarded = approved();
    const stripe = sdk();

    const captured = await stripe.paymentIntents.capture(forwarded.id, {
      amount_to_capture: 450,
      metadata: { hub_job: 'job-1' },
    });
    expect(captured).toMatchObject({
      status: 'succeeded',
      amount_received: 450,
      amount_capturable: 0,
      metadata: { sale_id: 'sale-42', hub_job: 'job-1' },
    });
    expect(fake.charge(captured.latest_charge as string)).toMatchObject({ captured: true, amount_captured: 450 });

    const again = await failure(stripe.paymentIntents.capture(forwarded.id));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(again.payment_intent?.status).toBe('succeeded');
    expect(fake.applied(forwarded.id)).toEqual({ captures: 1, cancels: 0, refunds: 0 });
  });

  it('refuses to capture more than the hold', async () => {
    const forwarded = approved();
    const error = await failure(sdk().paymentIntents.capture(forwarded.id, { amount_to_capture: 5000 }));
    expect(error).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount_to_capture' });
    expect(fake.applied(forwarded.id).captures).toBe(0);
  });

  it('cancels a hold; a canceled intent can be neither captured nor canceled again', async () => {
    const forwarded = approved();
    const stripe = sdk();

    const canceled = await stripe.paymentIntents.cancel(forwarded.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned', amount_capturable: 0 });
    expect(canceled.canceled_at).toEqual(expect.any(Number));

    const capture = await failure(stripe.paymentIntents.capture(forwarded.id));
    expect(capture).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(capture.message).toContain('status of canceled');
    const cancel = await failure(stripe.paymentIntents.cancel(forwarded.id));
    expect(cancel).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(fake.applied(forwarded.id)).toEqual({ captures: 0, cancels: 1, refunds: 0 });
  });

  it('refunds captured money in parts, and refuses an over-refund and a refund of a bare hold', async () => {
    const forwarded = approved();
    const stripe = sdk();

    const hold = await failure(stripe.refunds.create({ payment_intent: forwarded.id }));
    expect(hold).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);

    await stripe.paymentIntents.capture(forwarded.id);
    const part = await stripe.refunds.create({
      payment_intent: forwarded.id,
      amount: 300,
      reason: 'requested_by_customer',
    });
    expect(part).toMatchObject({
      object: 'refund',
      amount: 300,
      currency: 'pln',
      status: 'succeeded',
      payment_intent: forwarded.id,
      reason: 'requested_by_customer',
    });
    expect(part.id).toMatch(/^re_/);

    const over = await failure(stripe.refunds.create({ payment_intent: forwarded.id, amount: 800 }));
    expect(over).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'amount_too_large' });

    const rest = await stripe.refunds.create({ payment_intent: forwarded.id });
    expect(rest.amount).toBe(799);
    const done = await failure(stripe.refunds.create({ payment_intent: forwarded.id, amount: 1 }));
    expect(done.code).toBe('charge_already_refunded');
    expect(fake.applied(forwarded.id)).toEqual({ captures: 1, cancels: 0, refunds: 2 });
    expect(fake.refundsOf(forwarded.id)).toHaveLength(2);
  });

  it('lists the refunds of one intent, newest first, paged with starting_after', async () => {
    const forwarded = approved();
    const other = approved('sale-43', 500);
    const stripe = sdk();
    await stripe.paymentIntents.capture(forwarded.id);
    await stripe.paymentIntents.capture(other.id);
    const first = await stripe.refunds.create({
      payment_intent: forwarded.id,
      amount: 100,
      metadata: { refund_id: 'r1' },
    });
    const second = await stripe.refunds.create({
      payment_intent: forwarded.id,
      amount: 200,
      metadata: { refund_id: 'r2' },
    });
    await stripe.refunds.create({ payment_intent: other.id, amount: 50 });

    const page = await stripe.refunds.list({ payment_intent: forwarded.id, limit: 1 });
    expect(page.data.map((refund) => [refund.id, refund.metadata?.['refund_id']])).toEqual([[second.id, 'r2']]);
    expect(page.has_more).toBe(true);
    const next = await stripe.refunds.list({ payment_intent: forwarded.id, limit: 1, starting_after: second.id });
    expect(next.data.map((refund) => refund.id)).toEqual([first.id]);
    expect(next.has_more).toBe(false);

    const missing = await failure(stripe.refunds.list({ payment_intent: 'pi_unknown' }));
    expect(missing).toMatchObject({ statusCode: 400, code: 'resource_missing' });
  });

  it('shows a payment declined after forwarding as requires_payment_method with a card_error', async () => {
    const declined = fake.forward({ saleId: 'sale-9', amount: 2500, declineCode: 'insufficient_funds' });
    const stripe = sdk();

    const intent = await stripe.paymentIntents.retrieve(declined.id, { expand: ['latest_charge'] });
    expect(intent).toMatchObject({
      status: 'requires_payment_method',
      amount_capturable: 0,
      payment_method: null,
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    expect(intent.latest_charge).toMatchObject({ status: 'failed', paid: false, failure_code: 'card_declined' });

    expect((await failure(stripe.paymentIntents.capture(declined.id))).code).toBe('payment_intent_unexpected_state');
    expect((await stripe.paymentIntents.cancel(declined.id)).status).toBe('canceled');
  });

  it('lets a hold lapse when the fake clock passes its capture deadline', async () => {
    const forwarded = approved();
    fake.advanceClock(5 * DAY_MS + 1000);
    const intent = await sdk().paymentIntents.retrieve(forwarded.id);
    expect(intent).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic' });
    expect(fake.applied(forwarded.id).cancels).toBe(0);
  });
});

describe('idempotency', () => {
  it('replays the saved response for the same key and parameters, applying once', async () => {
    const forwarded = approved();
    const stripe = sdk();
    const options = { idempotencyKey: 'sale-42-capture' };

    const first = await stripe.paymentIntents.capture(forwarded.id, { amount_to_capture: 450 }, options);
    const replay = await stripe.paymentIntents.capture(forwarded.id, { amount_to_capture: 450 }, options);

    expect(replay).toEqual(first);
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(replay.lastResponse.headers['original-request']).toBe(first.lastResponse.requestId);
    expect(fake.applied(forwarded.id).captures).toBe(1);
    expect(attempts(`/v1/payment_intents/${forwarded.id}/capture`).map((entry) => entry.outcome)).toEqual([
      'answered',
      'replayed',
    ]);
  });

  it('replays a saved error too: a failed capture stays failed under its key', async () => {
    const forwarded = approved();
    const stripe = sdk();
    await stripe.paymentIntents.cancel(forwarded.id);
    const options = { idempotencyKey: 'capture-after-cancel' };
    const first = await failure(stripe.paymentIntents.capture(forwarded.id, {}, options));
    const second = await failure(stripe.paymentIntents.capture(forwarded.id, {}, options));
    expect(second.code).toBe(first.code);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
  });

  it('rejects the same key with other parameters or another endpoint as idempotency_error', async () => {
    const forwarded = approved();
    const stripe = sdk();
    const options = { idempotencyKey: 'job-17' };
    await stripe.paymentIntents.capture(forwarded.id, { amount_to_capture: 450 }, options);

    const params = await failure(stripe.paymentIntents.capture(forwarded.id, { amount_to_capture: 451 }, options));
    expect(params).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(params).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });

    const endpoint = await failure(stripe.refunds.create({ payment_intent: forwarded.id }, options));
    expect(endpoint).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(endpoint.message).toContain('same endpoint');
    expect(fake.applied(forwarded.id)).toEqual({ captures: 1, cancels: 0, refunds: 0 });
  });

  it('forgets a key after 24 h of fake time, so a repeat runs anew and meets the captured state', async () => {
    const forwarded = approved();
    const stripe = sdk();
    const options = { idempotencyKey: 'old-job' };
    await stripe.paymentIntents.capture(forwarded.id, {}, options);

    fake.advanceClock(DAY_MS - 60_000);
    const stillSaved = await stripe.paymentIntents.capture(forwarded.id, {}, options);
    expect(stillSaved.lastResponse.headers['idempotent-replayed']).toBe('true');

    fake.advanceClock(60_000);
    const pruned = await failure(stripe.paymentIntents.capture(forwarded.id, {}, options));
    expect(pruned).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(pruned.code).toBe('payment_intent_unexpected_state');
    expect(pruned.headers?.['idempotent-replayed']).toBeUndefined();
    expect(fake.applied(forwarded.id).captures).toBe(1);
  });
});

describe('rate limits and faults', () => {
  it('rate-limits with a 429 the SDK does not retry, before the idempotency layer', async () => {
    await fake.close();
    await start({ rateLimit: { perSecond: 2 } });
    const forwarded = approved();
    const stripe = sdk({ maxNetworkRetries: 2 });
    await stripe.paymentIntents.retrieve(forwarded.id);
    await stripe.paymentIntents.retrieve(forwarded.id);

    const options = { idempotencyKey: 'limited-capture' };
    const limited = await failure(stripe.paymentIntents.capture(forwarded.id, {}, options));
    expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(limited).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    expect(attempts(`/v1/payment_intents/${forwarded.id}/capture`)).toHaveLength(1);
    expect(fake.savedIdempotencyKeys()).toBe(0);

    fake.advanceClock(1000);
    const captured = await stripe.paymentIntents.capture(forwarded.id, {}, options);
    expect(captured.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(fake.applied(forwarded.id).captures).toBe(1);
  });

  it.each([
    { shouldRetry: undefined, sent: 1 },
    { shouldRetry: false, sent: 1 },
    { shouldRetry: true, sent: 2 },
  ])(
    'injects a 429 with Stripe-Should-Retry=$shouldRetry: the SDK sends it $sent time(s)',
    async ({ shouldRetry, sent }) => {
      const forwarded = approved();
      const path = `/v1/payment_intents/${forwarded.id}/capture`;
      fake.injectFault(
        { method: 'POST', path },
        { kind: 'rate_limit', ...(shouldRetry !== undefined ? { shouldRetry } : {}) },
      );
      const capture = sdk({ maxNetworkRetries: 1 }).paymentIntents.capture(forwarded.id);
      if (shouldRetry) {
        expect((await capture).status).toBe('succeeded');
      } else {
        expect(await failure(capture)).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      }
      expect(attempts(path)).toHaveLength(sent);
    },
  );

  it('answers a 500 before the idempotency layer; the SDK retries with the same key and succeeds once', async () => {
    const forwarded = approved();
    const path = `/v1/payment_intents/${forwarded.id}/capture`;
    fake.injectFault({ path: /\/capture$/ }, { kind: 'server_error' });

    const captured = await sdk({ maxNetworkRetries: 2 }).paymentIntents.capture(
      forwarded.id,
      {},
      { idempotencyKey: 'k-500' },
    );
    expect(captured.status).toBe('succeeded');
    expect(attempts(path).map((entry) => [entry.status, entry.idempotencyKey])).toEqual([
      [500, 'k-500'],
      [200, 'k-500'],
    ]);
    expect(fake.applied(forwarded.id).captures).toBe(1);
  });

  it('saves a 500 raised inside the endpoint under the key and replays it, applying nothing', async () => {
    const forwarded = approved();
    fake.injectFault({ path: /\/capture$/ }, { kind: 'server_error', saved: true });
    const stripe = sdk({ maxNetworkRetries: 2 });
    const options = { idempotencyKey: 'k-saved-500' };

    const first = await failure(stripe.paymentIntents.capture(forwarded.id, {}, options));
    expect(first).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(first.headers?.['stripe-should-retry']).toBe('false');
    const later = await failure(stripe.paymentIntents.capture(forwarded.id, {}, options));
    expect(later.headers?.['idempotent-replayed']).toBe('true');
    expect(attempts(`/v1/payment_intents/${forwarded.id}/capture`)).toHaveLength(2);
    expect(fake.applied(forwarded.id).captures).toBe(0);
  });

  it('drops the connection after applying: the SDK retries ECONNRESET once with the same key and gets the replay', async () => {
    const forwarded = approved();
    const path = `/v1/payment_intents/${forwarded.id}/capture`;
    fake.injectFault({ path }, { kind: 'drop' });

    // maxNetworkRetries 0: stripe-node still retries a closed connection once.
    const captured = await sdk({ maxNetworkRetries: 0 }).paymentIntents.capture(
      forwarded.id,
      {},
      { idempotencyKey: 'k-drop' },
    );
    expect(captured.status).toBe('succeeded');
    expect(captured.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(attempts(path).map((entry) => [entry.outcome, entry.idempotencyKey])).toEqual([
      ['dropped', 'k-drop'],
      ['replayed', 'k-drop'],
    ]);
    expect(fake.applied(forwarded.id).captures).toBe(1);
  });

  it("without a caller's key, the SDK's own per-call key still turns the ECONNRESET retry into a replay", async () => {
    const forwarded = approved();
    const path = `/v1/payment_intents/${forwarded.id}/cancel`;
    fake.injectFault({ path }, { kind: 'drop' });

    await sdk().paymentIntents.cancel(forwarded.id);
    const [dropped, replayed] = attempts(path);
    expect(dropped?.idempotencyKey).toMatch(/^stripe-node-retry-/);
    expect(replayed).toMatchObject({ outcome: 'replayed', idempotencyKey: dropped?.idempotencyKey });
    expect(fake.applied(forwarded.id).cancels).toBe(1);
  });

  it("drops after applying twice: the SDK gives up with a connection error, and the caller's key still dedupes", async () => {
    const forwarded = approved();
    fake.injectFault({ path: /\/capture$/ }, { kind: 'drop' }, 2);
    const stripe = sdk({ maxNetworkRetries: 0 });
    const options = { idempotencyKey: 'k-drop-twice' };

    const error = await failure(stripe.paymentIntents.capture(forwarded.id, {}, options));
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    const retried = await stripe.paymentIntents.capture(forwarded.id, {}, options);
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(fake.applied(forwarded.id).captures).toBe(1);
  });

  it('drops before applying when asked: nothing happens at the fake', async () => {
    const forwarded = approved();
    fake.injectFault({ path: /\/cancel$/ }, { kind: 'drop', apply: false }, 2);
    const error = await failure(sdk().paymentIntents.cancel(forwarded.id));
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(fake.applied(forwarded.id).cancels).toBe(0);
    expect(fake.paymentIntent(forwarded.id)?.status).toBe('requires_capture');
  });

  it('hangs until the SDK times out; with apply the operation happened anyway and the key replays it', async () => {
    const forwarded = approved();
    const stripe = sdk({ maxNetworkRetries: 0, timeout: 300 });
    fake.injectFault({ method: 'GET' }, { kind: 'timeout' });
    const read = await failure(stripe.paymentIntents.retrieve(forwarded.id));
    expect(read).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(read.message).toContain('timeout');

    fake.injectFault({ path: /\/refunds$/ }, { kind: 'timeout', apply: true });
    await stripe.paymentIntents.capture(forwarded.id);
    const options = { idempotencyKey: 'k-refund-timeout' };
    const refund = await failure(stripe.refunds.create({ payment_intent: forwarded.id }, options));
    expect(refund).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(fake.applied(forwarded.id).refunds).toBe(1);

    const replay = await stripe.refunds.create({ payment_intent: forwarded.id }, options);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(fake.applied(forwarded.id).refunds).toBe(1);
    expect(fake.requests().filter((entry) => entry.outcome === 'hung')).toHaveLength(2);
  });
});

import type { FakeAccount } from './account.js';
import type { Params } from './form-decoding.js';
import type { CancellationReason, RefundReason } from './objects.js';
import {
  expansions,
  optionalEnum,
  optionalMetadata,
  optionalPositiveInteger,
  optionalString,
  rejectUnknown,
} from './params.js';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  findPaymentIntent,
  renderPaymentIntent,
  searchPaymentIntents,
} from './payment-intents.js';
import { createRefund, listRefunds } from './refunds.js';
import { parseSearchQuery } from './search-query.js';
import { type FakeResponse, invalidParam, resourceMissing } from './stripe-errors.js';

/**
 * The v1 endpoints the fake serves. Each route first validates its parameters (a failure there is not saved by the
 * idempotency layer) and returns the execution step, whose result — success or error — is what Stripe would save.
 */
export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  prepare(params: Params, pathIds: string[], account: FakeAccount): () => FakeResponse;
}

const ok = (body: unknown): FakeResponse => ({ status: 200, body });

const CANCELLATION_REASONS: readonly CancellationReason[] = [
  'duplicate',
  'fraudulent',
  'requested_by_customer',
  'abandoned',
];
const REFUND_REASONS: readonly RefundReason[] = ['duplicate', 'fraudulent', 'requested_by_customer'];

function allowedExpansions(params: Params, allowed: readonly string[]): string[] {
  const expand = expansions(params);
  const bad = expand.find((path) => !allowed.includes(path));
  if (bad !== undefined) throw invalidParam('expand', `This property cannot be expanded (${bad}).`);
  return expand;
}

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/payment_intents\/search$/,
    prepare(params, _ids, account) {
      rejectUnknown(params, ['query', 'limit', 'page', 'expand']);
      const query = optionalString(params, 'query');
      if (query === undefined) throw invalidParam('query', 'Missing required param: query.', 'parameter_missing');
      const matches = parseSearchQuery(query);
      const limit = optionalPositiveInteger(params, 'limit') ?? 10;
      if (limit > 100) throw invalidParam('limit', 'This value must be less than or equal to 100.');
      const page = optionalString(params, 'page');
      const expandCharge = allowedExpansions(params, ['data.latest_charge']).length > 0;
      return () => {
        const { data, nextPage } = searchPaymentIntents(account, matches, limit, page);
        return ok({
          object: 'search_result',
          data: data.map((intent) => renderPaymentIntent(account, intent, expandCharge ? ['latest_charge'] : [])),
          has_more: nextPage !== null,
          next_page: nextPage,
          url: '/v1/payment_intents/search',
        });
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/payment_intents\/([^/]+)$/,
    prepare(params, [id], account) {
      rejectUnknown(params, ['expand']);
      const expand = allowedExpansions(params, ['latest_charge']);
      return () => ok(renderPaymentIntent(account, findPaymentIntent(account, id!), expand));
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_intents\/([^/]+)\/capture$/,
    prepare(params, [id], account) {
      rejectUnknown(params, ['amount_to_capture', 'metadata', 'expand']);
      const amount = optionalPositiveInteger(params, 'amount_to_capture');
      const metadata = optionalMetadata(params);
      const expand = allowedExpansions(params, ['latest_charge']);
      return () => ok(renderPaymentIntent(account, capturePaymentIntent(account, id!, amount, metadata), expand));
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
    prepare(params, [id], account) {
      rejectUnknown(params, ['cancellation_reason', 'expand']);
      const reason = optionalEnum(params, 'cancellation_reason', CANCELLATION_REASONS);
      const expand = allowedExpansions(params, ['latest_charge']);
      return () => ok(renderPaymentIntent(account, cancelPaymentIntent(account, id!, reason), expand));
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/refunds$/,
    prepare(params, _ids, account) {
      rejectUnknown(params, ['payment_intent', 'charge', 'amount', 'reason', 'metadata']);
      const request = {
        paymentIntent: optionalString(params, 'payment_intent'),
        charge: optionalString(params, 'charge'),
        amount: optionalPositiveInteger(params, 'amount'),
        reason: optionalEnum(params, 'reason', REFUND_REASONS),
        metadata: optionalMetadata(params),
      };
      return () => ok(structuredClone(createRefund(account, request)));
    },
  },
  {
    // What a forwarder reconciles with once its idempotency key may be gone: the refunds already made on an intent.
    method: 'GET',
    pattern: /^\/v1\/refunds$/,
    prepare(params, _ids, account) {
      rejectUnknown(params, ['payment_intent', 'charge', 'limit', 'starting_after']);
      const filter = {
        paymentIntent: optionalString(params, 'payment_intent'),
        charge: optionalString(params, 'charge'),
      };
      const limit = optionalPositiveInteger(params, 'limit') ?? 10;
      if (limit > 100) throw invalidParam('limit', 'This value must be less than or equal to 100.');
      const startingAfter = optionalString(params, 'starting_after');
      return () => {
        const { data, hasMore } = listRefunds(account, filter, limit, startingAfter);
        return ok({ object: 'list', data, has_more: hasMore, url: '/v1/refunds' });
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/refunds\/([^/]+)$/,
    prepare(params, [id], account) {
      rejectUnknown(params, []);
      return () => {
        const refund = account.refunds.get(id!);
        if (!refund) throw resourceMissing('refund', id!, 'id');
        return ok(structuredClone(refund));
      };
    },
  },
  {
    // What a "test connection" button calls: cheap, read-only, and it proves the key.
    method: 'GET',
    pattern: /^\/v1\/balance$/,
    prepare(params, _ids, account) {
      rejectUnknown(params, []);
      return () => ok(balance(account));
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/account$/,
    prepare(params) {
      rejectUnknown(params, []);
      return () =>
        ok({
          id: 'acct_1BackroomFakeAcct',
          object: 'account',
          business_profile: { name: 'Backroom Stripe fake' },
          charges_enabled: true,
          country: 'US',
          default_currency: 'usd',
          details_submitted: true,
          payouts_enabled: true,
          type: 'standard',
        });
    },
  },
];

/** Captured money less refunds, per currency; the fake has no payout schedule, so everything is available. */
function balance(account: FakeAccount) {
  const byCurrency = new Map<string, number>();
  for (const charge of account.charges.values()) {
    const net = charge.amount_captured - (charge.captured ? charge.amount_refunded : 0);
    byCurrency.set(charge.currency, (byCurrency.get(charge.currency) ?? 0) + net);
  }
  if (byCurrency.size === 0) byCurrency.set('usd', 0);
  const available = [...byCurrency].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
  return {
    object: 'balance',
    available,
    livemode: false,
    pending: available.map(({ currency }) => ({ amount: 0, currency, source_types: { card: 0 } })),
  };
}

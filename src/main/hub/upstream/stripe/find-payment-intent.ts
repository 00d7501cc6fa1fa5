import type Stripe from 'stripe';
import { UpstreamError } from '../workers/upstream-error.js';
import type { StripeCall } from './stripe-call.js';
import { hasStripeCode } from './stripe-failures.js';
import type { Money } from './stripe-jobs.js';

export interface PaymentReference {
  paymentId: string;
  saleId: string;
  /** When known (capture, refund): a sale's candidates must match it. */
  amount?: Money | undefined;
}

const SEARCH_LIMIT = 100;

export function isPaymentIntentId(paymentId: string): boolean {
  return paymentId.startsWith('pi_');
}

/**
 * The PaymentIntent a hub payment refers to (DESIGN §6). A `pi_` id is retrieved. Otherwise the reader put the hub's
 * ids in metadata: `payment_id` first, then `sale_id`. Found by sale only when exactly one intent of that sale has
 * the job's amount and currency and no other payment's id, because a split-tender sale has several intents and
 * capturing the wrong one would release the other's hold. Nothing found means the reader has not forwarded it yet
 * (or Stripe search, which lags writes by up to a minute, does not show it yet): `not_ready`.
 */
export async function findPaymentIntent(call: StripeCall, ref: PaymentReference): Promise<Stripe.PaymentIntent> {
  if (isPaymentIntentId(ref.paymentId)) return retrievePaymentIntent(call, ref.paymentId);

  const byPayment = await search(call, `metadata['payment_id']:${quoted(ref.paymentId)}`);
  if (byPayment.length === 1) return byPayment[0]!;
  if (byPayment.length > 1) return onlyOne(matching(byPayment, ref), ref, 'payment_id');

  const bySale = matching(await search(call, `metadata['sale_id']:${quoted(ref.saleId)}`), ref).filter(
    (intent) => intent.metadata['payment_id'] === undefined || intent.metadata['payment_id'] === ref.paymentId,
  );
  if (bySale.length === 0) {
    throw call.notReady(
      `payment ${ref.paymentId} of sale ${ref.saleId} is not at Stripe yet: the reader has not forwarded it`,
    );
  }
  return onlyOne(bySale, ref, 'sale_id');
}

export async function retrievePaymentIntent(call: StripeCall, id: string): Promise<Stripe.PaymentIntent> {
  try {
    return await call.send((stripe) => stripe.paymentIntents.retrieve(id));
  } catch (error) {
    if (hasStripeCode(error, 'resource_missing')) {
      throw call.notReady(`Stripe does not know ${id} yet (not forwarded, or the key is for another account)`);
    }
    throw error;
  }
}

async function search(call: StripeCall, query: string): Promise<Stripe.PaymentIntent[]> {
  const result = await call.send((stripe) => stripe.paymentIntents.search({ query, limit: SEARCH_LIMIT }));
  return result.data;
}

function matching(intents: Stripe.PaymentIntent[], ref: PaymentReference): Stripe.PaymentIntent[] {
  const { amount } = ref;
  if (!amount) return intents;
  return intents.filter(
    (intent) => intent.amount === amount.amount && intent.currency === amount.currency.toLowerCase(),
  );
}

function onlyOne(intents: Stripe.PaymentIntent[], ref: PaymentReference, by: string): Stripe.PaymentIntent {
  if (intents.length === 1) return intents[0]!;
  const ids = intents.map((intent) => intent.id).join(', ');
  throw new UpstreamError(
    'business',
    intents.length === 0
      ? `no PaymentIntent with ${by} of payment ${ref.paymentId} has the amount ${describe(ref.amount)}`
      : `payment ${ref.paymentId} (sale ${ref.saleId}) matches several PaymentIntents by ${by}: ${ids}; pick one by hand`,
  );
}

function describe(amount: Money | undefined): string {
  return amount ? `${amount.amount} ${amount.currency}` : '(none)';
}

/** Stripe's search language: single quotes, with quotes and backslashes escaped by a backslash. */
function quoted(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

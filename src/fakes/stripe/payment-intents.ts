import type { FakeAccount } from './account.js';
import { newId } from './ids.js';
import type { CancellationReason, ChargeObject, PaymentIntentObject, PaymentIntentStatus } from './objects.js';
import { businessError, invalidParam, resourceMissing } from './stripe-errors.js';

/** What a reader forwards: a card-present payment it stored offline, now authorised (or declined) by the issuer. */
export interface ReaderPayment {
  saleId: string;
  /** Minor units. */
  amount: number;
  /** Lower-case ISO code; defaults to `usd` as in Stripe's fixtures. */
  currency?: string;
  /** Extra metadata the POS put on the PaymentIntent; `sale_id` is always set from `saleId`. */
  metadata?: Record<string, string>;
  /** An issuer decline code (`insufficient_funds`, `generic_decline`, …); absent means approved. */
  declineCode?: string;
  /** Unix seconds when the reader stored the payment; defaults to the fake's now. */
  storedAt?: number;
}

const CAPTURABLE: readonly PaymentIntentStatus[] = ['requires_capture'];
const CANCELABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

/**
 * The PaymentIntent a forwarded offline payment becomes. Approved: `requires_capture` (manual capture) with an
 * uncaptured charge marked `card_present.offline`. Declined: Stripe does not cancel the intent; a failed confirmation
 * leaves it in `requires_payment_method` with `last_payment_error` (card_error / card_declined) and a failed charge —
 * the state the Terminal SDKs document as "the card was declined, collect another payment method".
 */
export function forwardPayment(
  account: FakeAccount,
  payment: ReaderPayment,
  captureWindowMs: number,
): PaymentIntentObject {
  if (!Number.isSafeInteger(payment.amount) || payment.amount < 1) {
    throw new RangeError(`amount must be a positive integer of minor units (got ${payment.amount})`);
  }
  const now = account.clock.unixSeconds();
  const id = newId('pi');
  const chargeId = newId('ch');
  const paymentMethodId = newId('pm');
  const currency = (payment.currency ?? 'usd').toLowerCase();
  const metadata = { ...payment.metadata, sale_id: payment.saleId };
  const declined = payment.declineCode !== undefined;

  const charge: ChargeObject = {
    id: chargeId,
    object: 'charge',
    amount: payment.amount,
    amount_captured: 0,
    amount_refunded: 0,
    balance_transaction: null,
    billing_details: { address: null, email: null, name: null, phone: null },
    captured: false,
    created: now,
    currency,
    customer: null,
    description: null,
    disputed: false,
    failure_code: declined ? 'card_declined' : null,
    failure_message: declined ? 'Your card was declined.' : null,
    livemode: false,
    metadata: { ...metadata },
    outcome: declined
      ? {
          network_status: 'declined_by_network',
          reason: payment.declineCode!,
          risk_level: 'not_assessed',
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        }
      : {
          network_status: 'approved_by_network',
          reason: null,
          risk_level: 'not_assessed',
          seller_message: 'Payment complete.',
          type: 'authorized',
        },
    paid: !declined,
    payment_intent: id,
    payment_method: paymentMethodId,
    payment_method_details: {
      type: 'card_present',
      card_present: {
        amount_authorized: declined ? null : payment.amount,
        brand: 'visa',
        capture_before: declined ? null : now + Math.floor(captureWindowMs / 1000),
        cardholder_name: null,
        country: 'US',
        exp_month: 8,
        exp_year: 2030,
        fingerprint: 'AOB934RVNwzk6xtn',
        funding: 'credit',
        last4: '4242',
        network: 'visa',
        offline: { stored_at: payment.storedAt ?? now, type: 'deferred' },
        read_method: 'contact_emv',
        receipt: null,
      },
    },
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${chargeId}/refunds` },
    status: declined ? 'failed' : 'succeeded',
  };

  const intent: PaymentIntentObject = {
    id,
    object: 'payment_intent',
    amount: payment.amount,
    amount_capturable: declined ? 0 : payment.amount,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'manual',
    client_secret: `${id}_secret_${newId('x', 25).slice(2)}`,
    confirmation_method: 'automatic',
    created: now,
    currency,
    customer: null,
    description: null,
    last_payment_error: declined
      ? {
          type: 'card_error',
          code: 'card_declined',
          decline_code: payment.declineCode!,
          message: 'Your card was declined.',
          charge: chargeId,
          doc_url: 'https://stripe.com/docs/error-codes/card-declined',
          payment_method: { id: paymentMethodId, object: 'payment_method', type: 'card_present' },
        }
      : null,
    latest_charge: chargeId,
    livemode: false,
    metadata,
    next_action: null,
    on_behalf_of: null,
    // A failed confirmation detaches the payment method, so the intent waits for a new one.
    payment_method: declined ? null : paymentMethodId,
    payment_method_options: { card_present: { request_extended_authorization: false } },
    payment_method_types: ['card_present'],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: declined ? 'requires_payment_method' : 'requires_capture',
    transfer_data: null,
    transfer_group: null,
  };

  account.charges.set(chargeId, charge);
  account.paymentIntents.set(id, intent);
  return intent;
}

export function findPaymentIntent(account: FakeAccount, id: string, param = 'intent'): PaymentIntentObject {
  account.expireHolds();
  const intent = account.paymentIntents.get(id);
  if (!intent) throw resourceMissing('payment_intent', id, param, param === 'intent' ? 404 : 400);
  return intent;
}

export function capturePaymentIntent(
  account: FakeAccount,
  id: string,
  amountToCapture: number | undefined,
  metadata: Record<string, string> | undefined,
): PaymentIntentObject {
  const intent = findPaymentIntent(account, id);
  if (!CAPTURABLE.includes(intent.status)) throw unexpectedState(intent, 'captured', CAPTURABLE);
  const amount = amountToCapture ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    throw businessError(
      'amount_too_large',
      `The amount_to_capture (${amount}) must be less than or equal to the amount_capturable (${intent.amount_capturable}).`,
      { param: 'amount_to_capture', payment_intent: structuredClone(intent) },
    );
  }
  const charge = chargeOf(account, intent);
  charge.captured = true;
  charge.amount_captured = amount;
  charge.balance_transaction = newId('txn');
  // The uncaptured remainder is released at once, so nothing is left to capture later.
  intent.amount_capturable = 0;
  intent.amount_received = amount;
  intent.status = 'succeeded';
  if (metadata) applyMetadata(intent.metadata, metadata);
  account.recordApplied(id, 'captures');
  return intent;
}

export function cancelPaymentIntent(
  account: FakeAccount,
  id: string,
  reason: CancellationReason | undefined,
): PaymentIntentObject {
  const intent = findPaymentIntent(account, id);
  if (!CANCELABLE.includes(intent.status)) throw unexpectedState(intent, 'canceled', CANCELABLE);
  if (intent.status === 'requires_capture') {
    // Cancelling releases the hold: the uncaptured charge is refunded in full.
    const charge = chargeOf(account, intent);
    charge.refunded = true;
    charge.amount_refunded = charge.amount;
  }
  intent.status = 'canceled';
  intent.cancellation_reason = reason ?? null;
  intent.canceled_at = account.clock.unixSeconds();
  intent.amount_capturable = 0;
  account.recordApplied(id, 'cancels');
  return intent;
}

/** Stripe search orders newest first and pages with an opaque `next_page` token. */
export function searchPaymentIntents(
  account: FakeAccount,
  matches: (intent: PaymentIntentObject) => boolean,
  limit: number,
  page: string | undefined,
): { data: PaymentIntentObject[]; nextPage: string | null } {
  account.expireHolds();
  const offset = page === undefined ? 0 : decodePage(page);
  const found = [...account.paymentIntents.values()].filter(matches).reverse();
  const data = found.slice(offset, offset + limit);
  const nextOffset = offset + data.length;
  return { data, nextPage: nextOffset < found.length ? encodePage(nextOffset) : null };
}

/** The intent as served: `latest_charge` becomes the charge object when the caller asked to expand it. */
export function renderPaymentIntent(
  account: FakeAccount,
  intent: PaymentIntentObject,
  expand: readonly string[],
): PaymentIntentObject {
  const out = structuredClone(intent);
  if (expand.includes('latest_charge') && typeof intent.latest_charge === 'string') {
    out.latest_charge = structuredClone(chargeOf(account, intent));
  }
  return out;
}

export function chargeOf(account: FakeAccount, intent: PaymentIntentObject): ChargeObject {
  const charge = typeof intent.latest_charge === 'string' ? account.charges.get(intent.latest_charge) : undefined;
  if (!charge) throw new Error(`fake invariant broken: ${intent.id} has no charge`);
  return charge;
}

function unexpectedState(intent: PaymentIntentObject, verb: 'captured' | 'canceled', allowed: readonly string[]) {
  const message =
    verb === 'captured'
      ? `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: ${allowed.join(', ')}.`
      : `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${allowed.join(', ')}.`;
  return businessError('payment_intent_unexpected_state', message, { payment_intent: structuredClone(intent) });
}

function applyMetadata(target: Record<string, string>, changes: Record<string, string>): void {
  for (const [key, value] of Object.entries(changes)) {
    if (value === '') delete target[key];
    else target[key] = value;
  }
}

function encodePage(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodePage(page: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(page, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to Stripe's answer for a page token it did not issue.
  }
  throw invalidParam('page', `Invalid page: ${page}`);
}

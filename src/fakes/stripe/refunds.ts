import type { FakeAccount } from './account.js';
import { newId } from './ids.js';
import type { ChargeObject, RefundObject, RefundReason } from './objects.js';
import { chargeOf, findPaymentIntent } from './payment-intents.js';
import { businessError, invalidParam, resourceMissing } from './stripe-errors.js';

export interface RefundRequest {
  paymentIntent?: string;
  charge?: string;
  amount?: number;
  reason?: RefundReason;
  metadata?: Record<string, string>;
}

/**
 * `POST /v1/refunds`: refunds part or all of what was captured. An uncaptured hold is released by cancelling the
 * PaymentIntent, not by refunding it, so the fake refuses that (the exact wording is the fake's own).
 */
export function createRefund(account: FakeAccount, request: RefundRequest): RefundObject {
  const charge = refundableCharge(account, request);
  const unrefunded = charge.amount_captured - charge.amount_refunded;
  if (charge.refunded || unrefunded === 0) {
    throw businessError('charge_already_refunded', `Charge ${charge.id} has already been refunded.`, {
      charge: charge.id,
    });
  }
  const amount = request.amount ?? unrefunded;
  if (amount > unrefunded) {
    throw businessError(
      'amount_too_large',
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${unrefunded}).`,
      { param: 'amount', charge: charge.id },
    );
  }
  const refund: RefundObject = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: newId('txn'),
    charge: charge.id,
    created: account.clock.unixSeconds(),
    currency: charge.currency,
    destination_details: { card: { type: 'refund' }, type: 'card' },
    metadata: request.metadata ?? {},
    payment_intent: charge.payment_intent,
    reason: request.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount_captured;
  charge.refunds.data.unshift(refund);
  account.refunds.set(refund.id, refund);
  account.recordApplied(charge.payment_intent, 'refunds');
  return refund;
}

function refundableCharge(account: FakeAccount, request: RefundRequest): ChargeObject {
  if (request.paymentIntent === undefined && request.charge === undefined) {
    throw invalidParam(
      'payment_intent',
      'One of the following params should be provided for this request: payment_intent or charge.',
    );
  }
  let charge: ChargeObject;
  if (request.paymentIntent !== undefined) {
    charge = chargeOf(account, findPaymentIntent(account, request.paymentIntent, 'payment_intent'));
  } else {
    account.expireHolds();
    const found = account.charges.get(request.charge!);
    if (!found) throw resourceMissing('charge', request.charge!, 'charge', 400);
    charge = found;
  }
  if (charge.status !== 'succeeded') {
    throw businessError('charge_not_refundable', 'This PaymentIntent does not have a successful charge to refund.', {
      charge: charge.id,
    });
  }
  if (!charge.captured) {
    throw businessError(
      'charge_not_refundable',
      `Charge ${charge.id} has not been captured; cancel its PaymentIntent to release the authorization.`,
      { charge: charge.id },
    );
  }
  return charge;
}

export interface RefundFilter {
  paymentIntent?: string | undefined;
  charge?: string | undefined;
}

/** `GET /v1/refunds`: newest first, paged with `starting_after` (a refund id from the previous page). */
export function listRefunds(
  account: FakeAccount,
  filter: RefundFilter,
  limit: number,
  startingAfter: string | undefined,
): { data: RefundObject[]; hasMore: boolean } {
  if (filter.paymentIntent !== undefined) findPaymentIntent(account, filter.paymentIntent, 'payment_intent');
  const matching = [...account.refunds.values()]
    .filter((refund) => filter.paymentIntent === undefined || refund.payment_intent === filter.paymentIntent)
    .filter((refund) => filter.charge === undefined || refund.charge === filter.charge)
    .reverse();
  let offset = 0;
  if (startingAfter !== undefined) {
    offset = matching.findIndex((refund) => refund.id === startingAfter) + 1;
    if (offset === 0) throw resourceMissing('refund', startingAfter, 'starting_after', 400);
  }
  const data = matching.slice(offset, offset + limit).map((refund) => structuredClone(refund));
  return { data, hasMore: offset + data.length < matching.length };
}

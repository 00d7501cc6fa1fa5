import type { Database } from 'better-sqlite3';
import type { Tender } from '../../../shared/protocol/sales-payloads.js';
import type { UpstreamEffect } from '../decisions/upstream-effects.js';
import { saleCardPayments, type SaleCardPayment } from './sale-reads.js';

/**
 * What voiding or refunding a sale owes the card processor. Only offline card payments the hub recorded
 * (`payment.offline_card` naming the sale) are the hub's to forward; a card paid online was settled by the till and
 * its reversal is the till's too.
 */

/** Not yet captured: a void releases the hold instead of moving money twice. */
const UNCAPTURED = new Set(['authorized', 'held', 'forwarded']);

function refundable(payment: SaleCardPayment): number {
  return payment.state === 'captured' || UNCAPTURED.has(payment.state) ? payment.amount - payment.refundsRequested : 0;
}

/**
 * A void cancels each payment still on hold and refunds what is left of each captured one; payments the processor
 * already refused, released or refunded owe nothing. `voidEventId` names the refund a void makes.
 */
export function voidCardEffects(db: Database, saleId: string, voidEventId: string): UpstreamEffect[] {
  return saleCardPayments(db, saleId).flatMap((payment): UpstreamEffect[] => {
    const { paymentId, currency } = payment;
    if (UNCAPTURED.has(payment.state)) return [{ kind: 'card.cancel', paymentId, saleId }];
    const left = refundable(payment);
    if (left <= 0) return [];
    return [
      { kind: 'card.refund', paymentId, saleId, amount: { amount: left, currency }, refundId: `void:${voidEventId}` },
    ];
  });
}

/**
 * The card money of a refund goes back to the payments it came from: a tender naming its payment goes to that one,
 * the rest to the sale's payments in the order they were taken, each up to what it has not yet given back. Card money
 * no recorded payment can take (paid online, or more than was taken) owes the hub nothing to forward.
 */
export function refundCardEffects(
  db: Database,
  saleId: string,
  refundId: string,
  tenders: readonly Tender[],
): UpstreamEffect[] {
  const payments = saleCardPayments(db, saleId);
  const left = new Map(payments.map((payment) => [payment.paymentId, refundable(payment)]));
  const asked = new Map<string, number>();
  const take = (paymentId: string, wanted: number): number => {
    const taken = Math.min(wanted, left.get(paymentId) ?? 0);
    left.set(paymentId, (left.get(paymentId) ?? 0) - taken);
    asked.set(paymentId, (asked.get(paymentId) ?? 0) + taken);
    return wanted - taken;
  };
  const cards = tenders.filter((tender) => tender.method === 'card');
  for (const tender of cards.filter((t) => t.paymentId !== undefined)) take(tender.paymentId!, tender.amount.amount);
  let unnamed = cards.filter((t) => t.paymentId === undefined).reduce((sum, t) => sum + t.amount.amount, 0);
  for (const payment of payments) unnamed = take(payment.paymentId, unnamed);
  return payments.flatMap((payment): UpstreamEffect[] => {
    const amount = asked.get(payment.paymentId) ?? 0;
    if (amount <= 0) return [];
    const { paymentId, currency } = payment;
    return [{ kind: 'card.refund', paymentId, saleId, amount: { amount, currency }, refundId }];
  });
}

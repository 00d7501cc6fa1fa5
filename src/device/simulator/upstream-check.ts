import type { AppliedCounts } from '../../fakes/stripe/index.js';
import type { AtRiskPaymentView, UpstreamJobState } from '../../shared/protocol/upstream-views.js';
import type { ReaderRecord } from './card-readers.js';
import { verdict, type CheckLine } from './day-check.js';
import type { BackOfficeSummary } from './store-back-office.js';
import type { InvoicingSummary } from './store-ksef.js';

/** One card payment as the readers took it, with what the Stripe fake applied to its PaymentIntent. */
export interface SettledPayment extends ReaderRecord {
  applied: AppliedCounts;
  /** the hub holds it for a manager's decision (offline limit exceeded): nothing is owed to Stripe yet */
  held: boolean;
}

/** The card payments' day at the processor (`--upstreams`). */
export interface UpstreamsSummary {
  /** the Stripe fake the hub forwarded to */
  stripe: string;
  payments: number;
  /** payments Stripe must capture (or, voided, cancel): neither declined nor held for the manager */
  owed: number;
  declined: number;
  heldForManager: number;
  /** what the fake applied, summed over every PaymentIntent */
  applied: AppliedCounts;
  atRisk: number;
  outages: { count: number; totalMs: number; longestMs: number; slowestNoticeMs: number | null };
  /** the most Stripe jobs the hub owed when the internet came back */
  backlogAtRestore: number;
  /** from the store closing to the hub's Stripe queue empty; null when it did not empty in time */
  drainMs: number | null;
  /** the Stripe jobs of the whole day, by state */
  jobs: Record<UpstreamJobState, number>;
  /** the POS journal and end-of-day reports sent to the store's back office */
  conexxus: BackOfficeSummary;
  /** the VAT invoices the tills asked for, issued online or offline, and what became of them at KSeF */
  invoicing: InvoicingSummary;
}

/** Milliseconds as seconds with a tenth, as the summary and the journal show durations. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** What a PaymentIntent nobody touched shows; also every count of one the readers never forwarded. */
export const NOTHING_APPLIED: AppliedCounts = { captures: 0, cancels: 0, refunds: 0 };

/**
 * What the fake must have applied, exactly once each: a capture, plus a refund for a refunded sale; for a void either
 * the hold released, or (its capture ran first) the capture refunded whole.
 */
function expectedOutcomes(payment: SettledPayment): AppliedCounts[] {
  if (!owesStripe(payment)) return [NOTHING_APPLIED];
  const captured = { ...NOTHING_APPLIED, captures: 1 };
  const refunded = { ...captured, refunds: 1 };
  if (payment.reversal === 'refund') return [refunded];
  if (payment.reversal === 'void') return [{ ...NOTHING_APPLIED, cancels: 1 }, refunded];
  return [captured];
}

/** A declined card, or a payment held for the manager, owes the processor nothing. */
export function owesStripe(payment: SettledPayment): boolean {
  return payment.declineCode === undefined && !payment.held;
}

function counts({ captures, cancels, refunds }: AppliedCounts): string {
  return `${captures} captured, ${cancels} cancelled, ${refunds} refunded`;
}

export function checkExactlyOnce(payments: readonly SettledPayment[]): CheckLine {
  const differences = payments.flatMap((payment) => {
    if (payment.paymentIntentId === undefined) return [`${payment.paymentId} never forwarded by its reader`];
    const expected = expectedOutcomes(payment);
    const { applied } = payment;
    const met = expected.some((e) => counts(e) === counts(applied));
    const want = expected.map(counts).join(' or ');
    return met ? [] : [`${payment.paymentIntentId} (${payment.paymentId}): ${counts(applied)}, expected ${want}`];
  });
  return verdict(
    'every card payment captured, cancelled or refunded exactly once at the Stripe fake',
    differences,
    `${payments.filter(owesStripe).length} payments owed to Stripe, each as its sale ended, by the fake's own ` +
      'counts per PaymentIntent',
  );
}

/** Each payment the issuer declined is on the hub's at-risk list with its decline code, and no other is. */
export function checkAtRisk(payments: readonly SettledPayment[], atRisk: readonly AtRiskPaymentView[]): CheckLine {
  const listed = new Map(atRisk.map((payment) => [payment.paymentId, payment]));
  const declined = payments.filter((payment) => payment.declineCode !== undefined && !payment.held);
  const differences = [
    ...declined
      .filter((payment) => listed.get(payment.paymentId)?.declineCode !== payment.declineCode)
      .map((payment) => `${payment.paymentId} (${payment.declineCode}) not at risk as declined`),
    ...atRisk
      .filter((listedPayment) => !declined.some((payment) => payment.paymentId === listedPayment.paymentId))
      .map((listedPayment) => `${listedPayment.paymentId} at risk but not declined`),
  ];
  return verdict(
    'declined card payments shown at risk on the hub',
    differences,
    `${declined.length} declined, ${atRisk.length} at risk`,
  );
}

export function checkQueue(summary: UpstreamsSummary): CheckLine {
  const { jobs, drainMs } = summary;
  const differences = [
    ...(drainMs === null ? ['the Stripe queue did not empty in time'] : []),
    ...(['dead', 'queued', 'in_flight'] as const).filter((state) => jobs[state] > 0).map((s) => `${jobs[s]} ${s}`),
  ];
  return verdict(
    'Stripe queue drained: no job dead or left queued',
    differences,
    `${jobs.done} done, ${jobs.cancelled} withdrawn by voids, empty ${seconds(drainMs ?? 0)} s after closing`,
  );
}

export function checkOutagesNoticed(noticedAfterMs: readonly (number | null)[]): CheckLine {
  const missed = noticedAfterMs.filter((ms) => ms === null).length;
  return verdict(
    'the hub saw each internet outage and paused forwarding',
    missed > 0 ? [`${missed} of ${noticedAfterMs.length} outages not noticed`] : [],
    noticedAfterMs.length === 0
      ? 'no outage'
      : `${noticedAfterMs.length} outages, Stripe offline and the pool paused within ` +
          `${seconds(Math.max(...(noticedAfterMs as number[])))} s`,
  );
}

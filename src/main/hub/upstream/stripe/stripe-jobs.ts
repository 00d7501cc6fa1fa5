/**
 * The contract between the hub's wiring and the Stripe connector: what a job carries and what performing it yields.
 * The wiring enqueues these payloads with `connector: STRIPE_CONNECTOR` and turns results into ledger events.
 */
export const STRIPE_CONNECTOR = 'stripe';

export type StripeJobKind = 'capture' | 'cancel' | 'refund';

/** Money in minor units, ISO currency. */
export interface Money {
  amount: number;
  currency: string;
}

export interface CaptureJob {
  paymentId: string;
  saleId: string;
  amount: Money;
  takenAt: string;
}

export interface CancelJob {
  paymentId: string;
  saleId: string;
}

export interface RefundJob {
  paymentId: string;
  saleId: string;
  amount: Money;
  refundId: string;
}

export type StripeJobPayload = CaptureJob | CancelJob | RefundJob;

/** What perform() resolves with; the wiring turns it into ledger events in the same transaction as job completion. */
export type StripeJobResult =
  | { outcome: 'captured'; paymentIntentId: string; amountCaptured: number; reconciled: boolean }
  | { outcome: 'declined'; paymentIntentId: string | null; declineCode: string | null; message: string }
  | { outcome: 'cancelled'; paymentIntentId: string; reconciled: boolean }
  | {
      outcome: 'refunded';
      paymentIntentId: string;
      stripeRefundId: string;
      amountRefunded: number;
      reconciled: boolean;
    }
  | { outcome: 'expired'; paymentIntentId: string; message: string };

/**
 * Requests one job usually makes: a capture reads the PaymentIntent before it captures (see README). Stripe limits
 * requests, the pool limits jobs, so a request budget is divided by this.
 */
export const REQUESTS_PER_JOB = 2;

/** Card-present Visa holds last 5 days since 14 Apr 2024 (research §B.2). */
export const CARD_PRESENT_HOLD_HOURS = 5 * 24;

/** Hold window for card-present authorisations (Visa 5 days since Apr 2024, research §B.2); the job deadline. */
export function captureDeadline(takenAt: string, windowHours: number = CARD_PRESENT_HOLD_HOURS): Date {
  const taken = new Date(takenAt).getTime();
  if (Number.isNaN(taken)) throw new RangeError(`takenAt is not a date: ${takenAt}`);
  return new Date(taken + windowHours * 3_600_000);
}

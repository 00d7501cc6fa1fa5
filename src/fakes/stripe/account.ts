import type { FakeClock } from './clock.js';
import type { ChargeObject, PaymentIntentObject, RefundObject } from './objects.js';

/** What the fake itself applied to one PaymentIntent; replays never count, so a test can prove exactly-once. */
export interface AppliedCounts {
  captures: number;
  cancels: number;
  refunds: number;
}

/** One Stripe account's objects and the fake's own tally of operations it applied. */
export class FakeAccount {
  readonly paymentIntents = new Map<string, PaymentIntentObject>();
  readonly charges = new Map<string, ChargeObject>();
  readonly refunds = new Map<string, RefundObject>();
  private readonly applied = new Map<string, AppliedCounts>();

  constructor(readonly clock: FakeClock) {}

  recordApplied(paymentIntentId: string, operation: keyof AppliedCounts): void {
    const counts = this.appliedTo(paymentIntentId);
    this.applied.set(paymentIntentId, { ...counts, [operation]: counts[operation] + 1 });
  }

  appliedTo(paymentIntentId: string): AppliedCounts {
    return { ...(this.applied.get(paymentIntentId) ?? { captures: 0, cancels: 0, refunds: 0 }) };
  }

  /**
   * A card-present hold lapses at its charge's `capture_before`; Stripe then cancels the PaymentIntent itself
   * (`cancellation_reason: automatic`). Run before every read or write, so the fake's clock alone decides.
   */
  expireHolds(): void {
    const now = this.clock.unixSeconds();
    for (const intent of this.paymentIntents.values()) {
      if (intent.status !== 'requires_capture' || typeof intent.latest_charge !== 'string') continue;
      const charge = this.charges.get(intent.latest_charge);
      const deadline = charge?.payment_method_details.card_present.capture_before;
      if (!charge || deadline == null || deadline > now) continue;
      intent.status = 'canceled';
      intent.cancellation_reason = 'automatic';
      intent.canceled_at = deadline;
      intent.amount_capturable = 0;
      charge.refunded = true;
      charge.amount_refunded = charge.amount;
    }
  }
}

import type { StripeFake } from '../../fakes/stripe/index.js';
import type { Random } from './random.js';

/** A card payment as a till's reader takes it. */
export interface ReaderPayment {
  paymentId: string;
  saleId: string;
  /** minor units */
  amount: number;
  currency: string;
}

/** What a till did to a card payment afterwards; the money of either goes back to the card. */
export type CardReversal = 'void' | 'refund';

/** The store's card readers as the tills see them (`--upstreams`). */
export interface CardReaders {
  /** The customer taps the card; the reader stores the payment, or forwards it at once while the internet is up. */
  take(payment: ReaderPayment): void;
  /** Will the processor keep the money? False for a card its issuer declines once the reader forwards it. */
  approved(paymentId: string): boolean;
  /** The till voided or refunded a card sale to the card. */
  reversed(paymentId: string, how: CardReversal): void;
}

/** One payment through its reader, as the simulator knows it: the expectation the summary holds the fake to. */
export interface ReaderRecord extends ReaderPayment {
  declineCode: string | undefined;
  /** set once the reader forwarded it */
  paymentIntentId: string | undefined;
  reversal: CardReversal | undefined;
}

/** Of the cards tapped, how many the issuer declines after the fact: enough for a few at-risk payments a day. */
const DECLINE_SHARE = 0.1;
const DECLINE_CODES = ['insufficient_funds', 'generic_decline', 'expired_card'] as const;

/**
 * Stripe Terminal readers in offline mode, played against the Stripe fake: every payment is stored on the reader
 * and forwarded when the reader has the internet, with the issuer's answer decided here (a few declines). The hub
 * never sees the readers; it finds their PaymentIntents by `metadata.payment_id`, as it would at Stripe.
 */
export class SimulatedCardReaders implements CardReaders {
  private readonly payments = new Map<string, ReaderRecord>();
  private online = true;

  constructor(
    private readonly fake: StripeFake,
    private readonly random: Random,
  ) {}

  take(payment: ReaderPayment): void {
    const declineCode = this.random.chance(DECLINE_SHARE) ? this.random.pick(DECLINE_CODES) : undefined;
    const record: ReaderRecord = { ...payment, declineCode, paymentIntentId: undefined, reversal: undefined };
    this.payments.set(payment.paymentId, record);
    const forwarded = {
      saleId: payment.saleId,
      amount: payment.amount,
      currency: payment.currency.toLowerCase(),
      metadata: { payment_id: payment.paymentId },
      ...(declineCode ? { declineCode } : {}),
    };
    if (this.online) record.paymentIntentId = this.fake.forward(forwarded).id;
    else this.fake.storeOffline(forwarded);
  }

  approved(paymentId: string): boolean {
    return this.payments.get(paymentId)?.declineCode === undefined;
  }

  reversed(paymentId: string, how: CardReversal): void {
    const record = this.payments.get(paymentId);
    if (record) record.reversal = how;
  }

  /** Without the internet the readers keep what they take. */
  goOffline(): void {
    this.online = false;
  }

  /** The internet is back: every reader forwards what it stored. Returns how many payments that was. */
  goOnline(): number {
    this.online = true;
    const intents = this.fake.forwardStored();
    for (const intent of intents) {
      const record = this.payments.get(intent.metadata['payment_id'] ?? '');
      if (record) record.paymentIntentId = intent.id;
    }
    return intents.length;
  }

  records(): ReaderRecord[] {
    return [...this.payments.values()].map((record) => ({ ...record }));
  }
}

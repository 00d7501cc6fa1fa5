import Type, { type Static } from 'typebox';
import { EntityId } from './catalog-payloads.js';
import { DeviceId, UtcInstant, UuidV7 } from './envelope.js';
import { Money } from './money.js';
import { MAX_SALE_AMOUNT } from './sales-payloads.js';

/**
 * Offline payments and manager approvals (DESIGN §3, §5): the device event, the hub-made events and the bodies of
 * `POST /v1/payments/offline-authorizations`. Money is minor units of the policy's currency throughout.
 */

export const PAYMENT_METHODS = ['cash', 'card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
const PaymentMethodSchema = Type.Enum(PAYMENT_METHODS);

/** The card reader's (or the POS's) own reference of a payment; a sale's card tender carries the same one. */
export const PaymentId = Type.String({ minLength: 1, maxLength: 128 });

/** A payment of something: zero or negative amounts are not payments (money going back is a refund). */
const PaymentMoney = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: MAX_SALE_AMOUNT }),
    currency: Money.properties.currency,
  },
  { additionalProperties: false },
);

const limit = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_SALE_AMOUNT, description });

/** What the manager configures (`policy.update` carries the whole of it); the decision is offline-card-policy.ts. */
export const OfflineCardPolicy = Type.Object(
  {
    enabled: Type.Boolean({ description: 'false declines every offline card payment; cash is always allowed' }),
    allowedMethods: Type.Array(PaymentMethodSchema, { uniqueItems: true, maxItems: PAYMENT_METHODS.length }),
    perTransactionLimit: limit('the most one offline card payment may be'),
    dailyLimitPerLocation: limit('the most offline card money one location may take in a business day'),
    maxOutstandingExposure: limit('the most offline card money that may wait to be forwarded, store-wide'),
    managerThreshold: limit('amounts above this need a manager'),
    currency: Money.properties.currency,
  },
  { additionalProperties: false },
);
export type OfflineCardPolicy = Static<typeof OfflineCardPolicy>;

/** The hub's figures a decision compares against, in minor units of the policy's currency. */
export const OfflineCardFigures = Type.Object({
  dailyTotalAtLocation: Type.Integer({ description: 'offline card money taken at the location on the day' }),
  outstandingExposure: Type.Integer({ description: 'offline card money not yet forwarded upstream' }),
});
export type OfflineCardFigures = Static<typeof OfflineCardFigures>;

/** `payment.offline_card` v1: a card payment a device took while the payment processor was out of reach. */
export const OfflineCardPaymentPayload = Type.Object(
  {
    paymentId: PaymentId,
    saleId: EntityId,
    amount: PaymentMoney,
    method: Type.Literal('card'),
    locationId: EntityId,
    approvalId: Type.Optional(UuidV7),
    takenAt: UtcInstant,
  },
  { additionalProperties: false },
);
export type OfflineCardPaymentPayload = Static<typeof OfflineCardPaymentPayload>;

export const OfflineAuthorizationRequest = Type.Object(
  { paymentId: PaymentId, saleId: EntityId, amount: PaymentMoney, method: PaymentMethodSchema, locationId: EntityId },
  { additionalProperties: false },
);
export type OfflineAuthorizationRequest = Static<typeof OfflineAuthorizationRequest>;

export const AUTHORIZATION_DECISIONS = ['approved', 'pending_manager', 'declined'] as const;
export type AuthorizationDecision = (typeof AUTHORIZATION_DECISIONS)[number];

export const OfflineAuthorizationReply = Type.Object({
  decision: Type.Enum(AUTHORIZATION_DECISIONS),
  reason: Type.Optional(Type.String({ description: 'UPPER_SNAKE code, e.g. OVER_DAILY_LIMIT' })),
  approvalId: Type.Optional(Type.String({ description: "Set when a manager's approval was asked for" })),
});
export type OfflineAuthorizationReply = Static<typeof OfflineAuthorizationReply>;

/** `approval.request` (hub-made): a payment waits for a manager; the context is what the manager decides on. */
export const ApprovalRequestPayload = Type.Object(
  {
    approvalId: UuidV7,
    paymentId: PaymentId,
    saleId: EntityId,
    deviceId: DeviceId,
    locationId: EntityId,
    amount: PaymentMoney,
    method: PaymentMethodSchema,
    reason: Type.String(),
    figures: OfflineCardFigures,
    policy: OfflineCardPolicy,
  },
  { additionalProperties: false },
);
export type ApprovalRequestPayload = Static<typeof ApprovalRequestPayload>;

export const APPROVAL_OUTCOMES = ['approved', 'declined'] as const;
export type ApprovalOutcome = (typeof APPROVAL_OUTCOMES)[number];

/** `approval.decide` (hub-made): who decided, by name and user id, after re-entering their PIN. */
export const ApprovalDecidePayload = Type.Object(
  {
    approvalId: UuidV7,
    paymentId: PaymentId,
    decision: Type.Enum(APPROVAL_OUTCOMES),
    decidedBy: Type.String(),
    userId: Type.String(),
  },
  { additionalProperties: false },
);
export type ApprovalDecidePayload = Static<typeof ApprovalDecidePayload>;

/**
 * Why an approval nobody decided expired: the till recorded the card payment anyway (a conflict shows it), recorded
 * the sale paid another way, or recorded nothing before the hub stopped holding the amount for it.
 */
export const APPROVAL_EXPIRY_REASONS = ['card_taken', 'paid_otherwise', 'wait_over'] as const;
export type ApprovalExpiryReason = (typeof APPROVAL_EXPIRY_REASONS)[number];

/**
 * `approval.expire` (hub-made, issue 12): the till stopped waiting for a manager, so nobody may decide the approval
 * any more. `tillCursor` is the ledger record of the till's own outcome; null when it recorded none in time.
 */
export const ApprovalExpirePayload = Type.Object(
  {
    approvalId: UuidV7,
    paymentId: PaymentId,
    reason: Type.Enum(APPROVAL_EXPIRY_REASONS),
    tillCursor: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ApprovalExpirePayload = Static<typeof ApprovalExpirePayload>;

/** `payment.forwarded` (hub-made): an offline card payment reached the processor, so it is no longer at risk. */
export const PaymentForwardedPayload = Type.Object({ paymentId: PaymentId }, { additionalProperties: false });
export type PaymentForwardedPayload = Static<typeof PaymentForwardedPayload>;

/**
 * What the card processor did with a forwarded offline payment (hub-made, DESIGN §6): each is recorded in the same
 * transaction that marks its upstream job done, so the ledger and the outbox never disagree about it. `jobId` names
 * the outbox job whose result it is. Money is minor units in the payment's currency.
 */
const ProcessorRef = Type.String({ minLength: 1, maxLength: 255 });
const UpstreamJobId = Type.String({ minLength: 1, maxLength: 64 });
const NullableRef = Type.Union([ProcessorRef, Type.Null()]);

/** `payment.captured`: the hold became money; the payment no longer counts towards the outstanding exposure. */
export const PaymentCapturedPayload = Type.Object(
  { paymentId: PaymentId, jobId: UpstreamJobId, paymentIntentId: ProcessorRef, amount: Money },
  { additionalProperties: false },
);
export type PaymentCapturedPayload = Static<typeof PaymentCapturedPayload>;

/** `payment.declined`: the issuer refused the card after the reader forwarded it; the store has lost the money. */
export const PaymentDeclinedPayload = Type.Object(
  {
    paymentId: PaymentId,
    jobId: UpstreamJobId,
    paymentIntentId: NullableRef,
    declineCode: NullableRef,
    message: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type PaymentDeclinedPayload = Static<typeof PaymentDeclinedPayload>;

/** `payment.cancelled`: the hold was released (the sale was voided before capture). */
export const PaymentCancelledPayload = Type.Object(
  { paymentId: PaymentId, jobId: UpstreamJobId, paymentIntentId: ProcessorRef },
  { additionalProperties: false },
);
export type PaymentCancelledPayload = Static<typeof PaymentCancelledPayload>;

/** `payment.refunded`: money went back to the card for a sale refund (or a void after capture). */
export const PaymentRefundedPayload = Type.Object(
  {
    paymentId: PaymentId,
    jobId: UpstreamJobId,
    refundId: Type.String({ minLength: 1, maxLength: 128 }),
    paymentIntentId: ProcessorRef,
    stripeRefundId: ProcessorRef,
    amount: Money,
  },
  { additionalProperties: false },
);
export type PaymentRefundedPayload = Static<typeof PaymentRefundedPayload>;

/** `payment.expired`: the hold lapsed before it could be captured; the money is lost like a decline. */
export const PaymentExpiredPayload = Type.Object(
  {
    paymentId: PaymentId,
    jobId: UpstreamJobId,
    paymentIntentId: NullableRef,
    message: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type PaymentExpiredPayload = Static<typeof PaymentExpiredPayload>;

/** The payment part of `GET /v1/state`: what a device needs to apply the policy while cut off from the hub. */
export const PaymentPolicyState = Type.Object({
  offlineCard: OfflineCardPolicy,
  outstandingExposure: Type.Integer({ description: 'as of the snapshot cursor, minor units of the policy currency' }),
});
export type PaymentPolicyState = Static<typeof PaymentPolicyState>;

/** What the hub pushes on `GET /v1/stream` when a manager decided an approval the device asked for. */
export interface ApprovalStreamMessage {
  type: 'approval';
  approvalId: string;
  paymentId: string;
  decision: ApprovalOutcome;
  decidedBy: string;
}

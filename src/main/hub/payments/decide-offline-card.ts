import type { Database } from 'better-sqlite3';
import { decideOfflinePayment, type OfflinePaymentReason } from '../../../shared/payments/offline-card-policy.js';
import type { Money } from '../../../shared/protocol/money.js';
import type {
  OfflineCardFigures,
  OfflineCardPaymentPayload,
  OfflineCardPolicy,
} from '../../../shared/protocol/payment-payloads.js';
import { conflictIdFor, type DecideContext, type Decision } from '../decisions/decision.js';
import { locationState } from '../inventory/projection-reads.js';
import type { OfflinePaymentOutcome } from '../ledger/projections/payments-projector.js';
import { businessDate } from '../../../shared/store-calendar.js';
import { captureOf } from './card-capture.js';
import { storeTimeZone } from '../sales/store-time-zone.js';
import { currentPolicy, findApproval, findOfflinePayment, recordedFigures } from './payment-reads.js';

/** Why an approvalId a device sent does not cover its payment. */
export type ApprovalProblem =
  'APPROVAL_UNKNOWN' | 'APPROVAL_PENDING' | 'APPROVAL_DECLINED' | 'APPROVAL_EXPIRED' | 'APPROVAL_MISMATCH';
type ApprovalCheck = 'COVERED' | ApprovalProblem;

/**
 * `outcome.conflict` of a payment taken beyond the policy without a manager's approval. The money was taken, so
 * the payment is recorded (held); the manager either accepts the risk, which releases it, or escalates.
 */
export interface OfflineLimitConflict {
  id: string;
  kind: 'offline_limit_exceeded';
  server: {
    figures: OfflineCardFigures;
    policy: OfflineCardPolicy;
    reason: OfflinePaymentReason;
    approval?: { approvalId: string; problem: ApprovalProblem };
  };
  requested: { paymentId: string; saleId: string; locationId: string; amount: Money };
  options: ['accept_risk', 'escalate'];
}

function refuse(code: 'DUPLICATE_PAYMENT' | 'UNKNOWN_LOCATION', message: string): Decision {
  return { status: 'refused', outcome: { refusal: { code, message } } };
}

/** An approval covers a payment when a manager approved this payment for at least its amount. */
function checkApproval(db: Database, payment: OfflineCardPaymentPayload, approvalId: string): ApprovalCheck {
  const approval = findApproval(db, approvalId);
  if (!approval) return 'APPROVAL_UNKNOWN';
  if (approval.status === 'pending') return 'APPROVAL_PENDING';
  if (approval.status === 'declined') return 'APPROVAL_DECLINED';
  if (approval.status === 'expired') return 'APPROVAL_EXPIRED';
  const covered =
    approval.payment_id === payment.paymentId &&
    approval.currency === payment.amount.currency &&
    payment.amount.amount <= approval.amount;
  return covered ? 'COVERED' : 'APPROVAL_MISMATCH';
}

function limitConflict(
  eventId: string,
  payment: OfflineCardPaymentPayload,
  server: OfflineLimitConflict['server'],
): OfflineLimitConflict {
  const { paymentId, saleId, locationId, amount } = payment;
  return {
    id: conflictIdFor(eventId),
    kind: 'offline_limit_exceeded',
    server,
    requested: { paymentId, saleId, locationId, amount },
    options: ['accept_risk', 'escalate'],
  };
}

/**
 * `payment.offline_card`: the hub re-checks the policy against the recorded figures at the event's ledger position.
 * Within the policy, or covered by a manager's approval, the payment is authorized and counts towards the limits;
 * beyond it, it is recorded as held and a conflict shows the manager what was exceeded.
 */
export function decideOfflineCard({ db, event }: DecideContext): Decision {
  const payment = event.payload as unknown as OfflineCardPaymentPayload;
  if (findOfflinePayment(db, payment.paymentId)) {
    return refuse('DUPLICATE_PAYMENT', `payment ${payment.paymentId} is already recorded`);
  }
  if (locationState(db, payment.locationId) === 'unknown') {
    return refuse('UNKNOWN_LOCATION', `no location ${payment.locationId}`);
  }
  const recorded: Omit<OfflinePaymentOutcome, 'state'> = {
    paymentId: payment.paymentId,
    saleId: payment.saleId,
    locationId: payment.locationId,
    businessDate: businessDate(payment.takenAt, storeTimeZone(db)),
    amount: payment.amount.amount,
    currency: payment.amount.currency,
  };
  const approval = payment.approvalId ? checkApproval(db, payment, payment.approvalId) : undefined;
  if (approval === 'COVERED') {
    // A manager decided on this payment with the figures in front of them; later payments do not undo that.
    const authorized: OfflinePaymentOutcome = { ...recorded, state: 'authorized', approvalId: payment.approvalId };
    return { status: 'accepted', outcome: { offlinePayment: authorized, upstream: [captureOf(payment)] } };
  }
  const policy = currentPolicy(db);
  const figures = recordedFigures(db, policy.currency, payment.locationId, recorded.businessDate);
  const verdict = decideOfflinePayment(policy, payment, figures);
  if (verdict.decision === 'approved') {
    return {
      status: 'accepted',
      outcome: { offlinePayment: { ...recorded, state: 'authorized' }, upstream: [captureOf(payment)] },
    };
  }
  const conflict = limitConflict(event.id, payment, {
    figures,
    policy,
    reason: verdict.reason!,
    ...(approval ? { approval: { approvalId: payment.approvalId!, problem: approval } } : {}),
  });
  const held: OfflinePaymentOutcome = { ...recorded, state: 'held' };
  return { status: 'conflict', outcome: { conflict, offlinePayment: held } };
}

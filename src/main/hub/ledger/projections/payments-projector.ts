import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson } from '../../../../shared/canonical-json.js';
import type {
  ApprovalDecidePayload,
  ApprovalExpirePayload,
  ApprovalRequestPayload,
  OfflineCardPaymentPayload,
  OfflineCardPolicy,
  PaymentCancelledPayload,
  PaymentCapturedPayload,
  PaymentDeclinedPayload,
  PaymentExpiredPayload,
  PaymentRefundedPayload,
} from '../../../../shared/protocol/payment-payloads.js';
import type { LedgerRecord } from '../event-log.js';
import type { Projector } from './projector.js';

/**
 * `authorized` and `held` are still owed to the processor; `forwarded` reached it (recorded by hand); the rest are
 * what the processor did with it. `declined` and `expired` are money the store took and lost: payments at risk.
 */
export type OfflinePaymentState =
  'authorized' | 'held' | 'forwarded' | 'captured' | 'declined' | 'cancelled' | 'refunded' | 'expired';

/** Not yet at the processor: what the outstanding figures on receipts and the hold-expiry alert count. */
export const UNFORWARDED_STATES: readonly OfflinePaymentState[] = ['authorized', 'held'];

/** The card-refund part of an accepted record's `outcome.upstream` (decisions/ owns the whole shape). */
interface RequestedRefund {
  kind: string;
  paymentId: string;
  amount: { amount: number };
}

/**
 * `outcome.offlinePayment` of a recorded payment.offline_card: `authorized` when accepted, `held` when recorded as
 * a conflict (it then counts towards no limit until a manager releases it).
 */
export interface OfflinePaymentOutcome {
  paymentId: string;
  saleId: string;
  locationId: string;
  /** The store's local date of `takenAt`, fixed at decision time. */
  businessDate: string;
  amount: number;
  currency: string;
  state: 'authorized' | 'held';
  approvalId?: string;
}

/** `outcome.paymentState`: a later change to a recorded payment (forwarded upstream, or released by a manager). */
export interface PaymentStateOutcome {
  paymentId: string;
  state: OfflinePaymentState;
}

interface Statements {
  policy: Statement;
  payment: Statement;
  paymentState: Statement;
  approvalRequested: Statement;
  approvalDecided: Statement;
  approvalExpired: Statement;
  refundRequested: Statement;
  processorResult: Statement;
  refunded: Statement;
}

const statementsByDb = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let prepared = statementsByDb.get(db);
  if (!prepared) {
    prepared = {
      policy: db.prepare(
        `INSERT INTO payment_policy (id, policy, updated_cursor, updated_by) VALUES (1, @policy, @cursor, @actor)
         ON CONFLICT (id) DO UPDATE SET policy = excluded.policy, updated_cursor = excluded.updated_cursor,
           updated_by = excluded.updated_by`,
      ),
      payment: db.prepare(
        `INSERT INTO offline_payments (payment_id, sale_id, device_id, location_id, business_date, amount, currency,
           state, approval_id, cursor, updated_cursor,
           taken_at)
         VALUES (@paymentId, @saleId, @deviceId, @locationId, @businessDate, @amount, @currency, @state, @approvalId,
           @cursor, @cursor, @takenAt)`,
      ),
      paymentState: db.prepare('UPDATE offline_payments SET state = ?, updated_cursor = ? WHERE payment_id = ?'),
      approvalRequested: db.prepare(
        `INSERT INTO approvals (approval_id, payment_id, sale_id, device_id, location_id, amount, currency, method,
           reason, context, status, requested_cursor, requested_at)
         VALUES (@approvalId, @paymentId, @saleId, @deviceId, @locationId, @amount, @currency, @method, @reason,
           @context, 'pending', @cursor, @at)`,
      ),
      approvalDecided: db.prepare(
        `UPDATE approvals SET status = @decision, decided_by = @decidedBy, decided_cursor = @cursor, decided_at = @at
         WHERE approval_id = @approvalId`,
      ),
      approvalExpired: db.prepare(
        `UPDATE approvals SET status = 'expired', decided_cursor = @cursor, decided_at = @at, expiry = @expiry
         WHERE approval_id = @approvalId`,
      ),
      refundRequested: db.prepare(
        'UPDATE offline_payments SET refunds_requested = refunds_requested + ? WHERE payment_id = ?',
      ),
      // COALESCE keeps what an earlier result learned when a later one does not say (a decline without an intent).
      processorResult: db.prepare(
        `UPDATE offline_payments SET state = @state, payment_intent_id = COALESCE(@paymentIntentId, payment_intent_id),
           decline_code = COALESCE(@declineCode, decline_code), problem = COALESCE(@problem, problem),
           settled_at = COALESCE(@settledAt, settled_at), updated_cursor = @cursor
         WHERE payment_id = @paymentId`,
      ),
      refunded: db.prepare(
        `UPDATE offline_payments SET refunded = refunded + @amount, payment_intent_id = @paymentIntentId,
           state = CASE WHEN refunded + @amount >= amount THEN 'refunded' ELSE state END, updated_cursor = @cursor
         WHERE payment_id = @paymentId`,
      ),
    };
    statementsByDb.set(db, prepared);
  }
  return prepared;
}

/**
 * The current payment policy, offline card payments with their state, and approvals. Device payments come from
 * their decided outcome; hub-made events (policy, approvals) are decided when made, so their payload is the fact.
 * JSON columns are canonical so a rebuild writes the same bytes as the live append did.
 */
export const paymentsProjector: Projector = {
  name: 'payments',
  tables: ['payment_policy', 'offline_payments', 'approvals'],
  apply(db: Database, record: LedgerRecord) {
    if (record.status === 'refused') return;
    const s = statements(db);
    const { event, cursor, outcome } = record;
    const payment = outcome?.offlinePayment as OfflinePaymentOutcome | undefined;
    if (payment) {
      s.payment.run({
        ...payment,
        approvalId: payment.approvalId ?? null,
        deviceId: event.deviceId ?? null,
        takenAt: (event.payload as unknown as OfflineCardPaymentPayload).takenAt,
        cursor,
      });
    }
    const change = outcome?.paymentState as PaymentStateOutcome | undefined;
    if (change) s.paymentState.run(change.state, cursor, change.paymentId);
    if (record.status !== 'accepted') return;
    for (const effect of (outcome?.upstream ?? []) as RequestedRefund[]) {
      if (effect.kind === 'card.refund') s.refundRequested.run(effect.amount.amount, effect.paymentId);
    }
    applyProcessorResult(s, record);

    if (event.type === 'policy.update') {
      const policy = event.payload as unknown as OfflineCardPolicy;
      s.policy.run({ policy: canonicalJson(policy), cursor, actor: event.actor ?? '' });
    } else if (event.type === 'approval.request') {
      const request = event.payload as unknown as ApprovalRequestPayload;
      s.approvalRequested.run({
        approvalId: request.approvalId,
        paymentId: request.paymentId,
        saleId: request.saleId,
        deviceId: request.deviceId,
        locationId: request.locationId,
        amount: request.amount.amount,
        currency: request.amount.currency,
        method: request.method,
        reason: request.reason,
        context: canonicalJson({ figures: request.figures, policy: request.policy }),
        cursor,
        at: event.occurredAt,
      });
    } else if (event.type === 'approval.decide') {
      const decision = event.payload as unknown as ApprovalDecidePayload;
      s.approvalDecided.run({
        approvalId: decision.approvalId,
        decision: decision.decision,
        decidedBy: decision.decidedBy,
        cursor,
        at: event.occurredAt,
      });
    } else if (event.type === 'approval.expire') {
      const { approvalId, reason, tillCursor } = event.payload as unknown as ApprovalExpirePayload;
      s.approvalExpired.run({
        approvalId,
        cursor,
        at: event.occurredAt,
        expiry: canonicalJson({ reason, tillCursor }),
      });
    }
  },
};

const NO_DETAIL = { paymentIntentId: null, declineCode: null, problem: null, settledAt: null };

/** The hub-made `payment.captured|declined|cancelled|refunded|expired`: their payload is what the processor said. */
function applyProcessorResult(s: Statements, { event, cursor }: LedgerRecord): void {
  const at = event.occurredAt;
  switch (event.type) {
    case 'payment.captured': {
      const { paymentId, paymentIntentId } = event.payload as unknown as PaymentCapturedPayload;
      s.processorResult.run({ ...NO_DETAIL, paymentId, state: 'captured', paymentIntentId, cursor });
      return;
    }
    case 'payment.declined': {
      const { paymentId, paymentIntentId, declineCode, message } = event.payload as unknown as PaymentDeclinedPayload;
      s.processorResult.run({
        paymentId,
        state: 'declined',
        paymentIntentId,
        declineCode,
        problem: message,
        settledAt: at,
        cursor,
      });
      return;
    }
    case 'payment.cancelled': {
      const { paymentId, paymentIntentId } = event.payload as unknown as PaymentCancelledPayload;
      s.processorResult.run({ ...NO_DETAIL, paymentId, state: 'cancelled', paymentIntentId, cursor });
      return;
    }
    case 'payment.expired': {
      const { paymentId, paymentIntentId, message } = event.payload as unknown as PaymentExpiredPayload;
      s.processorResult.run({
        ...NO_DETAIL,
        paymentId,
        state: 'expired',
        paymentIntentId,
        problem: message,
        settledAt: at,
        cursor,
      });
      return;
    }
    case 'payment.refunded': {
      const { paymentId, paymentIntentId, amount } = event.payload as unknown as PaymentRefundedPayload;
      s.refunded.run({ paymentId, paymentIntentId, amount: amount.amount, cursor });
      return;
    }
  }
}

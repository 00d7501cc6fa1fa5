import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson } from '../../../../shared/canonical-json.js';
import type {
  ApprovalDecidePayload,
  ApprovalRequestPayload,
  OfflineCardPolicy,
} from '../../../../shared/protocol/payment-payloads.js';
import type { LedgerRecord } from '../event-log.js';
import type { Projector } from './projector.js';

export type OfflinePaymentState = 'authorized' | 'held' | 'forwarded';

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
  state: Exclude<OfflinePaymentState, 'forwarded'>;
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
           state, approval_id, cursor, updated_cursor)
         VALUES (@paymentId, @saleId, @deviceId, @locationId, @businessDate, @amount, @currency, @state, @approvalId,
           @cursor, @cursor)`,
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
      s.payment.run({ ...payment, approvalId: payment.approvalId ?? null, deviceId: event.deviceId ?? null, cursor });
    }
    const change = outcome?.paymentState as PaymentStateOutcome | undefined;
    if (change) s.paymentState.run(change.state, cursor, change.paymentId);
    if (record.status !== 'accepted') return;

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
    }
  },
};

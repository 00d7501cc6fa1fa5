import type { Statement } from 'better-sqlite3';
import { uuidv7 } from '../uuid-v7.js';
import { canonicalJson } from '../../../shared/canonical-json.js';
import { decideOfflinePayment, type OfflinePaymentVerdict } from '../../../shared/payments/offline-card-policy.js';
import type {
  ApprovalRequestPayload,
  AuthorizationDecision,
  OfflineAuthorizationReply,
  OfflineAuthorizationRequest,
  OfflineCardFigures,
  OfflineCardPolicy,
} from '../../../shared/protocol/payment-payloads.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { hubEvent } from '../inventory/hub-events.js';
import { locationState } from '../inventory/projection-reads.js';
import type { Ledger } from '../ledger/ledger.js';
import { businessDate } from '../../../shared/store-calendar.js';
import { storeTimeZone } from '../sales/store-time-zone.js';
import { PaymentError } from './payment-errors.js';
import { currentPolicy, findApproval, findOfflinePayment, recordedFigures } from './payment-reads.js';

/**
 * How long an answer that let a till go ahead holds its amount against the limits while the payment itself is not
 * yet recorded. Without it two tills asking at once could both be given the same headroom.
 */
export const RESERVATION_MS = 30 * 60 * 1000;

interface AnswerRow {
  device_id: string;
  request: string;
  decision: AuthorizationDecision;
  reason: string | null;
  approval_id: string | null;
}

function reply(decision: AuthorizationDecision, reason?: string | null, approvalId?: string | null) {
  const answer: OfflineAuthorizationReply = { decision };
  if (reason) answer.reason = reason;
  if (approvalId) answer.approvalId = approvalId;
  return answer;
}

/**
 * `POST /v1/payments/offline-authorizations`: the hub applies the policy to its figures now. An amount that needs a
 * manager becomes an `approval.request` in the ledger. Every answer is audited and kept, so asking again with the
 * same paymentId gets the same answer (for a pending one, the manager's decision once made).
 */
export class OfflineAuthorizations {
  private readonly answered: Statement<[string], AnswerRow>;
  private readonly keepAnswer: Statement;
  private readonly reserved: Statement<[Record<string, string>], { daily: number; exposure: number }>;

  constructor(
    private readonly ledger: Ledger,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {
    const db = ledger.db;
    this.answered = db.prepare(
      'SELECT device_id, request, decision, reason, approval_id FROM offline_authorizations WHERE payment_id = ?',
    );
    this.keepAnswer = db.prepare(
      `INSERT INTO offline_authorizations (payment_id, device_id, request, method, location_id, business_date, amount,
         currency, decision, reason, approval_id, answered_at)
       VALUES (@paymentId, @deviceId, @request, @method, @locationId, @businessDate, @amount, @currency, @decision,
         @reason, @approvalId, @answeredAt)`,
    );
    // Card answers that let a till go ahead (or may still, once a manager approves) and whose payment has not
    // arrived yet; a declined approval releases its amount at once.
    this.reserved = db.prepare(
      `SELECT
         COALESCE(SUM(CASE WHEN a.location_id = @locationId AND a.business_date = @businessDate
           THEN a.amount END), 0) AS daily,
         COALESCE(SUM(a.amount), 0) AS exposure
       FROM offline_authorizations a LEFT JOIN approvals p ON p.approval_id = a.approval_id
       WHERE a.method = 'card' AND a.currency = @currency AND a.answered_at > @since
         AND (a.decision = 'approved' OR (a.decision = 'pending_manager' AND p.status IN ('pending', 'approved')))
         AND NOT EXISTS (SELECT 1 FROM offline_payments o WHERE o.payment_id = a.payment_id)`,
    );
  }

  authorize(deviceId: string, request: OfflineAuthorizationRequest): OfflineAuthorizationReply {
    return this.ledger.transaction(() => {
      const earlier = this.answered.get(request.paymentId);
      return earlier ? this.repeat(earlier, deviceId, request) : this.decide(deviceId, request);
    });
  }

  private decide(deviceId: string, request: OfflineAuthorizationRequest): OfflineAuthorizationReply {
    const db = this.ledger.db;
    if (findOfflinePayment(db, request.paymentId)) {
      throw new PaymentError('PAYMENT_ALREADY_RECORDED', `payment ${request.paymentId} is already recorded`);
    }
    if (locationState(db, request.locationId) === 'unknown') {
      throw new PaymentError('UNKNOWN_LOCATION', `no location ${request.locationId}`);
    }
    const answeredAt = this.now();
    const policy = currentPolicy(db);
    const day = businessDate(answeredAt.toISOString(), storeTimeZone(db));
    const figures = this.figuresNow(policy.currency, request.locationId, day, answeredAt);
    const verdict = decideOfflinePayment(policy, request, figures);
    const approvalId =
      verdict.decision === 'pending_manager'
        ? this.askManager(deviceId, request, verdict, figures, policy, answeredAt)
        : null;
    this.keepAnswer.run({
      paymentId: request.paymentId,
      deviceId,
      request: canonicalJson(request),
      method: request.method,
      locationId: request.locationId,
      businessDate: day,
      amount: request.amount.amount,
      currency: request.amount.currency,
      decision: verdict.decision,
      reason: verdict.reason ?? null,
      approvalId,
      answeredAt: answeredAt.toISOString(),
    });
    this.audit.record({
      actor: `device:${deviceId}`,
      action: 'payments.offline_authorization',
      detail: { ...request, ...verdict, approvalId, figures },
    });
    return reply(verdict.decision, verdict.reason, approvalId);
  }

  /** Recorded payments plus the answers still waiting for theirs. */
  private figuresNow(currency: string, locationId: string, day: string, at: Date): OfflineCardFigures {
    const recorded = recordedFigures(this.ledger.db, currency, locationId, day);
    const since = new Date(at.getTime() - RESERVATION_MS).toISOString();
    const reserved = this.reserved.get({ currency, locationId, businessDate: day, since })!;
    return {
      dailyTotalAtLocation: recorded.dailyTotalAtLocation + reserved.daily,
      outstandingExposure: recorded.outstandingExposure + reserved.exposure,
    };
  }

  private askManager(
    deviceId: string,
    request: OfflineAuthorizationRequest,
    verdict: OfflinePaymentVerdict,
    figures: OfflineCardFigures,
    policy: OfflineCardPolicy,
    answeredAt: Date,
  ): string {
    const payload: ApprovalRequestPayload = {
      approvalId: uuidv7(),
      ...request,
      deviceId,
      reason: verdict.reason!,
      figures,
      policy,
    };
    // Stamped with the answer's time: the reservation and the approval's expiry both count from it.
    const event = {
      ...hubEvent('approval.request', payload, `device:${deviceId}`),
      occurredAt: answeredAt.toISOString(),
    };
    this.ledger.append([{ status: 'accepted', event }]);
    return payload.approvalId;
  }

  private repeat(earlier: AnswerRow, deviceId: string, request: OfflineAuthorizationRequest) {
    if (earlier.device_id !== deviceId || earlier.request !== canonicalJson(request)) {
      throw new PaymentError(
        'IDEMPOTENCY_MISMATCH',
        `payment ${request.paymentId} was already asked about with different content or by another device`,
      );
    }
    if (earlier.decision !== 'pending_manager') return reply(earlier.decision, earlier.reason);
    // A till that missed the live notice learns the manager's decision by asking again.
    const approval = findApproval(this.ledger.db, earlier.approval_id!)!;
    if (approval.status === 'approved') return reply('approved', null, approval.approval_id);
    if (approval.status === 'declined') return reply('declined', 'MANAGER_DECLINED', approval.approval_id);
    // Nobody decided in time (approval-expiry.ts): no approval, so no card on the hub's word.
    if (approval.status === 'expired') return reply('declined', 'APPROVAL_EXPIRED', approval.approval_id);
    return reply('pending_manager', earlier.reason, approval.approval_id);
  }
}

import type {
  ApprovalDecidePayload,
  ApprovalOutcome,
  ApprovalStreamMessage,
} from '../../../shared/protocol/payment-payloads.js';
import type { ApprovalView } from '../../../shared/protocol/admin-views.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { hubEvent } from '../inventory/hub-events.js';
import type { Ledger } from '../ledger/ledger.js';
import { confirmPin } from '../security/pin-reentry.js';
import type { User, UserStore } from '../security/user-store.js';
import { approvalView } from './approval-views.js';
import { PaymentError } from './payment-errors.js';
import { findApproval, type ApprovalRow } from './payment-reads.js';

/** An approval decision for the device stream to pass on (without `deviceId`) to the one device that asked. */
export type ApprovalNotice = ApprovalStreamMessage & { deviceId: string };

export type ApprovalChoice = 'approve' | 'decline';

const OUTCOME: Record<ApprovalChoice, ApprovalOutcome> = { approve: 'approved', decline: 'declined' };

/**
 * A manager decides a pending approval. The PIN is entered again for each decision, so an unattended logged-in
 * screen cannot approve payments; the decision is a hub-made `approval.decide` naming who, audited in the same
 * transaction, and pushed to the device that asked once it is committed.
 */
export class ApprovalDesk {
  constructor(
    private readonly ledger: Ledger,
    private readonly audit: AuditTrail,
    private readonly users: UserStore,
    private readonly notify: (notice: ApprovalNotice) => void,
  ) {}

  async decide(approvalId: string, choice: ApprovalChoice, manager: User, pin: string): Promise<ApprovalView> {
    this.pendingApproval(approvalId);
    await confirmPin(this.users, this.audit, manager, pin, {
      action: 'approvals.pin_rejected',
      detail: { approvalId },
    });
    // Checked again: another manager may have decided while this PIN was being verified.
    const { payload, deviceId } = this.ledger.transaction(() => {
      const approval = this.pendingApproval(approvalId);
      const payload: ApprovalDecidePayload = {
        approvalId,
        paymentId: approval.payment_id,
        decision: OUTCOME[choice],
        decidedBy: manager.name,
        userId: manager.id,
      };
      this.ledger.append([{ status: 'accepted', event: hubEvent('approval.decide', payload, manager.name) }], ([r]) => {
        this.audit.record({
          actor: manager.name,
          action: 'approvals.decide',
          detail: { ...payload, cursor: r!.cursor },
        });
      });
      return { payload, deviceId: approval.device_id };
    });
    const { paymentId, decision, decidedBy } = payload;
    this.notify({ type: 'approval', deviceId, approvalId, paymentId, decision, decidedBy });
    return approvalView(findApproval(this.ledger.db, approvalId)!);
  }

  private pendingApproval(approvalId: string): ApprovalRow {
    const approval = findApproval(this.ledger.db, approvalId);
    if (!approval) throw new PaymentError('APPROVAL_NOT_FOUND', `no approval ${approvalId}`);
    if (approval.status === 'expired') {
      throw new PaymentError(
        'APPROVAL_ALREADY_DECIDED',
        `approval ${approvalId} has expired: the till stopped waiting for a decision`,
      );
    }
    if (approval.status !== 'pending') {
      throw new PaymentError('APPROVAL_ALREADY_DECIDED', `approval ${approvalId} is already ${approval.status}`);
    }
    return approval;
  }
}

import type { Database } from 'better-sqlite3';
import type { ApprovalStatus, ApprovalView } from '../../../shared/protocol/admin-views.js';
import type { OfflineCardFigures, OfflineCardPolicy } from '../../../shared/protocol/payment-payloads.js';
import { RESERVATION_MS } from './offline-authorizations.js';
import type { ApprovalRow } from './payment-reads.js';

/** `decided` is every approval no longer waiting (approved, declined, expired): the manager's history. */
export type ApprovalFilter = 'pending' | 'decided';

const STATUSES: Record<ApprovalFilter, readonly ApprovalStatus[]> = {
  pending: ['pending'],
  decided: ['approved', 'declined', 'expired'],
};

export function approvalView(row: ApprovalRow): ApprovalView {
  const { figures, policy } = JSON.parse(row.context) as { figures: OfflineCardFigures; policy: OfflineCardPolicy };
  return {
    approvalId: row.approval_id,
    paymentId: row.payment_id,
    saleId: row.sale_id,
    deviceId: row.device_id,
    locationId: row.location_id,
    amount: { amount: row.amount, currency: row.currency },
    method: row.method,
    reason: row.reason,
    status: row.status,
    figures,
    policy,
    requestedAt: row.requested_at,
    requestedCursor: row.requested_cursor,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decidedCursor: row.decided_cursor,
    // The till's answer holds its amount this long; undecided by then, the approval expires (approval-expiry.ts).
    expiresAt: new Date(Date.parse(row.requested_at) + RESERVATION_MS).toISOString(),
    expiry: row.expiry ? (JSON.parse(row.expiry) as ApprovalView['expiry']) : null,
  };
}

/** Newest first, at most `limit`; all statuses when no filter is given. */
export function listApprovals(db: Database, limit: number, filter?: ApprovalFilter): ApprovalView[] {
  const statuses = filter ? STATUSES[filter] : [...STATUSES.pending, ...STATUSES.decided];
  return db
    .prepare<unknown[], ApprovalRow>(
      `SELECT * FROM approvals WHERE status IN (${statuses.map(() => '?').join(', ')})
       ORDER BY requested_cursor DESC LIMIT ?`,
    )
    .all(...statuses, limit)
    .map(approvalView);
}

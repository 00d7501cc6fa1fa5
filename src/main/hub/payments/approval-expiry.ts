import type { Statement } from 'better-sqlite3';
import type { ApprovalExpirePayload, ApprovalExpiryReason } from '../../../shared/protocol/payment-payloads.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { hubEvent } from '../inventory/hub-events.js';
import type { Ledger } from '../ledger/ledger.js';
import { RESERVATION_MS } from './offline-authorizations.js';

/** Pending approvals are looked at this often for one the till stopped waiting for without recording anything. */
const CHECK_EVERY_MS = 30_000;
/** Commits come in bursts; one look after the burst is enough. */
const AFTER_COMMIT_MS = 200;

interface PendingRow {
  approval_id: string;
  payment_id: string;
  requested_at: string;
  /** The till recorded the card payment (with or without the approval): the record's cursor. */
  payment_cursor: number | null;
  /** The till recorded the sale, after asking, and no tender of it is this payment: paid another way. */
  sale_cursor: number | null;
}

/**
 * Approvals the till stopped waiting for (issue 12). A till cannot wait for a manager for ever: with a customer at
 * the counter it takes cash instead, or takes the card anyway, and records what it did. Once the ledger holds that
 * outcome, or once the hub stops holding the amount for the till (`RESERVATION_MS` after asking, when approving would
 * rest on limits no longer reserved), nobody may decide the approval any more: the hub records `approval.expire` with
 * the reason and the till's record, audited, and it leaves the pending list for the history. Nothing is overridden:
 * a card taken anyway is a payment held as a conflict for the manager, whatever happens to the approval.
 */
export class ApprovalExpiry {
  private readonly pending: Statement<[], PendingRow>;
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly ledger: Ledger,
    private readonly audit: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.pending = ledger.db.prepare(
      `SELECT a.approval_id, a.payment_id, a.requested_at,
         (SELECT o.cursor FROM offline_payments o WHERE o.payment_id = a.payment_id) AS payment_cursor,
         (SELECT s.cursor FROM sales s WHERE s.sale_id = a.sale_id AND s.cursor > a.requested_cursor
            AND NOT EXISTS (SELECT 1 FROM sale_tenders t WHERE t.sale_id = s.sale_id AND t.payment_id = a.payment_id)
         ) AS sale_cursor
       FROM approvals a WHERE a.status = 'pending' ORDER BY a.requested_cursor`,
    );
  }

  /** Looks after every burst of commits (a till's outcome arriving) and every half minute (time running out). */
  start(): void {
    this.unsubscribe = this.ledger.onCommit(() => {
      this.soon ??= setTimeout(() => {
        this.soon = undefined;
        this.sweep();
      }, AFTER_COMMIT_MS);
    });
    this.timer = setInterval(() => this.sweep(), CHECK_EVERY_MS);
    this.timer.unref();
    this.sweep();
  }

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.timer);
    clearTimeout(this.soon);
    this.timer = this.soon = this.unsubscribe = undefined;
  }

  /** Expires what is due now, in one transaction; returns how many. */
  sweep(): number {
    const at = this.now();
    return this.ledger.transaction(() => {
      const due = this.pending.all().flatMap((row) => {
        const payload = expiryOf(row, at);
        return payload ? [payload] : [];
      });
      if (due.length === 0) return 0;
      const entries = due.map((payload) => ({
        status: 'accepted' as const,
        event: { ...hubEvent('approval.expire', payload, 'hub'), occurredAt: at.toISOString() },
      }));
      this.ledger.append(entries, (records) => {
        records.forEach((record, index) =>
          this.audit.record({
            actor: 'hub',
            action: 'approvals.expire',
            detail: { ...due[index], cursor: record.cursor },
          }),
        );
      });
      return due.length;
    });
  }
}

function expiryOf(row: PendingRow, at: Date): ApprovalExpirePayload | undefined {
  const expire = (reason: ApprovalExpiryReason, tillCursor: number | null): ApprovalExpirePayload => ({
    approvalId: row.approval_id,
    paymentId: row.payment_id,
    reason,
    tillCursor,
  });
  if (row.payment_cursor !== null) return expire('card_taken', row.payment_cursor);
  if (row.sale_cursor !== null) return expire('paid_otherwise', row.sale_cursor);
  if (at.getTime() - Date.parse(row.requested_at) >= RESERVATION_MS) return expire('wait_over', null);
  return undefined;
}

import type { ApprovalStatus } from '../../../shared/protocol/admin-views.js';
import type { Database, Statement } from 'better-sqlite3';
import { defaultOfflineCardPolicy } from '../../../shared/payments/offline-card-policy.js';
import type { OfflineCardFigures, OfflineCardPolicy } from '../../../shared/protocol/payment-payloads.js';
import type { OfflinePaymentState } from '../ledger/projections/payments-projector.js';

/**
 * Reads of the payments projection. Deciders call them with every earlier record applied, so they are the state at
 * the deciding event's ledger position.
 */

export interface RecordedPayment {
  paymentId: string;
  state: OfflinePaymentState;
  currency: string;
}

export interface ApprovalRow {
  approval_id: string;
  payment_id: string;
  sale_id: string;
  device_id: string;
  location_id: string;
  amount: number;
  currency: string;
  method: string;
  reason: string;
  context: string;
  status: ApprovalStatus;
  requested_cursor: number;
  requested_at: string;
  decided_by: string | null;
  decided_cursor: number | null;
  decided_at: string | null;
  /** Canonical JSON {reason, tillCursor} once expired. */
  expiry: string | null;
}

interface Queries {
  policy: Statement<[], { policy: string }>;
  payment: Statement<[string], RecordedPayment>;
  dailyTotal: Statement<[string, string, string], { total: number }>;
  exposure: Statement<[string], { total: number }>;
  approval: Statement<[string], ApprovalRow>;
}

// Deciders run once per ingested event; preparing the same SQL every time would dominate a batch push.
const queriesByDb = new WeakMap<Database, Queries>();

function queries(db: Database): Queries {
  let prepared = queriesByDb.get(db);
  if (!prepared) {
    prepared = {
      policy: db.prepare('SELECT policy FROM payment_policy WHERE id = 1'),
      payment: db.prepare('SELECT payment_id AS paymentId, state, currency FROM offline_payments WHERE payment_id = ?'),
      // A payment the processor has since taken, refused or released was still taken offline that day; a held one
      // counts nowhere yet.
      dailyTotal: db.prepare(
        `SELECT COALESCE(SUM(amount), 0) AS total FROM offline_payments
         WHERE location_id = ? AND business_date = ? AND currency = ? AND state <> 'held'`,
      ),
      exposure: db.prepare(
        `SELECT COALESCE(SUM(amount), 0) AS total FROM offline_payments WHERE currency = ? AND state = 'authorized'`,
      ),
      approval: db.prepare('SELECT * FROM approvals WHERE approval_id = ?'),
    };
    queriesByDb.set(db, prepared);
  }
  return prepared;
}

/** The policy the manager last set, or the defaults if they never did. */
export function currentPolicy(db: Database): OfflineCardPolicy {
  const row = queries(db).policy.get();
  return row ? (JSON.parse(row.policy) as OfflineCardPolicy) : defaultOfflineCardPolicy();
}

export function findOfflinePayment(db: Database, paymentId: string): RecordedPayment | undefined {
  return queries(db).payment.get(paymentId);
}

/** Offline card money not yet forwarded upstream, store-wide, in minor units of `currency`. */
export function outstandingExposure(db: Database, currency: string): number {
  return queries(db).exposure.get(currency)!.total;
}

/** The figures the policy compares a payment at `locationId` on `businessDate` against, from recorded payments. */
export function recordedFigures(
  db: Database,
  currency: string,
  locationId: string,
  businessDate: string,
): OfflineCardFigures {
  return {
    dailyTotalAtLocation: queries(db).dailyTotal.get(locationId, businessDate, currency)!.total,
    outstandingExposure: outstandingExposure(db, currency),
  };
}

export function findApproval(db: Database, approvalId: string): ApprovalRow | undefined {
  return queries(db).approval.get(approvalId);
}

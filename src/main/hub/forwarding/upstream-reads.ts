import type { Database } from 'better-sqlite3';
import type {
  AtRiskPaymentView,
  HoldState,
  HoldView,
  UpstreamJobView,
} from '../../../shared/protocol/upstream-views.js';
import type { Money } from '../../../shared/protocol/money.js';
import type { UpstreamJob } from '../upstream/outbox/upstream-job.js';
import { STRIPE_CONNECTOR, captureDeadline } from '../upstream/stripe/stripe-jobs.js';

/** The Upstream screen's reads: jobs as the screen shows them, Stripe holds and payments at risk. */

export function jobView(job: UpstreamJob): UpstreamJobView {
  const payload = (typeof job.payload === 'object' && job.payload !== null ? job.payload : {}) as {
    saleId?: string;
    paymentId?: string;
    amount?: Money;
    fileName?: string;
  };
  return {
    id: job.id,
    seq: job.seq,
    connector: job.connector,
    kind: job.kind,
    state: job.state,
    attempts: job.attempts,
    priority: job.priority,
    deadline: job.deadline,
    notBefore: job.notBefore,
    lastError: job.lastError,
    idempotencyKey: job.idempotencyKey,
    sourceEventId: job.source?.eventId ?? null,
    saleId: payload.saleId ?? null,
    paymentId: payload.paymentId ?? null,
    fileName: payload.fileName ?? null,
    amount: payload.amount ?? null,
    result: job.result,
    cancelledBy: job.cancelledBy,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}

export function doneSince(db: Database, connector: string, since: Date): number {
  return db
    .prepare<[string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM upstream_jobs WHERE connector = ? AND state = 'done' AND updated_at >= ?`,
    )
    .get(connector, since.toISOString())!.n;
}

interface HoldRow {
  payment_id: string;
  sale_id: string;
  location_id: string;
  device_id: string | null;
  amount: number;
  currency: string;
  taken_at: string;
  state: string;
  payment_intent_id: string | null;
  job_id: string | null;
  job_state: string | null;
  job_attempts: number | null;
  job_deadline: string | null;
}

const SETTLED: Readonly<Record<string, HoldState>> = {
  captured: 'captured',
  refunded: 'captured',
  cancelled: 'cancelled',
  declined: 'declined',
  expired: 'expired',
};

/**
 * Where a hold stands. Until the processor answers, a capture being tried (or about to be, for the first time) is
 * `capturing`; one that has been tried and is waiting again is most often waiting for the reader to forward the
 * payment, which is what the connector backs off for.
 */
function holdState(row: HoldRow): HoldState {
  const settled = SETTLED[row.state];
  if (settled) return settled;
  // A manager cancelled the capture: nothing will capture this hold, so no countdown for it either.
  if (row.job_state === 'cancelled') return 'cancelled';
  if (row.job_state === 'in_flight' || (row.job_state === 'queued' && row.job_attempts === 0)) return 'capturing';
  return 'waiting_for_reader';
}

/**
 * Offline card payments a capture is or was owed for (held ones wait for a manager first): every hold still open,
 * nearest deadline first, then the most recently settled ones. The state filter applies before the limit, so a
 * store with a long history still sees what is counting down.
 */
export function listHolds(db: Database, state?: HoldState, limit = 500): HoldView[] {
  const select = `SELECT p.payment_id, p.sale_id, p.location_id, p.device_id, p.amount, p.currency, p.taken_at,
       p.state, p.payment_intent_id, j.id AS job_id, j.state AS job_state, j.attempts AS job_attempts,
       j.deadline AS job_deadline
     FROM offline_payments p
     LEFT JOIN upstream_jobs j ON j.seq = (
       SELECT MAX(seq) FROM upstream_jobs WHERE connector = @connector AND kind = 'capture'
         AND json_extract(payload, '$.paymentId') = p.payment_id)`;
  const settled = Object.keys(SETTLED)
    .map((name) => `'${name}'`)
    .join(', ');
  const open = db
    .prepare<{ connector: string }, HoldRow>(`${select} WHERE p.state NOT IN ('held', ${settled}) ORDER BY p.taken_at`)
    .all({ connector: STRIPE_CONNECTOR });
  const closed = db
    .prepare<{ connector: string; limit: number }, HoldRow>(
      `${select} WHERE p.state IN (${settled}) ORDER BY p.taken_at DESC LIMIT @limit`,
    )
    .all({ connector: STRIPE_CONNECTOR, limit });
  return [...open, ...closed]
    .map((row): HoldView => ({
      paymentId: row.payment_id,
      saleId: row.sale_id,
      locationId: row.location_id,
      deviceId: row.device_id,
      amount: { amount: row.amount, currency: row.currency },
      takenAt: row.taken_at,
      captureDeadline: row.job_deadline ?? captureDeadline(row.taken_at).toISOString(),
      state: holdState(row),
      paymentIntentId: row.payment_intent_id,
      jobId: row.job_id,
    }))
    .filter((hold) => state === undefined || hold.state === state)
    .slice(0, limit);
}

interface AtRiskRow {
  payment_id: string;
  sale_id: string;
  location_id: string;
  device_id: string | null;
  cashier_id: string | null;
  amount: number;
  currency: string;
  taken_at: string;
  settled_at: string;
  decline_code: string | null;
  problem: string | null;
}

/** Payments the store took and lost: declined by the issuer after forwarding, or whose hold lapsed. Newest first. */
export function listAtRisk(db: Database): AtRiskPaymentView[] {
  return db
    .prepare<[], AtRiskRow>(
      `SELECT p.payment_id, p.sale_id, p.location_id, p.device_id, s.cashier_id, p.amount, p.currency, p.taken_at,
         p.settled_at, p.decline_code, p.problem
       FROM offline_payments p LEFT JOIN sales s ON s.sale_id = p.sale_id
       WHERE p.state IN ('declined', 'expired') ORDER BY p.settled_at DESC`,
    )
    .all()
    .map((row) => ({
      paymentId: row.payment_id,
      saleId: row.sale_id,
      locationId: row.location_id,
      deviceId: row.device_id,
      cashier: row.cashier_id,
      amount: { amount: row.amount, currency: row.currency },
      takenAt: row.taken_at,
      declinedAt: row.settled_at,
      declineCode: row.decline_code,
      message: row.problem ?? '',
    }));
}

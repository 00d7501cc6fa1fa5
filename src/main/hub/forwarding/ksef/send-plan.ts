import { instantAt, localDateTime } from '../../../../shared/store-calendar.js';

export interface PlannedInvoice {
  id: string;
  /** Issued offline (offline24, offline, awaryjny): KSeF must be told so. */
  offline: boolean;
  /** A technical correction goes by interactive session only (research §9). */
  correction: boolean;
  /** When the invoice must be in KSeF by; null when no deadline applies. */
  dueAt: string | null;
}

export interface SendPolicy {
  /** From this many offline invoices on, a batch session is used (interactive sending is capped at 180/h: §10). */
  batchThreshold: number;
  /** A batch of at least this many waits for the night window (20:00–06:00) when every deadline allows. */
  nightBatchMin: number;
}

export interface SendPlan {
  interactive: string[];
  batch: string[];
  /** The batch waits until then (the night window opens); null: send now. */
  batchAt: Date | null;
}

const NIGHT_STARTS = '20:00';
const NIGHT_ENDS = '06:00';
/** A deferred batch must still have this long after the night window opens before its first deadline. */
const NIGHT_MARGIN_MS = 12 * 3_600_000;

/**
 * How the due invoices go (research §5, §10, §14): online invoices and technical corrections one by one in an
 * interactive session; offline invoices too while they are few, and as one batch session with `offlineMode` once they
 * are many. A big backlog found in the day waits for the night window when even its nearest deadline ends well after
 * the window opens, so a store's recovery does not compete with its daytime traffic.
 */
export function planSends(invoices: readonly PlannedInvoice[], policy: SendPolicy, now: Date, timeZone: string) {
  const batchable = invoices.filter((invoice) => invoice.offline && !invoice.correction);
  const useBatch = batchable.length >= policy.batchThreshold;
  const batchIds = new Set(useBatch ? batchable.map((invoice) => invoice.id) : []);
  const plan: SendPlan = {
    interactive: invoices.filter((invoice) => !batchIds.has(invoice.id)).map((invoice) => invoice.id),
    batch: [...batchIds],
    batchAt: null,
  };
  if (plan.batch.length >= policy.nightBatchMin) plan.batchAt = nightWindowFor(batchable, now, timeZone);
  return plan;
}

function nightWindowFor(batch: readonly PlannedInvoice[], now: Date, timeZone: string): Date | null {
  const { date, time } = localDateTime(now, timeZone);
  if (time >= NIGHT_STARTS || time < NIGHT_ENDS) return null;
  const opens = instantAt(date, NIGHT_STARTS, timeZone);
  const nearest = Math.min(...batch.map((invoice) => (invoice.dueAt ? Date.parse(invoice.dueAt) : Infinity)));
  return nearest - opens.getTime() >= NIGHT_MARGIN_MS ? opens : null;
}

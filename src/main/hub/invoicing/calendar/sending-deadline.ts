import { addDays } from '../../../../shared/store-calendar.js';
import { addBusinessDays, nextBusinessDayAfter } from './business-days.js';
import { assertCalendarDate } from './calendar-date.js';

/**
 * The legal date by which an invoice issued outside KSeF must reach it (research/ksef.md §7; VAT Act art. 106nda,
 * 106nf, 106nh). KSeF accepts a late invoice all the same, so this is compliance tracking, not a sending rule.
 *
 * How the ambiguous parts are read:
 * - Only dates are known, not the order of events within a day: an announced period that ends on P_1 may have ended
 *   before the invoice was issued. So P_1 counts only where the declared mode says the invoice was issued inside the
 *   period (`offline` in an unavailability, `awaryjny` in a failure); otherwise the invoice waits from the day after
 *   P_1 to its deadline, both inclusive. Leaving P_1 out can only give the earlier deadline.
 * - A failure moves the deadline when it is in effect on any day the invoice waits — also one that began before P_1
 *   and was still going after it, since an invoice cannot be sent while KSeF is down; the deadline day itself counts
 *   (the docs' example announces the failure on the deadline day, 2025-07-09). The deadline becomes 7 business days
 *   after the failure ends; a failure in effect on any day up to that new deadline moves it again, so a chain of
 *   failures restarts the count from the last one's end. A failure never brings a deadline forward: of overlapping
 *   failures the one ending last counts.
 * - `awaryjny` declares that the invoice was issued during a failure, so for it a failure in effect on P_1 counts
 *   too; with that, it follows the same rule as `offline24`.
 * - `offline` declares that the invoice was issued during an unavailability (planned maintenance): the deadline is the
 *   next business day after the unavailability in effect on P_1 ends. An unavailability does not move the deadline of
 *   an invoice already waiting; the docs give that effect to failures only.
 * - A declared `offline` or `awaryjny` invoice with no matching announcement in effect on P_1 could only lawfully
 *   have been issued as offline24, so it gets that (earliest) deadline rather than none.
 * - A total failure in effect on any day the invoice waits after P_1 removes the obligation. One announced after the
 *   deadline does not: the invoice is late by then, no longer waiting.
 */

/** The mode an invoice was declared in when it was issued; stored with the invoice. */
export type InvoicingMode = 'online' | 'offline24' | 'offline' | 'awaryjny' | 'total_failure';

/**
 * An announced period of KSeF trouble, from the caller's reading of Latarnia messages (MAINTENANCE → unavailability,
 * FAILURE → failure, TOTAL_FAILURE → total_failure). Dates are inclusive; `end: null` means it has not ended yet.
 */
export interface KsefAnnouncement {
  kind: 'unavailability' | 'failure' | 'total_failure';
  start: string;
  end: string | null;
}

export interface WaitingInvoice {
  mode: InvoicingMode;
  /** P_1, the only issue date KSeF recognises. */
  issueDate: string;
}

export type SendingDeadline =
  /** Send on or before `date`. */
  | { kind: 'due'; date: string }
  /** An obligation exists, but its date counts from the end of an announced period that has not ended yet. */
  | { kind: 'open'; reason: 'unavailability_ongoing' | 'failure_ongoing' }
  /** Nothing to track: an online invoice is sent as it is issued; a total failure lifts the duty to send. */
  | { kind: 'none'; reason: 'online' | 'total_failure' };

type Obligation = Extract<SendingDeadline, { kind: 'due' | 'open' }>;

/** Art. 106nf: after a failure ends, invoices may be sent within this many business days. */
const BUSINESS_DAYS_AFTER_FAILURE = 7;

/** The sending deadline of `invoice` given every announcement known so far, in any order. */
export function sendingDeadline(invoice: WaitingInvoice, announcements: readonly KsefAnnouncement[]): SendingDeadline {
  assertCalendarDate(invoice.issueDate);
  announcements.forEach(assertAnnouncement);
  if (invoice.mode === 'online') return { kind: 'none', reason: 'online' };
  if (invoice.mode === 'total_failure') return { kind: 'none', reason: 'total_failure' };

  const dayAfterIssue = addDays(invoice.issueDate, 1);
  const failuresCountFrom = invoice.mode === 'awaryjny' ? invoice.issueDate : dayAfterIssue;
  const first = firstDeadline(invoice, announcements);
  const deadline = first.kind === 'due' ? movedByFailures(first.date, failuresCountFrom, announcements) : first;

  const lastWaitingDay = deadline.kind === 'due' ? deadline.date : null;
  const totalFailure = announcements.some(
    (a) => a.kind === 'total_failure' && inEffectDuring(a, dayAfterIssue, lastWaitingDay),
  );
  return totalFailure ? { kind: 'none', reason: 'total_failure' } : deadline;
}

/** The deadline the declared mode gives before any failure moves it. */
function firstDeadline(invoice: WaitingInvoice, announcements: readonly KsefAnnouncement[]): Obligation {
  if (invoice.mode === 'offline') {
    const unavailability = announcements.filter(
      (a) => a.kind === 'unavailability' && inEffectDuring(a, invoice.issueDate, invoice.issueDate),
    );
    if (unavailability.length > 0) {
      const end = lastEnd(unavailability);
      if (end === null) return { kind: 'open', reason: 'unavailability_ongoing' };
      return { kind: 'due', date: nextBusinessDayAfter(end) };
    }
  }
  return { kind: 'due', date: nextBusinessDayAfter(invoice.issueDate) };
}

/** Follows failures in effect while the invoice waits, each moving the deadline on, until none reaches further. */
function movedByFailures(first: string, from: string, announcements: readonly KsefAnnouncement[]): Obligation {
  let due = first;
  for (;;) {
    const failures = announcements.filter((a) => a.kind === 'failure' && inEffectDuring(a, from, due));
    if (failures.length === 0) return { kind: 'due', date: due };
    const end = lastEnd(failures);
    if (end === null) return { kind: 'open', reason: 'failure_ongoing' };
    const moved = addBusinessDays(end, BUSINESS_DAYS_AFTER_FAILURE);
    if (moved <= due) return { kind: 'due', date: due };
    due = moved;
  }
}

/** Whether the announced period shares a day with `from`…`to` (inclusive; `to: null` = with no end). */
function inEffectDuring(announcement: KsefAnnouncement, from: string, to: string | null): boolean {
  return (to === null || announcement.start <= to) && (announcement.end === null || announcement.end >= from);
}

/** The latest end among `periods`, or null when one of them is still going. */
function lastEnd(periods: readonly KsefAnnouncement[]): string | null {
  let last = '';
  for (const { end } of periods) {
    if (end === null) return null;
    if (end > last) last = end;
  }
  return last;
}

function assertAnnouncement(announcement: KsefAnnouncement): void {
  assertCalendarDate(announcement.start);
  if (announcement.end === null) return;
  assertCalendarDate(announcement.end);
  if (announcement.end < announcement.start) {
    throw new RangeError(
      `a ${announcement.kind} cannot end (${announcement.end}) before it starts (${announcement.start})`,
    );
  }
}

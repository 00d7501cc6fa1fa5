/**
 * The Invoices screens' words (issue 9): the KSeF mode an invoice was issued in, its status, its legal sending
 * deadline and the announcements it came from. Pure, so the wording is tested once.
 */
import type {
  InvoiceDeadline,
  InvoiceDetail,
  InvoiceKsefView,
  InvoiceMode,
  InvoiceStatus,
} from '../../api/invoices.js';
import type { Status } from '../../components/sync-status.js';
import { formatCount } from '../../format.js';
import type { KsefAnnouncement } from '../../../shared/protocol/invoice-payloads.js';
import { businessDateText } from '../upstream/conexxus-copy.js';

/** A date of the store's calendar (issue date, deadline day) as the other screens show business dates. */
export { businessDateText as calendarDateText };

/** The modes of the VAT Act: online, offline24 (the seller's choice), and the three kinds of KSeF trouble. */
export const MODE_TEXT: Record<InvoiceMode, string> = {
  online: 'Online',
  offline24: 'Offline24',
  offline: 'KSeF unavailable',
  awaryjny: 'KSeF failure',
  total_failure: 'Total failure',
};

const MODE_TONE: Record<InvoiceMode, Status['tone']> = {
  online: 'ok',
  offline24: 'warn',
  offline: 'warn',
  awaryjny: 'warn',
  total_failure: 'bad',
};

export const modeStatus = (mode: InvoiceMode): Status => ({ label: MODE_TEXT[mode], tone: MODE_TONE[mode] });

/** What each mode means for the store, one sentence on the detail. */
export const MODE_MEANING: Record<InvoiceMode, string> = {
  online: 'Issued in KSeF: it is sent as it is issued, so there is no offline deadline.',
  offline24: 'Issued offline (offline24): it must reach KSeF by the end of the next business day.',
  offline:
    'Issued while KSeF was announced unavailable (tryb offline): it must reach KSeF by the next business day after the unavailability ends.',
  awaryjny:
    'Issued during an announced KSeF failure (tryb awaryjny): it must reach KSeF within 7 business days after the failure ends.',
  total_failure:
    'Issued during a total failure of KSeF (awaria całkowita): it is given to the buyer outside KSeF and need not be sent to KSeF.',
};

/** How sending to KSeF stands (issue 10), in the words of the Invoices screen's status column and filter. */
export const STATUS_TEXT: Record<InvoiceStatus, string> = {
  awaiting_send: 'Waiting to send',
  sent: 'Sent, waiting for KSeF',
  accepted: 'In KSeF',
  rejected: 'Rejected by KSeF',
  not_required: 'Not sent (total failure)',
};

const STATUS_TONE: Record<InvoiceStatus, Status['tone']> = {
  awaiting_send: 'warn',
  sent: 'warn',
  accepted: 'ok',
  rejected: 'bad',
  not_required: 'off',
};

export const invoiceStatus = (status: InvoiceStatus): Status => ({
  label: STATUS_TEXT[status],
  tone: STATUS_TONE[status],
});

/** Still owed to KSeF: its legal deadline keeps running (a rejected invoice is not in KSeF until it is corrected). */
export const owedToKsef = (status: InvoiceStatus) => status === 'awaiting_send' || status === 'rejected';

type KsefInvoicingMode = NonNullable<InvoiceKsefView['invoicingMode']>;

/** How KSeF classified the invoice once it numbered it (its `invoicingMode`). */
export const KSEF_MODE_TEXT: Record<KsefInvoicingMode, string> = {
  Online: 'Online: issued in KSeF',
  Offline: 'Offline: issued outside KSeF and sent afterwards',
};

/** The kind of KSeF session an invoice went in: a few at a time, or the backlog zipped. */
export function sessionKindText(kind: string): string {
  if (kind === 'online') return 'Interactive';
  if (kind === 'batch') return 'Batch';
  return kind.charAt(0).toUpperCase() + kind.slice(1).replace(/_/g, ' ');
}

/** The hub's refusals of a technical correction, said as what to do next. */
export const TECHNICAL_CORRECTION_ERROR_TEXT: Record<string, string> = {
  INVALID_NIP: 'The hub does not accept this NIP. Check it against the buyer’s documents.',
  NOT_REJECTED:
    'This invoice is no longer rejected by KSeF, so there is nothing to correct. The page shows it as it is now.',
  NOTHING_CHANGED:
    'Nothing was changed: the buyer is as on the rejected invoice, so KSeF would reject it again. Correct the NIP, name or address first.',
};

/** Within 2 h of the deadline an invoice is red, within a day amber; after it, missed. */
export const RED_MS = 2 * 3_600_000;
export const AMBER_MS = 24 * 3_600_000;

export type DeadlineBand = 'missed' | 'red' | 'amber' | 'calm';

/** How close `dueAt` is at `now`; "missed" from the instant the countdown reaches zero, as Countdown says it. */
export function deadlineBand(dueAt: string, now: number): DeadlineBand {
  const left = Date.parse(dueAt) - now;
  if (left <= 0) return 'missed';
  if (left <= RED_MS) return 'red';
  return left <= AMBER_MS ? 'amber' : 'calm';
}

/** The short word for a deadline without a date, as the list shows it. */
export function undatedDeadlineText(deadline: Exclude<InvoiceDeadline, { kind: 'due' }>): string {
  if (deadline.kind === 'open') return 'Waits for the outage to end';
  if (deadline.reason === 'accepted') return 'Done: in KSeF';
  if (deadline.reason === 'rejected') return 'Waits for a correction';
  return 'No deadline';
}

/** Why the deadline is what it is, in a sentence for the detail. */
export function deadlineMeaning(deadline: InvoiceDeadline): string {
  if (deadline.kind === 'due')
    return 'The end of that day, store time. KSeF takes an invoice after it too, but it is then late.';
  if (deadline.kind === 'open')
    return deadline.reason === 'failure_ongoing'
      ? 'KSeF’s announced failure has not ended yet: the deadline is 7 business days after it ends.'
      : deadline.reason === 'unavailability_ongoing'
        ? 'KSeF’s announced unavailability has not ended yet: the deadline is the next business day after it ends.'
        : `The deadline counts from the end of an outage that has not ended yet (${deadline.reason.replace(/_/g, ' ')}).`;
  if (deadline.reason === 'total_failure') return 'A total failure of KSeF lifted the duty to send this invoice.';
  if (deadline.reason === 'online') return 'Issued online: nothing to send later.';
  if (deadline.reason === 'accepted') return 'KSeF has numbered it: nothing left to send.';
  if (deadline.reason === 'rejected')
    return 'KSeF rejected it: it is not in KSeF until it is corrected and sent again.';
  return `No deadline (${deadline.reason.replace(/_/g, ' ')}).`;
}

const ANNOUNCEMENT_TEXT: Record<KsefAnnouncement['kind'], string> = {
  unavailability: 'KSeF unavailable (maintenance)',
  failure: 'KSeF failure (awaria)',
  total_failure: 'KSeF total failure (awaria całkowita)',
};

/** "KSeF failure (awaria): Fri, 20 Nov 2026 – Sun, 22 Nov 2026", or "… since …, not ended". */
export function announcementText(announcement: KsefAnnouncement): string {
  const start = businessDateText(announcement.start);
  const span =
    announcement.end === null
      ? `since ${start}, not ended`
      : announcement.end === announcement.start
        ? start
        : `${start} – ${businessDateText(announcement.end)}`;
  return `${ANNOUNCEMENT_TEXT[announcement.kind]}: ${span}`;
}

/** "23%"; the letter codes of the VAT Act stay as they are printed: zw (exempt), np (outside Polish VAT). */
export function vatRateText(rate: string): string {
  if (/^\d+(\.\d+)?$/.test(rate)) return `${rate}%`;
  if (rate === 'zw') return 'zw (exempt)';
  if (rate === 'np') return 'np (not taxed in Poland)';
  return rate;
}

/** The invoice's net and VAT totals: the per-rate figures summed, as the FA(3) file states them. */
export function invoiceTotals(invoice: Pick<InvoiceDetail, 'vat'>): { net: number; vat: number } {
  return invoice.vat.reduce((sum, rate) => ({ net: sum.net + rate.net, vat: sum.vat + rate.vat }), {
    net: 0,
    vat: 0,
  });
}

/** "2,345 bytes (2.3 kB)". */
export function sizeText(bytes: number): string {
  return bytes < 1024 ? `${formatCount(bytes)} bytes` : `${formatCount(bytes)} bytes (${(bytes / 1024).toFixed(1)} kB)`;
}

/** The hub's refusals of issuing an invoice, said as what to do next. */
export const ISSUE_ERROR_TEXT: Record<string, string> = {
  INVALID_NIP: 'The hub does not accept this NIP. Check it against the buyer’s documents.',
  UNKNOWN_SALE: 'The hub has no recorded sale with this id, so there is nothing to invoice.',
  SALE_VOIDED: 'This sale was voided: a voided sale cannot be invoiced.',
  SALE_ALREADY_INVOICED:
    'This sale already has an invoice: find it on the Invoices screen. A sale is invoiced only once.',
  INVOICING_NOT_SET_UP:
    'Invoicing is not set up yet: a manager enters the seller’s details in Settings → Invoicing first.',
};

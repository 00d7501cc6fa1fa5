/**
 * The Conexxus part of the Upstream screen in words (DESIGN §6): each business date's end of day, its revisions,
 * documents and acknowledgements, and what running the end of day did. Pure, so the wording is tested once.
 */
import type {
  AckMessageView,
  EndOfDayState,
  EndOfDayView,
  NaxmlDocumentView,
  RunEndOfDayReply,
} from '../../api/conexxus.js';
import type { Status } from '../../components/sync-status.js';
import { formatMinor } from '../../format.js';

const END_OF_DAY_STATUS: Record<EndOfDayState, Status> = {
  sending: { label: 'Sending', tone: 'warn' },
  delivered: { label: 'Delivered', tone: 'ok' },
  acknowledged: { label: 'Acknowledged', tone: 'ok' },
  warning: { label: 'Accepted with warnings', tone: 'warn' },
  failed: { label: 'Failed', tone: 'bad' },
  correction_due: { label: 'Correction due', tone: 'warn' },
};

export const endOfDayStatus = (state: EndOfDayState): Status => END_OF_DAY_STATUS[state];

/** "R1 — first report", "R2 — correction": the revision is the report's sequence number the back office sees. */
export function revisionLabel(revision: number): string {
  return `R${revision} — ${revision === 1 ? 'first report' : 'correction'}`;
}

/** Who made a revision: the hub's schedule, its own correction, or the manager who ran it (named as the hub has it). */
export function createdByText(createdBy: string): string {
  if (createdBy === 'schedule') return 'the daily schedule';
  if (createdBy === 'correction') return 'the hub, as a correction';
  return createdBy;
}

/** What each movement report holds, as a manager would call it; the NAXML name stays beside it for the back office. */
const DOCUMENT_TYPE_NAME: Record<string, string> = {
  ISM: 'Item sales',
  MCM: 'Departments',
  TLM: 'Tax levels',
  MSM: 'Summary',
  PJR: 'POS journal',
};

export function documentTypeText(type: string): string {
  const name = DOCUMENT_TYPE_NAME[type];
  return name ? `${name} (${type})` : type;
}

/** The job kind a document's retry or cancel is worded with: "item sales report". */
export function documentKind(type: string): string {
  return `${(DOCUMENT_TYPE_NAME[type] ?? type).toLowerCase()} report`;
}

/**
 * The back office's answer to one document; null before it was delivered. A folder drop gets no answer, and a
 * document it refused outright (FatalError) fails for good with the refusal as its last error.
 */
export function ackStatus(document: Pick<NaxmlDocumentView, 'ackStatus' | 'transport'>): Status | null {
  if (document.ackStatus === 'Success') return { label: 'Accepted', tone: 'ok' };
  if (document.ackStatus === 'NonFatalError') return { label: 'Accepted with warnings', tone: 'warn' };
  if (document.ackStatus === 'FatalError') return { label: 'Rejected', tone: 'bad' };
  if (document.transport === 'folder') return { label: 'None for a folder drop', tone: 'off' };
  return document.transport === 'https' ? { label: 'No answer', tone: 'off' } : null;
}

/** "Line 12, position 4: Unknown department 99 (error)": where in the document the back office found it. */
export function ackMessageText(message: AckMessageView): string {
  const where = [
    ...(message.lineNumber !== null ? [`Line ${message.lineNumber}`] : []),
    ...(message.linePosition !== null ? [`position ${message.linePosition}`] : []),
  ].join(', ');
  return `${where ? `${where}: ` : ''}${message.message}${message.severity ? ` (${message.severity})` : ''}`;
}

/** How it went out: dropped in the folder, posted, or not (yet: a failed or cancelled document is not retried). */
export function deliveryText(document: Pick<NaxmlDocumentView, 'transport' | 'state'>): string {
  if (document.transport === 'folder') return 'Dropped in the folder';
  if (document.transport === 'https') return 'Posted';
  return document.state === 'dead' || document.state === 'cancelled' ? 'Not delivered' : 'Not yet';
}

/**
 * The first thing wrong with a day's latest revision, short enough to show under its badge: what the back office
 * refused or warned about, else why a document failed for good. Null when nothing is wrong.
 */
export function dayProblem(day: Pick<EndOfDayView, 'state' | 'revisions'>): string | null {
  if (day.state !== 'failed' && day.state !== 'warning') return null;
  const documents = day.revisions[0]?.documents ?? [];
  const answered = (status: NaxmlDocumentView['ackStatus']) =>
    documents.find((document) => document.ackStatus === status && document.ackMessages.length > 0);
  const refused = answered('FatalError') ?? (day.state === 'warning' ? answered('NonFatalError') : undefined);
  if (refused) return `${refused.type}: ${ackMessageText(refused.ackMessages[0]!)}`;
  const dead = documents.find((document) => document.state === 'dead' && document.lastError);
  return dead ? `${dead.type}: ${dead.lastError}` : null;
}

/** A business date (the store's calendar, YYYY-MM-DD) as "Sat, 21 Nov 2026", whatever this computer's zone. */
export function businessDateText(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  if (!year || !month || !day) return date;
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/** This computer's calendar date `daysAgo` days back, as YYYY-MM-DD: the store's own date when both are in the store. */
export function localDate(now: Date, daysAgo = 0): string {
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** RunEndOfDayRequest's date, and the hub's rule that a day must have begun: said before any request. */
export function businessDateProblem(date: string, today: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return 'Choose the business date to run the end of day for.';
  return date > today ? 'The end of day can be run for today or a past date, not a future one.' : null;
}

/** A revision's total in the day's currency; a day with no sales has none, and nothing to show. */
export function totalText(amount: number, currency: string | null): string {
  return currency ? formatMinor(amount, currency) : '—';
}

/** What running the end of day did, in plain words: above all, whether anything new went to the back office. */
export function runEndOfDayText(reply: RunEndOfDayReply): string {
  const date = businessDateText(reply.businessDate);
  if (!reply.created)
    return `Nothing new was sent: ${date} has not changed since R${reply.revision}, so the back office already has it.`;
  if (reply.revision === 1) return `End of day made for ${date} (R1): its reports are on their way to the back office.`;
  return `Correction made for ${date}: R${reply.revision} replaces R${reply.revision - 1} and is on its way to the back office.`;
}

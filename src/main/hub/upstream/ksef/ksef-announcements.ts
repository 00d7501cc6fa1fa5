import type { KsefAnnouncement } from '../../../../shared/protocol/invoice-payloads.js';
import { businessDate } from '../../../../shared/store-calendar.js';
import type { LatarniaCategory, LatarniaMessage } from './latarnia-status.js';

/** The most a `ksef.status` payload holds (its schema's maxItems); the most recent ones are kept. */
export const MAX_ANNOUNCEMENTS = 200;

type Kind = KsefAnnouncement['kind'];

/** Research §7: maintenance is an unavailability (art. 106nh), a failure is awaryjny (106nf), a total failure frees. */
const KIND_OF_CATEGORY: Record<LatarniaCategory, Kind> = {
  MAINTENANCE: 'unavailability',
  FAILURE: 'failure',
  TOTAL_FAILURE: 'total_failure',
};

/** The messages of one event: the one that opened it and the FAILURE_END that closed it, each in its latest version. */
interface LatarniaEvent {
  kind: Kind;
  opening?: LatarniaMessage;
  closing?: LatarniaMessage;
}

/**
 * Latarnia's messages as the deadline rules read them: one announcement per event, its start and end as calendar
 * dates in the store's zone (`end: null` while it goes on), sorted by start, duplicates dropped, and at most the
 * MAX_ANNOUNCEMENTS most recent.
 */
export function announcementsOf(messages: readonly LatarniaMessage[], timeZone: string): KsefAnnouncement[] {
  const byKey = new Map<string, KsefAnnouncement>();
  for (const event of eventsOf(messages)) {
    const announcement = announcementOf(event, timeZone);
    byKey.set(`${announcement.kind}|${announcement.start}|${announcement.end}`, announcement);
  }
  return [...byKey.values()].sort(byStartThenEnd).slice(-MAX_ANNOUNCEMENTS);
}

/**
 * Messages grouped by eventId and kind, in whatever order they come: the FAILURE_END of an event pairs with its
 * FAILURE_START (or maintenance announcement). Of several versions of one message, the latest counts.
 */
function eventsOf(messages: readonly LatarniaMessage[]): LatarniaEvent[] {
  const events = new Map<string, LatarniaEvent>();
  for (const message of messages) {
    const kind = KIND_OF_CATEGORY[message.category];
    const key = `${message.eventId}|${kind}`;
    const event = events.get(key) ?? { kind };
    const role = message.type === 'FAILURE_END' ? 'closing' : 'opening';
    event[role] = later(event[role], message);
    events.set(key, event);
  }
  return [...events.values()];
}

function later(current: LatarniaMessage | undefined, candidate: LatarniaMessage): LatarniaMessage {
  if (!current) return candidate;
  if (candidate.version !== current.version) return candidate.version > current.version ? candidate : current;
  return candidate.published > current.published ? candidate : current;
}

function announcementOf({ kind, opening, closing }: LatarniaEvent, timeZone: string): KsefAnnouncement {
  // Either message may be missing from the list (an old start pruned, an end not yet published): each carries the
  // event's start, and the earlier counts, so an inconsistent pair can only widen the period, never invert it.
  const starts = [opening?.start, closing?.start].filter((instant) => instant !== undefined);
  const startInstant = starts.reduce((earliest, instant) => (instant < earliest ? instant : earliest));
  // A FAILURE_END without `end` is read as ending when it was published — never before the start, though: the
  // deadline rules refuse a period that ends before it begins.
  const endInstant = closing ? (closing.end ?? closing.published) : (opening?.end ?? null);
  const start = businessDate(startInstant, timeZone);
  const end = endInstant === null ? null : businessDate(endInstant, timeZone);
  return { kind, start, end: end !== null && end < start ? start : end };
}

/** By start, then end (an open period after any closed one that starts the same day), then kind. */
function byStartThenEnd(a: KsefAnnouncement, b: KsefAnnouncement): number {
  return (
    a.start.localeCompare(b.start) ||
    (a.end ?? '9999-12-31').localeCompare(b.end ?? '9999-12-31') ||
    a.kind.localeCompare(b.kind)
  );
}

import type { KsefAvailability, KsefStatusPayload } from '../../../../shared/protocol/invoice-payloads.js';
import { announcementsOf } from './ksef-announcements.js';
import type { LatarniaMessage, LatarniaStatus, LatarniaStatusCode } from './latarnia-status.js';

export interface KsefAvailabilityInput {
  /** Whether the KSeF API answered the store's probe. */
  apiReachable: boolean;
  /** Latarnia's latest answer; null when it could not be read (unreachable, an HTTP error, an unreadable answer). */
  latarnia: LatarniaStatus | null;
  /** The store's IANA time zone: announcement dates are its calendar days. */
  timeZone: string;
}

/** The most of a Latarnia message title quoted in the detail; titles come from the network. */
const TITLE_LIMIT = 300;
/** The payload schema's limit on `detail`. */
const DETAIL_LIMIT = 1000;

/**
 * What the hub knows of KSeF, as recorded in `ksef.status`. An announcement (research §7) decides over the store's
 * own view: MAINTENANCE, FAILURE and TOTAL_FAILURE hold whether or not the API answers the store. Without one, the
 * API's answer decides: a KSeF the store cannot reach is `unreachable` (the store's own line or an outage nobody
 * announced: offline24), also when Latarnia cannot be read either — Latarnia's silence is never a failure
 * announcement, so it leaves a reachable API `available`.
 */
export function ksefAvailability(input: KsefAvailabilityInput): KsefStatusPayload {
  const { apiReachable, latarnia, timeZone } = input;
  const availability = availabilityOf(apiReachable, latarnia?.status ?? null);
  const detail = [situation(availability, apiReachable, latarnia !== null), latestTitle(latarnia)]
    .filter((sentence) => sentence !== '')
    .join(' ');
  return {
    availability,
    announcements: latarnia ? announcementsOf(latarnia.messages, timeZone) : [],
    detail: detail.length > DETAIL_LIMIT ? `${detail.slice(0, DETAIL_LIMIT - 1)}…` : detail,
  };
}

function availabilityOf(apiReachable: boolean, status: LatarniaStatusCode | null): KsefAvailability {
  if (status === 'TOTAL_FAILURE') return 'total_failure';
  if (status === 'FAILURE') return 'failure';
  if (status === 'MAINTENANCE') return 'maintenance';
  return apiReachable ? 'available' : 'unreachable';
}

function situation(availability: KsefAvailability, apiReachable: boolean, latarniaRead: boolean): string {
  switch (availability) {
    case 'total_failure':
      return 'Latarnia announces a total failure of KSeF: invoices are issued outside KSeF and need not be sent to it.';
    case 'failure':
      return 'Latarnia announces a KSeF failure: invoices are issued in emergency mode (awaryjny).';
    case 'maintenance':
      return `Latarnia announces KSeF maintenance: invoices are issued in offline mode${
        apiReachable ? ', though the KSeF API still answers' : ''
      }.`;
    case 'unreachable':
      return latarniaRead
        ? "KSeF does not answer the store although Latarnia reports it available: the store's connection or an " +
            'unannounced outage. Invoices are issued offline (offline24).'
        : 'Neither KSeF nor Latarnia answers the store, most likely its internet connection is down. Invoices are ' +
            'issued offline (offline24).';
    case 'available':
      return latarniaRead
        ? 'KSeF answers and Latarnia reports it available.'
        : 'KSeF answers. Latarnia could not be read, so no announcement is known; that alone is no failure.';
  }
}

/** The title of the newest message behind the current status, for a manager to read as MF wrote it. */
function latestTitle(latarnia: LatarniaStatus | null): string {
  let current: LatarniaMessage | undefined;
  for (const message of latarnia?.messages ?? []) {
    const behindStatus = message.category === latarnia?.status && message.type !== 'FAILURE_END';
    if (behindStatus && (current === undefined || message.published > current.published)) current = message;
  }
  if (!current) return '';
  const title = current.title.trim().replace(/\s+/g, ' ');
  return `Latarnia: "${title.length > TITLE_LIMIT ? `${title.slice(0, TITLE_LIMIT)}…` : title}".`;
}

/**
 * The Upstream screen's words for KSeF (issue 10): what the hub last knew of KSeF's availability, and how long the
 * backlog takes to drain at the rate KSeF numbers invoices. Pure, so the wording is tested once.
 */
import type { KsefOverview } from '../../api/ksef.js';
import type { Status } from '../../components/sync-status.js';
import { formatCount, formatDuration } from '../../format.js';
import type { KsefAvailability } from '../../../shared/protocol/invoice-payloads.js';

const AVAILABILITY: Record<KsefAvailability, Status> = {
  available: { label: 'Available', tone: 'ok' },
  unreachable: { label: 'Out of reach', tone: 'bad' },
  maintenance: { label: 'Unavailable: announced maintenance', tone: 'warn' },
  failure: { label: 'Failure (awaria)', tone: 'bad' },
  total_failure: { label: 'Total failure (awaria całkowita)', tone: 'bad' },
};

export const ksefAvailabilityStatus = (availability: KsefAvailability): Status => AVAILABILITY[availability];

const HOUR_MS = 3_600_000;

/** "About 2 h 30 min at 4 numbered an hour", or why there is no estimate. */
export function drainText(overview: Pick<KsefOverview, 'backlog' | 'numberedLastHour' | 'drain'>): string {
  if (overview.backlog === 0) return 'Nothing owed to KSeF.';
  const { hoursNeeded } = overview.drain;
  if (hoursNeeded === null)
    return 'No estimate yet: KSeF numbered none of the store’s invoices in the last hour, so there is no rate to go by.';
  const rate = `${formatCount(overview.numberedLastHour)} numbered an hour`;
  return `About ${formatDuration(Math.max(hoursNeeded * HOUR_MS, 60_000))} at ${rate}.`;
}

import { isCalendarDate } from '../../../../shared/store-calendar.js';
import type { JournalEntry, MovementReportBase, MovementReportType } from './naxml-documents.js';

/**
 * File names for documents dropped on a back office's share. Built only from [A-Za-z0-9_.-], so they are valid on
 * Windows and SMB shares, and from the document's own figures, so a resend overwrites the same file rather than
 * adding a duplicate. `340` is the NAXML version, as in Passport's `PJR340…` names (research/upstreams.md §A.8).
 */

const STORE_LOCATION_ID = /^[A-Za-z0-9_-]+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Ten digits keep journal names sorting in sequence order in a plain directory listing.
const SEQUENCE_DIGITS = 10;
const MAX_SEQUENCE = 10 ** SEQUENCE_DIGITS - 1;

function storeLocationPart(storeLocationId: string): string {
  if (!STORE_LOCATION_ID.test(storeLocationId)) {
    throw new RangeError(
      `storeLocationId must match ${STORE_LOCATION_ID.source}, got ${JSON.stringify(storeLocationId)}`,
    );
  }
  return storeLocationId;
}

/** 2026-12-06 → 20261206, for a real calendar date only. */
function compactDate(date: string): string {
  const match = ISO_DATE.exec(date);
  const [, year, month, day] = match ?? [];
  if (year === undefined || month === undefined || day === undefined) {
    throw new RangeError(`a date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  if (!isCalendarDate(date)) throw new RangeError(`${date} is not a calendar date`);
  return `${year}${month}${day}`;
}

function numberInRange(value: number, min: number, max: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** `PJR340_<store>_<YYYYMMDD>_<sequence, 10 digits>.xml`, e.g. `PJR340_1022_20261206_0000004711.xml`. */
export function journalFileName(entry: JournalEntry): string {
  const store = storeLocationPart(entry.header.storeLocationId);
  const date = compactDate(entry.businessDate);
  const sequence = numberInRange(entry.reportSequenceNumber, 0, MAX_SEQUENCE, 'reportSequenceNumber');
  return `PJR340_${store}_${date}_${sequence.toString().padStart(SEQUENCE_DIGITS, '0')}.xml`;
}

/** `<TYPE>340_<store>_<YYYYMMDD>_R<revision, 2 digits or more>.xml`, e.g. `ISM340_1022_20261206_R01.xml`. */
export function movementFileName(type: MovementReportType, report: MovementReportBase): string {
  const store = storeLocationPart(report.header.storeLocationId);
  const date = compactDate(report.period.businessDate);
  const revision = numberInRange(report.reportSequenceNumber, 1, Number.MAX_SAFE_INTEGER, 'report revision');
  return `${type}340_${store}_${date}_R${revision.toString().padStart(2, '0')}.xml`;
}

/**
 * Calendar dates as the invoicing rules see them: 'YYYY-MM-DD' strings on the store's calendar (Europe/Warsaw), with
 * no time of day and so no time zone. Such strings sort lexicographically in date order, which the deadline rules
 * rely on when they compare dates.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws RangeError unless `date` is a real calendar date written YYYY-MM-DD. */
export function assertCalendarDate(date: string): void {
  const match = ISO_DATE.exec(date);
  const [, year, month, day] = match ?? [];
  if (year === undefined || month === undefined || day === undefined) {
    throw new RangeError(`a date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  // Date.UTC rolls 2026-02-30 over into March; a round trip that changes the date means the date does not exist.
  if (utcDate(date).toISOString().slice(0, 10) !== date) throw new RangeError(`${date} is not a calendar date`);
}

/** The year of a YYYY-MM-DD date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay counts. */
export function dayOfWeek(date: string): number {
  return utcDate(date).getUTCDay();
}

/** Midnight UTC of the date: a fixed reference that lets Date do calendar arithmetic without any zone shifting it. */
function utcDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

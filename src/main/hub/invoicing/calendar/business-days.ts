import { addDays } from '../../../../shared/store-calendar.js';
import { assertCalendarDate, dayOfWeek } from './calendar-date.js';
import { isPolishHoliday } from './polish-holidays.js';

/**
 * Business days (dni robocze) for KSeF sending deadlines: Monday to Friday, except public holidays. Saturday is not
 * one: for tax deadlines the Tax Ordinance (Ordynacja podatkowa, art. 12 § 5) treats a Saturday like a public holiday,
 * moving a deadline that falls on either to the next day that is neither; and the KSeF docs' own worked example (a
 * failure ending Saturday 2025-07-12 → 7 business days → Tuesday 2025-07-22) skips Saturdays.
 */
export function isBusinessDay(date: string): boolean {
  assertCalendarDate(date);
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6 && !isPolishHoliday(date);
}

/** The first business day strictly after `date`. */
export function nextBusinessDayAfter(date: string): string {
  return addBusinessDays(date, 1);
}

/** The `n`-th business day strictly after `date` (n ≥ 1); `date` itself never counts, business day or not. */
export function addBusinessDays(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a count of business days must be an integer ≥ 1, got ${n}`);
  assertCalendarDate(date);
  let day = date;
  for (let counted = 0; counted < n;) {
    day = addDays(day, 1);
    if (isBusinessDay(day)) counted += 1;
  }
  return day;
}

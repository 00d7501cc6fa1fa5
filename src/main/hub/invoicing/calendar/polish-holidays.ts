import { addDays } from '../../../../shared/store-calendar.js';
import { assertCalendarDate, yearOf } from './calendar-date.js';

/**
 * Polish public holidays (dni wolne od pracy) as the Act of 18 January 1951 lists them, with its amendments: Epiphany
 * since 2011 and Christmas Eve since 2025. Names are the Act's own. A holiday falling on a Sunday or a Saturday gives
 * no substitute public holiday, so none is listed.
 */
export interface PolishHoliday {
  date: string;
  name: string;
}

/** The years whose rules are encoded here; outside them the list would be a guess, so asking is an error. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/** Easter Sunday of `year` (Gregorian), by the anonymous Gregorian algorithm as Meeus gives it. */
export function easterSunday(year: number): string {
  assertSupportedYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The public holidays of `year` (2000–2100), in date order. */
export function polishHolidays(year: number): PolishHoliday[] {
  const easter = easterSunday(year);
  const fixed = (monthDay: string, name: string): PolishHoliday => ({ date: `${year}-${monthDay}`, name });
  // Already in date order whatever the year: Easter falls 22 March–25 April, so Easter Monday always precedes 1 May
  // and Pentecost (10 May–13 June) and Corpus Christi (21 May–24 June) always fall between 3 May and 15 August.
  return [
    fixed('01-01', 'Nowy Rok'), // New Year's Day
    ...(year >= 2011 ? [fixed('01-06', 'Święto Trzech Króli')] : []), // Epiphany, restored by the 2010 amendment
    { date: easter, name: 'pierwszy dzień Wielkiej Nocy' }, // Easter Sunday
    { date: addDays(easter, 1), name: 'drugi dzień Wielkiej Nocy' }, // Easter Monday
    fixed('05-01', 'Święto Państwowe'), // State Holiday (Labour Day)
    fixed('05-03', 'Święto Narodowe Trzeciego Maja'), // Constitution Day
    { date: addDays(easter, 49), name: 'pierwszy dzień Zielonych Świątek' }, // Pentecost Sunday
    { date: addDays(easter, 60), name: 'dzień Bożego Ciała' }, // Corpus Christi
    fixed('08-15', 'Wniebowzięcie Najświętszej Maryi Panny'), // Assumption of Mary
    fixed('11-01', 'Wszystkich Świętych'), // All Saints' Day
    fixed('11-11', 'Narodowe Święto Niepodległości'), // Independence Day
    ...(year >= 2025 ? [fixed('12-24', 'Wigilia Bożego Narodzenia')] : []), // Christmas Eve, by the 2024 amendment
    fixed('12-25', 'pierwszy dzień Bożego Narodzenia'), // Christmas Day
    fixed('12-26', 'drugi dzień Bożego Narodzenia'), // Boxing Day
  ];
}

// Deadline arithmetic asks about one day at a time, often many days in a row; the year's set is built once.
const holidayDates = new Map<number, ReadonlySet<string>>();

/** Whether `date` (YYYY-MM-DD, year 2000–2100) is a Polish public holiday. */
export function isPolishHoliday(date: string): boolean {
  assertCalendarDate(date);
  const year = yearOf(date);
  let dates = holidayDates.get(year);
  if (!dates) {
    dates = new Set(polishHolidays(year).map((holiday) => holiday.date));
    holidayDates.set(year, dates);
  }
  return dates.has(date);
}

function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`Polish holidays are known for ${FIRST_YEAR}–${LAST_YEAR}, not for ${year}`);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

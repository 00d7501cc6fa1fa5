/**
 * The store's calendar: which day an instant falls on in the store's time zone, its wall-clock time, and back. Sales
 * count towards their business date, KSeF deadlines run on it, announcements are dated in it.
 */
const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
const DATE_TIME: Intl.DateTimeFormatOptions = {
  ...DATE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(timeZone: string, options: Intl.DateTimeFormatOptions, at: string | Date) {
  const key = `${timeZone}|${options === DATE ? 'd' : 'dt'}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    // Throws RangeError for a zone the runtime does not know: a wrong business date is worse than a loud failure.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
    formatters.set(key, formatter);
  }
  const parts = formatter.formatToParts(typeof at === 'string' ? new Date(at) : at);
  return (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
}

/** The store's local calendar date (YYYY-MM-DD) at the UTC instant `occurredAt`: the day a sale counts towards. */
export function businessDate(occurredAt: string, timeZone: string): string {
  const part = partsIn(timeZone, DATE, occurredAt);
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The store's local date and wall-clock time (YYYY-MM-DD, HH:MM:SS) at the UTC instant `at`. */
export function localDateTime(at: string | Date, timeZone: string): { date: string; time: string } {
  const part = partsIn(timeZone, DATE_TIME, at);
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}:${part('second')}`,
  };
}

/**
 * Whether `date` is YYYY-MM-DD naming a day that exists: the pattern alone lets 2026-02-30 and 9389-77-37 through,
 * and Date rolls the first over into March and cannot represent the second at all.
 */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/** The calendar date `days` after `date` (YYYY-MM-DD); calendar arithmetic, no time zone involved. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The UTC instant at which the store's wall clock shows `time` (HH:MM) on `date`. Corrected twice for the zone's
 * offset, which settles it even across a daylight-saving change; a time skipped by the change maps to just after it.
 */
export function instantAt(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wanted;
  for (let i = 0; i < 2; i += 1) {
    const shown = localDateTime(new Date(guess), timeZone);
    const [sy, sm, sd] = shown.date.split('-').map(Number) as [number, number, number];
    const [sh, smin, ss] = shown.time.split(':').map(Number) as [number, number, number];
    guess += wanted - Date.UTC(sy, sm - 1, sd, sh, smin, ss);
  }
  return new Date(guess);
}

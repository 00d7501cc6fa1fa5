/** The fake's clock: real time unless a test drives a simulated calendar. */
export type Clock = () => Date;

const WARSAW = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Warsaw',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  date: string;
  time: string;
  offsetMinutes: number;
}

/** Calendar days are Warsaw's: KSeF numbers, P_1 checks and the offline classification all count them there. */
function warsawWallClock(instant: Date): WallClock {
  const parts = Object.fromEntries(WARSAW.formatToParts(instant).map((part) => [part.type, part.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  const asUtc = Date.parse(`${date}T${time}Z`);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return { date, time, offsetMinutes: Math.round((asUtc - wholeSeconds) / 60_000) };
}

/** `YYYY-MM-DD` of the instant in Warsaw. */
export function warsawDate(instant: Date): string {
  return warsawWallClock(instant).date;
}

/** `YYYYMMDD` of the instant in Warsaw, as KSeF and reference numbers carry it. */
export function warsawCompactDate(instant: Date): string {
  return warsawDate(instant).replaceAll('-', '');
}

/** Warsaw wall-clock time with milliseconds and offset, as UPOs print it: `2025-09-16T11:05:40.841+02:00`. */
export function warsawTimestamp(instant: Date): string {
  const { date, time, offsetMinutes } = warsawWallClock(instant);
  const millis = String(instant.getUTCMilliseconds()).padStart(3, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${date}T${time}.${millis}${sign}${hours}:${minutes}`;
}

/** The API's JSON instants carry an explicit `+00:00` offset, as the OpenAPI examples do, rather than `Z`. */
export function apiTimestamp(instant: Date): string {
  return instant.toISOString().replace('Z', '+00:00');
}

export function addMs(instant: Date, ms: number): Date {
  return new Date(instant.getTime() + ms);
}

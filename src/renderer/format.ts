/** Display helpers. Pure functions, no React. One locale, so every screen (and every screenshot) reads the same. */
import type { Money } from './api/types.js';

const LOCALE = 'en-GB';
const numberFormat = new Intl.NumberFormat(LOCALE);

export function formatCount(value: number): string {
  return numberFormat.format(value);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format;
}

/**
 * Minor units → "PLN 200.00". The currency's own number of decimals (2 for PLN, 0 for JPY, 3 for KWD) decides the
 * scale, and the division is exact in decimal: the integer part and the remainder are formatted separately.
 */
export function formatMoney({ amount, currency }: Money): string {
  const format = moneyFormat(currency);
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const scale = 10 ** digits;
  const sign = amount < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(amount) / scale);
  const fraction = String(Math.abs(amount) % scale).padStart(digits, '0');
  return format.format(Number(`${sign}${whole}${digits > 0 ? `.${fraction}` : ''}`));
}

export const formatMinor = (amount: number, currency: string) => formatMoney({ amount, currency });

/** "12.50" (in the currency's major units) → minor units, or null when it is not a plain amount. */
export function parseMajor(text: string, currency: string): number | null {
  const digits = moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;
  const match = /^\s*(\d{1,12})(?:[.,](\d+))?\s*$/.exec(text);
  if (!match || (match[2]?.length ?? 0) > digits) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || '0');
}

/** Minor units → the plain "12.50" an input field holds. */
export function toMajorText(amount: number, currency: string): string {
  const digits = moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;
  if (digits === 0) return String(amount);
  const scale = 10 ** digits;
  return `${Math.floor(amount / scale)}.${String(amount % scale).padStart(digits, '0')}`;
}

/** First 12 hex digits are enough to compare two ledgers by eye. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(LOCALE, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString(LOCALE);
}

/** "3 min ago", "2 h ago", … relative to `now`. */
export function formatAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function formatInterval(minutes: number): string {
  if (minutes <= 0) return 'Off';
  if (minutes % 1440 === 0) return minutes === 1440 ? 'Every day' : `Every ${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'Every hour' : `Every ${minutes / 60} hours`;
  return minutes === 1 ? 'Every minute' : `Every ${minutes} minutes`;
}

/** A span in two units at most: "45 s", "12 min", "2 h 10 min", "3 days 4 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const unit = days === 1 ? 'day' : 'days';
  return hours % 24 ? `${days} ${unit} ${hours % 24} h` : `${days} ${unit}`;
}

/** Remaining time as "9:05", "1:02:03" or, for a card hold's days, "4 d 23:02:03"; "0:00" once it has passed. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  const clock =
    days > 0 || hours > 0
      ? `${days > 0 ? String(hours).padStart(2, '0') : hours}:${String(minutes).padStart(2, '0')}:${seconds}`
      : `${minutes}:${seconds}`;
  return days > 0 ? `${days} d ${clock}` : clock;
}

/**
 * Clock skew is hub time minus device time. Under a second is normal network delay; beyond that, say which way the
 * device's clock is off.
 */
export function formatSkew(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.abs(ms) / 1000;
  if (seconds < 1) return 'in step';
  const amount = seconds < 120 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds / 60)} min`;
  return ms > 0 ? `${amount} behind` : `${amount} ahead`;
}

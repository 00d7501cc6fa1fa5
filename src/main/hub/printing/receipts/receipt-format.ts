import { currencyFractionDigits } from '../../../../shared/currency-digits.js';

/** How receipts write money, times and tax rates: one readable form, the way Polish receipts write them. */

/** The zloty's own sign; other currencies print their ISO code, which every code page can print. */
const CURRENCY_SIGNS: Readonly<Record<string, string>> = { PLN: 'zł' };

/**
 * Minor units → "1 234,56 zł" / "-10,00 EUR". Integer arithmetic only: the whole and fractional parts are split by
 * division and remainder, so no amount is ever rounded through a float.
 */
export function formatMoney(amount: number, currency: string): string {
  const digits = currencyFractionDigits(currency);
  const scale = 10 ** digits;
  const magnitude = Math.abs(amount);
  const whole = String(Math.floor(magnitude / scale)).replace(/\B(?=(\d{3})+$)/g, ' ');
  const fraction = digits > 0 ? `,${String(magnitude % scale).padStart(digits, '0')}` : '';
  return `${amount < 0 ? '-' : ''}${whole}${fraction} ${CURRENCY_SIGNS[currency] ?? currency}`;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}

/** A UTC instant as the store's wall clock showed it: "2026-11-22 11:15". */
export function formatLocalDateTime(instant: string | Date, timeZone: string): string {
  const parts = dateTimeFormat(timeZone).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** "23" → "23%"; a rate that is not a number (a fiscal letter, "zw" for exempt) prints as it is. */
export function formatTaxRate(taxRate: string): string {
  return /^\d+(?:[.,]\d+)?$/.test(taxRate) ? `${taxRate}%` : taxRate;
}

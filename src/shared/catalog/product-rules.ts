/**
 * What a product's fields may hold, in words a store manager can act on. The hub applies these to every catalog
 * change and to each row of an imported price book; the Catalog screen applies the same ones before it asks.
 */

/** The VAT rates a product may be sold at: those a VAT invoice (FA(3)) has a field for. `zw` exempt, `np` outside. */
export const VAT_RATES = ['23', '8', '5', '0', 'zw', 'np'] as const;
export type VatRate = (typeof VAT_RATES)[number];

/** The price book's currency (and the Catalog form's): the store sells in złoty. */
export const CATALOG_CURRENCY = 'PLN';

/** A price of at most 999 999 999.99: within Money's bounds, and far beyond anything a store sells. */
const MAX_WHOLE_DIGITS = 9;

/** `23`, `23%`, ` 8 `, `ZW` → the rate as recorded (`23`, `8`, `zw`); anything else is a problem. */
export function readVatRate(text: string): { rate: VatRate } | { problem: string } {
  const rate = text.trim().replace(/\s*%$/, '').toLowerCase();
  if ((VAT_RATES as readonly string[]).includes(rate)) return { rate: rate as VatRate };
  return { problem: `VAT rate “${text.trim()}” is not one of ${VAT_RATES.join(', ')}` };
}

/**
 * A decimal price in złoty (`4.50`, `4,50`, `4.5`, `12`) → grosze, exactly: the digits are read as text, never through
 * a float. A decimal comma is what Polish spreadsheets write. Thousands separators, currency signs, signs and more than
 * two decimals are refused rather than guessed at.
 */
export function readPrice(text: string): { amount: number } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'price is empty' };
  if (/^[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+$/.test(trimmed))
    return { problem: `price “${trimmed}” is in scientific notation: write it as a plain amount like 4.50` };
  const match = /^([0-9]+)(?:[.,]([0-9]*))?$/.exec(trimmed);
  if (!match) {
    if (trimmed.startsWith('-')) return { problem: `price “${trimmed}” is negative` };
    return { problem: `price “${trimmed}” is not a plain amount like 4.50 (no currency, spaces or thousands marks)` };
  }
  const whole = match[1]!.replace(/^0+(?=[0-9])/, '');
  const fraction = match[2] ?? '';
  if (fraction.length > 2) return { problem: `price “${trimmed}” has more than 2 decimals` };
  if (whole.length > MAX_WHOLE_DIGITS) return { problem: `price “${trimmed}” is too large` };
  return { amount: Number(whole) * 100 + Number(fraction.padEnd(2, '0')) };
}

/** Grosze → the plain `4.50` a price field or a price book holds. */
export function priceText(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** GS1's check digit: weights 3 and 1 alternate from the right, leaving out the check digit itself. */
function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Why a barcode cannot be a product's, or null. A GTIN (8, 12, 13 or 14 digits) must carry its check digit: one with a
 * typo would never scan. 1 to 6 digits is the store's own PLU, which has none.
 */
export function barcodeProblem(barcode: string): string | null {
  if (!/^[0-9]+$/.test(barcode)) {
    if (/^[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+$/.test(barcode))
      return `barcode “${barcode}” was written as a number in scientific notation: format the column as text in the spreadsheet`;
    return `barcode “${barcode}” is not digits only`;
  }
  const { length } = barcode;
  if (length <= 6) return null;
  if (length !== 8 && length !== 12 && length !== 13 && length !== 14)
    return `barcode “${barcode}” has ${length} digits: an EAN/GTIN has 8, 12, 13 or 14, a PLU 1 to 6`;
  const expected = gtinCheckDigit(barcode.slice(0, -1));
  if (Number(barcode.at(-1)) !== expected)
    return `barcode “${barcode}” has a wrong check digit (it should end in ${expected}): a typo?`;
  return null;
}

/** One line of text: a name or unit with a line break or a control character would print broken on receipts. */
export function hasControlCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(text);
}

/**
 * NIP, the Polish tax identification number: 10 digits, the last a check digit — the first nine weighted
 * 6, 5, 7, 2, 3, 4, 5, 6, 7, summed, modulo 11. A sum giving 10 has no check digit, so no NIP is issued with it.
 */

const WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7] as const;

/**
 * Whether `text` is exactly a valid NIP: 10 ASCII digits and nothing else, checksum included. Formatting such as
 * dashes, spaces or a 'PL' prefix is not accepted here; pass the input through `normalizeNip` first.
 */
export function isValidNip(text: string): boolean {
  if (!/^\d{10}$/.test(text)) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(text[i]), 0);
  // A remainder of 10 equals no single digit, so such a number is rejected here without a case of its own.
  return sum % 11 === Number(text[9]);
}

/**
 * The 10 digits of a NIP as people write it: spaces and dashes anywhere ('123-456-32-18', '123 45 63 218') and a
 * leading 'PL' (the EU VAT number form) are dropped. Null when what is left is not 10 digits; the checksum is
 * `isValidNip`'s business, so a mistyped NIP normalizes and then fails validation rather than vanishing here.
 */
export function normalizeNip(text: string): string | null {
  const compact = text.replace(/[\s-]/g, '').replace(/^PL/i, '');
  return /^\d{10}$/.test(compact) ? compact : null;
}

/**
 * Numbers as XML text (NAXML, FA(3)). Amounts are integer minor units, so the decimal point is placed by string surgery: going
 * through a float (`minor / 100`) would print 0.1 + 0.2-style artefacts and lose exactness past 2^53.
 */

function requireSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
}

/** `minor` minor units written with `minorDigits` decimals: (1234, 2) → "12.34", (-5, 2) → "-0.05", (1200, 0) → "1200". */
export function decimalAmount(minor: number, minorDigits: number): string {
  requireSafeInteger(minor, 'amount');
  requireSafeInteger(minorDigits, 'minorDigits');
  if (minorDigits < 0) throw new RangeError(`minorDigits must not be negative, got ${minorDigits}`);
  // -0 counts as zero: no reader should ever see "-0.00".
  const sign = minor < 0 ? '-' : '';
  const digits = Math.abs(minor).toString();
  if (minorDigits === 0) return sign + digits;
  const padded = digits.padStart(minorDigits + 1, '0');
  const point = padded.length - minorDigits;
  return `${sign}${padded.slice(0, point)}.${padded.slice(point)}`;
}

/** A unit price: documents carry the sign on quantity and amount, never on the price. */
export function decimalPrice(minor: number, minorDigits: number): string {
  if (minor < 0) throw new RangeError(`a unit price must not be negative, got ${minor}`);
  return decimalAmount(minor, minorDigits);
}

/** Quantities, counts and sequence numbers: plain integers. */
export function integerText(value: number): string {
  requireSafeInteger(value, 'quantity or count');
  // Number#toString never uses exponent form for a safe integer, and writes -0 as "0".
  return value.toString();
}

/** Amount and price writers bound to one document's currency. */
export interface MoneyText {
  amount(minor: number): string;
  price(minor: number): string;
}

export function moneyText(minorDigits: number): MoneyText {
  return {
    amount: (minor) => decimalAmount(minor, minorDigits),
    price: (minor) => decimalPrice(minor, minorDigits),
  };
}

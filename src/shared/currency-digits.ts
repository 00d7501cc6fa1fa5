const digitsByCurrency = new Map<string, number>();

/** The currency's own number of decimals (2 for PLN, 0 for JPY, 3 for KWD), as ISO 4217 and Intl give it. */
export function currencyFractionDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

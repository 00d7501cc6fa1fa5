/**
 * How much of a tax-inclusive amount is tax. Store prices include VAT, so the tax of a receipt is taken out of the
 * gross per rate, once per transaction (the Polish receipt rule), never per line: per-line rounding would make a
 * receipt's tax disagree with the one a fiscal printer or back office computes from the same receipt.
 */

/** A rate is a percentage ("23", "8", "5", "0", "7.5"); anything else ("zw", "np") is an exemption marker. */
export function isExempt(taxRate: string): boolean {
  return !/^\d{1,3}(?:[.,]\d{1,4})?$/.test(taxRate);
}

/**
 * The tax within `gross` minor units at `taxRate` percent, rounded half away from zero, so a refund's tax is exactly
 * the negative of the same sale's. Exact in integers: the rate is scaled to ten-thousandths of a percent.
 */
export function taxIncluded(gross: number, taxRate: string): number {
  if (isExempt(taxRate)) return 0;
  const [whole, fraction = ''] = taxRate.replace(',', '.').split('.');
  const scaled = BigInt(whole!) * 10_000n + BigInt(fraction.padEnd(4, '0'));
  if (scaled === 0n) return 0;
  const magnitude = BigInt(Math.abs(gross));
  const numerator = magnitude * scaled;
  const denominator = 1_000_000n + scaled;
  const tax = (2n * numerator + denominator) / (2n * denominator);
  // Negated as a BigInt: a JS number would make -0 of a zero tax.
  return Number(gross < 0 ? -tax : tax);
}

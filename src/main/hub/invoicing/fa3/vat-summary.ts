/**
 * An invoice's totals per VAT rate, from gross prices. The VAT is taken out of each rate's gross summed over the
 * whole invoice, then rounded once (art. 106e ust. 11): rounding per line would let the invoice's VAT drift a grosz
 * per line from the one the law and the buyer's books compute.
 */
import { taxIncluded } from '../../sales/tax-split.js';
import { VAT_RATES, type InvoiceLine, type VatRate } from './invoice-model.js';

export interface RateTotal {
  rate: VatRate;
  gross: number;
  /** gross − vat. */
  net: number;
  /** Zero for 0%, `zw` and `np`. */
  vat: number;
}

export interface VatSummary {
  /** One entry per rate that occurs on the invoice, in `VAT_RATES` order. */
  rates: RateTotal[];
  /** The invoice's total gross (`P_15`). */
  gross: number;
}

export function lineGross(line: InvoiceLine): number {
  const gross = line.quantity * line.unitGrossPrice;
  if (!Number.isSafeInteger(gross)) throw new RangeError(`line "${line.name}": gross ${gross} is not a safe integer`);
  return gross;
}

/**
 * Amounts keep the lines' sign, so a correction's totals are negative differences. The tax is rounded half away
 * from zero (half up on a sale), which makes a full refund's VAT exactly the negative of the sale's.
 */
export function summarizeVat(lines: readonly InvoiceLine[]): VatSummary {
  const grossByRate = new Map<VatRate, number>();
  for (const line of lines) grossByRate.set(line.vatRate, (grossByRate.get(line.vatRate) ?? 0) + lineGross(line));
  const rates = VAT_RATES.flatMap((rate): RateTotal[] => {
    const gross = grossByRate.get(rate);
    if (gross === undefined) return [];
    const vat = taxIncluded(gross, rate);
    return [{ rate, gross, net: gross - vat, vat }];
  });
  return { rates, gross: rates.reduce((sum, total) => sum + total.gross, 0) };
}

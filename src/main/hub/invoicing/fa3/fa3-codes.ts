/**
 * The model's terms as FA(3) codes and field names (schemat_FA(3)_v1-0E.xsd: TStawkaPodatku, the `Fa` totals,
 * TFormaPlatnosci, TTypKorekty).
 */
import type { CorrectionEffect, ExemptionBasis, PaymentMethod, VatRate } from './invoice-model.js';

interface RateFields {
  /** The line's `P_12`. */
  code: string;
  /** The invoice's net (or, for rates without tax, sales) total for the rate. */
  net: string;
  /** The invoice's VAT total for the rate; FA(3) has none for 0%, `zw` and `np`. */
  vat?: string;
}

export const RATE_FIELDS: Readonly<Record<VatRate, RateFields>> = {
  '23': { code: '23', net: 'P_13_1', vat: 'P_14_1' },
  '8': { code: '8', net: 'P_13_2', vat: 'P_14_2' },
  '5': { code: '5', net: 'P_13_3', vat: 'P_14_3' },
  // FA(3) splits 0% into domestic (KR), intra-EU supply (WDT) and export (EX); a store's 0% is domestic.
  '0': { code: '0 KR', net: 'P_13_6_1' },
  zw: { code: 'zw', net: 'P_13_7' },
  // "np I": supplies outside Poland. "np II" (P_13_9) is the EU reverse-charge service of art. 100, not a shop sale.
  np: { code: 'np I', net: 'P_13_8' },
};

export const PAYMENT_FORMS: Readonly<Record<PaymentMethod, string>> = { cash: '1', card: '2' };

export const CORRECTION_TYPES: Readonly<Record<CorrectionEffect, string>> = {
  'original-period': '1',
  'correction-period': '2',
  other: '3',
};

export const EXEMPTION_FIELDS: Readonly<Record<ExemptionBasis['source'], string>> = {
  statute: 'P_19A',
  directive: 'P_19B',
  other: 'P_19C',
};

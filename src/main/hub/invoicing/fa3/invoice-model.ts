/**
 * What the FA(3) builder is given: one invoice in the store's own terms, knowing nothing of XML. Money is integer
 * grosze. Store prices include VAT, so a line carries its unit gross price and the builder derives net and VAT per
 * rate (vat-summary.ts). Dates are calendar dates, 'YYYY-MM-DD'.
 */

/**
 * The catalog's rate strings an invoice accepts: percentages, `zw` (exempt) and `np` (not subject to Polish VAT).
 * This order is the order of FA(3)'s per-rate total fields, which the document writes in this order.
 */
export const VAT_RATES = ['23', '8', '5', '0', 'zw', 'np'] as const;
export type VatRate = (typeof VAT_RATES)[number];

/** FA(3) addresses are free text lines (`AdresL1`, `AdresL2`), e.g. street, then postcode and town. */
export interface Address {
  country: 'PL';
  line1: string;
  line2?: string;
}

export interface Seller {
  nip: string;
  name: string;
  address: Address;
  /** Printed under the payment terms; 10–34 characters (IBAN or the 26-digit Polish NRB). */
  bankAccount?: string;
}

export interface Buyer {
  nip: string;
  name: string;
  address: Address;
}

export interface InvoiceLine {
  name: string;
  /** The unit of measure as printed, e.g. 'szt.'. */
  unit: string;
  /** Whole units. Positive on an invoice; on a correction the change, so negative for goods returned. */
  quantity: number;
  /** VAT included, grosze, never negative: a correction carries its sign on the quantity. */
  unitGrossPrice: number;
  vatRate: VatRate;
}

export type PaymentMethod = 'cash' | 'card';

export interface Payment {
  method: PaymentMethod;
  /** The day it was paid. FA(3) can only say "paid" together with the date, so there is no bare flag. */
  paidOn?: string;
}

/** The legal basis an exempt (`zw`) sale must cite: a Polish statute, the VAT directive 2006/112/EC, or another act. */
export interface ExemptionBasis {
  source: 'statute' | 'directive' | 'other';
  /** E.g. 'art. 43 ust. 1 pkt 2 ustawy o VAT'. */
  text: string;
}

/**
 * When a correction takes effect in the VAT records (FA(3) `TypKorekty`): in the corrected invoice's period, in the
 * correcting invoice's own period (the usual case for a refund of returned goods, art. 29a ust. 13), or otherwise.
 */
export type CorrectionEffect = 'original-period' | 'correction-period' | 'other';

export interface Correction {
  reason: string;
  effect: CorrectionEffect;
  corrected: {
    number: string;
    issueDate: string;
    /** Absent when the corrected invoice never went through KSeF. */
    ksefNumber?: string;
  };
}

export interface Invoice {
  /** `P_2`, unique within the seller's series. */
  number: string;
  issueDate: string;
  placeOfIssue?: string;
  /** The date of supply; written only when it differs from the issue date, as FA(3) asks. */
  saleDate?: string;
  currency: 'PLN';
  seller: Seller;
  buyer: Buyer;
  /**
   * On a correction, the differences only (e.g. the returned goods with negative quantities), never the corrected
   * invoice's lines again: the correction's totals are the differences, summed from these lines.
   */
  lines: InvoiceLine[];
  payment?: Payment;
  /** Required when a line is `zw`; ignored otherwise, so a store may pass its basis on every invoice. */
  exemptionBasis?: ExemptionBasis;
  /** Present on a correcting invoice (KOR). */
  correction?: Correction;
}

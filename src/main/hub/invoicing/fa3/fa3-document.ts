/**
 * An invoice as the FA(3) element tree, in the schema's element order (schemat_FA(3)_v1-0E.xsd). Keys are written
 * in insertion order and an `undefined` child is left out (xml-text.ts), so each object below lists every element
 * it may hold, optional ones included, exactly where the schema's sequence puts them.
 */
import { moneyText, integerText } from '../../xml/decimal-text.js';
import type { XmlElement } from '../../xml/xml-document.js';
import { CORRECTION_TYPES, EXEMPTION_FIELDS, PAYMENT_FORMS, RATE_FIELDS } from './fa3-codes.js';
import type { Address, Correction, Invoice, InvoiceLine } from './invoice-model.js';
import { lineGross, summarizeVat, type VatSummary } from './vat-summary.js';

export const FA3_NAMESPACE = 'http://crd.gov.pl/wzor/2025/06/25/13775/';

/** How the invoice's system names itself in `SystemInfo`. */
const SYSTEM_INFO = 'Backroom';

// FA(3) amounts have two decimals (TKwotowy), as PLN has.
const money = moneyText(2);

/** `createdAt` is `DataWytworzeniaFa`, an ISO date-time: the caller's, so one invoice always gives the same bytes. */
export function fa3Document(invoice: Invoice, createdAt: string): XmlElement {
  return {
    Faktura: {
      '@_xmlns': FA3_NAMESPACE,
      Naglowek: {
        KodFormularza: { '@_kodSystemowy': 'FA (3)', '@_wersjaSchemy': '1-0E', '#text': 'FA' },
        WariantFormularza: '3',
        DataWytworzeniaFa: createdAt,
        SystemInfo: SYSTEM_INFO,
      },
      Podmiot1: {
        DaneIdentyfikacyjne: { NIP: invoice.seller.nip, Nazwa: invoice.seller.name },
        Adres: addressElement(invoice.seller.address),
      },
      Podmiot2: {
        DaneIdentyfikacyjne: { NIP: invoice.buyer.nip, Nazwa: invoice.buyer.name },
        Adres: addressElement(invoice.buyer.address),
        // "1" would mean the buyer is a subordinate unit of a local government (JST) or a VAT group member, and would
        // need that unit in a Podmiot3 the model does not have; a store's buyer is neither.
        JST: '2',
        GV: '2',
      },
      Fa: faElement(invoice),
    },
  };
}

function addressElement(address: Address): XmlElement {
  return { KodKraju: address.country, AdresL1: address.line1, AdresL2: address.line2 };
}

function faElement(invoice: Invoice): XmlElement {
  const summary = summarizeVat(invoice.lines);
  return {
    KodWaluty: invoice.currency,
    P_1: invoice.issueDate,
    P_1M: invoice.placeOfIssue,
    P_2: invoice.number,
    P_6: invoice.saleDate === invoice.issueDate ? undefined : invoice.saleDate,
    ...rateTotals(summary),
    P_15: money.amount(summary.gross),
    Adnotacje: annotations(invoice),
    RodzajFaktury: invoice.correction === undefined ? 'VAT' : 'KOR',
    ...(invoice.correction && correctionElements(invoice.correction)),
    FaWiersz: invoice.lines.map(lineElement),
    Platnosc: paymentElement(invoice),
  };
}

/** `P_13_x`/`P_14_x` in the schema's order, which `summary.rates` already follows. */
function rateTotals(summary: VatSummary): XmlElement {
  const totals: XmlElement = {};
  for (const { rate, net, vat } of summary.rates) {
    const fields = RATE_FIELDS[rate];
    totals[fields.net] = money.amount(net);
    if (fields.vat !== undefined) totals[fields.vat] = money.amount(vat);
  }
  return totals;
}

/**
 * The statements every FA(3) invoice makes, all "no" for a shop's sale except the exemption: no cash accounting
 * (P_16), no self-billing (P_17), no reverse charge (P_18), no split payment (P_18A), no new means of transport, no
 * simplified triangular procedure (P_23), no margin scheme.
 */
function annotations(invoice: Invoice): XmlElement {
  return {
    P_16: '2',
    P_17: '2',
    P_18: '2',
    P_18A: '2',
    Zwolnienie: exemptionElement(invoice),
    NoweSrodkiTransportu: { P_22N: '1' },
    P_23: '2',
    PMarzy: { P_PMarzyN: '1' },
  };
}

function exemptionElement(invoice: Invoice): XmlElement {
  if (!invoice.lines.some((line) => line.vatRate === 'zw')) return { P_19N: '1' };
  const basis = invoice.exemptionBasis;
  if (basis === undefined) throw new RangeError(`invoice ${invoice.number} has exempt lines but no exemption basis`);
  return { P_19: '1', [EXEMPTION_FIELDS[basis.source]]: basis.text };
}

function correctionElements(correction: Correction): XmlElement {
  const { corrected } = correction;
  return {
    PrzyczynaKorekty: correction.reason,
    TypKorekty: CORRECTION_TYPES[correction.effect],
    DaneFaKorygowanej: {
      DataWystFaKorygowanej: corrected.issueDate,
      NrFaKorygowanej: corrected.number,
      ...(corrected.ksefNumber === undefined
        ? { NrKSeFN: '1' }
        : { NrKSeF: '1', NrKSeFFaKorygowanej: corrected.ksefNumber }),
    },
  };
}

/**
 * Gross fields only: P_9B (unit price with VAT) and P_11A (gross value) are the variant art. 106e ust. 7–8 allows
 * for sales at gross prices, and the schema makes the net P_9A/P_11 optional. Net exists per rate, in the totals.
 */
function lineElement(line: InvoiceLine, index: number): XmlElement {
  return {
    NrWierszaFa: integerText(index + 1),
    P_7: line.name,
    P_8A: line.unit,
    P_8B: integerText(line.quantity),
    P_9B: money.price(line.unitGrossPrice),
    P_11A: money.amount(lineGross(line)),
    P_12: RATE_FIELDS[line.vatRate].code,
  };
}

function paymentElement({ payment, seller }: Invoice): XmlElement | undefined {
  if (payment === undefined && seller.bankAccount === undefined) return undefined;
  return {
    Zaplacono: payment?.paidOn === undefined ? undefined : '1',
    DataZaplaty: payment?.paidOn,
    FormaPlatnosci: payment && PAYMENT_FORMS[payment.method],
    RachunekBankowy: seller.bankAccount === undefined ? undefined : { NrRB: seller.bankAccount },
  };
}

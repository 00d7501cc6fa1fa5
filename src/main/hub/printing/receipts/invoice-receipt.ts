import type { InvoiceDetail, InvoiceMode, VerificationCode } from '../../../../shared/protocol/invoice-views.js';
import { itemLines, storeHeading } from './receipt-blocks.js';
import { ReceiptDocument, type PaperSpec, type StoreHeader } from './receipt-document.js';
import { formatMoney, formatTaxRate } from './receipt-format.js';
import { appendQr } from './receipt-qr.js';

/** A verification link as a printer needs it: the printer draws the symbol from the text itself. */
export type PrintedCode = Pick<VerificationCode, 'url' | 'label'>;

/** Seller or buyer; only the seller has a bank account on the invoice. */
type Party = Omit<InvoiceDetail['seller'], 'bankAccount'> & { bankAccount?: string | null };

/** The invoice as the detail screen shows it (amounts in grosze), less the QR images. */
export interface InvoiceReceiptData extends Pick<
  InvoiceDetail,
  'number' | 'issueDate' | 'mode' | 'seller' | 'lines' | 'vat' | 'gross'
> {
  buyer: Party;
  /** The day of the sale (P_6), printed when it is not the issue date. */
  saleDate: string;
  /** The invoice a correcting invoice (KOR) corrects; null on an invoice. */
  corrects: { number: string; issueDate: string } | null;
  /** Null for a total-failure invoice: it never goes to KSeF and carries no codes. */
  kodI: PrintedCode | null;
  /** Offline invoices only. */
  kodII: PrintedCode | null;
}

/**
 * An invoice not issued straight into KSeF says so in words: the buyer can see why it is not in KSeF yet (or never
 * will be, after a total failure) and why it carries a second code.
 */
const MODE_TEXT: Readonly<Record<Exclude<InvoiceMode, 'online'>, string>> = {
  offline24: 'Faktura wystawiona w trybie offline24',
  offline: 'Faktura wystawiona w trybie offline (niedostępność KSeF)',
  awaryjny: 'Faktura wystawiona w trybie awaryjnym',
  total_failure: 'Faktura wystawiona w trybie awarii całkowitej KSeF',
};

function partyLines(doc: ReceiptDocument, role: string, party: Party): void {
  doc.bold(() => doc.text(role));
  doc.text(party.name);
  doc.text(`NIP ${party.nip}`);
  doc.text(party.address.line1);
  if (party.address.line2) doc.text(party.address.line2);
  if (party.bankAccount) doc.text(`Konto ${party.bankAccount}`);
}

/**
 * A KSeF invoice on the receipt printer: the invoice's own content (parties, lines, VAT per rate) as FA(3) fixed it,
 * then the verification codes KSeF requires on a printed invoice, each with its caption: KOD I (the KSeF number, or
 * OFFLINE until KSeF has numbered it) and, on an offline invoice, KOD II (CERTYFIKAT).
 */
export function invoiceReceipt(invoice: InvoiceReceiptData, paper: PaperSpec, store: StoreHeader): Buffer {
  const doc = new ReceiptDocument(paper);
  const money = (amount: number) => formatMoney(amount, invoice.gross.currency);
  storeHeading(doc, store);
  doc.title(invoice.corrects ? 'FAKTURA KORYGUJĄCA' : 'FAKTURA VAT');
  doc.centered(`nr ${invoice.number}`);
  doc.rule();
  doc.leftRight('Data wystawienia', invoice.issueDate);
  if (invoice.saleDate !== invoice.issueDate) doc.leftRight('Data sprzedaży', invoice.saleDate);
  if (invoice.corrects) {
    doc.leftRight('Korygowana faktura', invoice.corrects.number);
    doc.leftRight('z dnia', invoice.corrects.issueDate);
  }
  doc.rule();
  partyLines(doc, 'Sprzedawca', invoice.seller);
  doc.blank();
  partyLines(doc, 'Nabywca', invoice.buyer);
  doc.rule();
  for (const { unitGross: unitPrice, vatRate: taxRate, gross: amount, ...line } of invoice.lines) {
    itemLines(doc, { ...line, unitPrice, taxRate, amount }, invoice.gross.currency);
  }
  doc.rule();
  for (const rate of invoice.vat) {
    doc.text(`Stawka ${formatTaxRate(rate.rate)}`);
    doc.leftRight('  Netto', money(rate.net));
    doc.leftRight('  VAT', money(rate.vat));
    doc.leftRight('  Brutto', money(rate.gross));
  }
  doc.bold(() => doc.leftRight('RAZEM BRUTTO', money(invoice.gross.amount)));
  doc.rule();
  const { mode } = invoice;
  if (mode !== 'online') doc.bold(() => doc.centered(MODE_TEXT[mode]));
  for (const code of [invoice.kodI, invoice.kodII].filter((c): c is PrintedCode => c !== null)) {
    // Blank paper above each symbol: text or another symbol at its edge keeps a phone from reading it.
    doc.blank();
    appendQr(doc, code.url, code.label);
  }
  return doc.finish();
}

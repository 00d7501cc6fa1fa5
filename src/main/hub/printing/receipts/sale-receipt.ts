import type { SaleStatus } from '../../sales/sale-reads.js';
import { itemLines, storeHeading, tenderLines, whenLines, whoLines, type ReceiptTender } from './receipt-blocks.js';
import { ReceiptDocument, type PaperSpec, type StoreHeader } from './receipt-document.js';
import { formatMoney, formatTaxRate } from './receipt-format.js';

export interface SaleReceiptLine {
  productName: string;
  quantity: number;
  /** Minor units of the sale's currency, as are all amounts below. */
  unitPrice: number;
  lineTotal: number;
  taxRate: string;
  refundedQuantity: number;
}

export interface SaleReceiptData {
  saleId: string;
  locationName: string;
  deviceName: string | null;
  cashierId: string | null;
  businessDate: string;
  /** UTC instant. */
  occurredAt: string;
  status: SaleStatus;
  currency: string;
  total: number;
  refunded: number;
  voidReason: string | null;
  lines: SaleReceiptLine[];
  tenders: ReceiptTender[];
}

/** Line totals summed per tax rate, in the order the rates first appear on the sale. */
function totalsByTaxRate(lines: readonly SaleReceiptLine[]): Array<{ taxRate: string; total: number }> {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.taxRate, (totals.get(line.taxRate) ?? 0) + line.lineTotal);
  return [...totals].map(([taxRate, total]) => ({ taxRate, total }));
}

/** What a reprint must say about a sale changed since it was made. */
function statusLines(doc: ReceiptDocument, sale: SaleReceiptData): void {
  if (sale.status === 'voided') {
    doc.bold(() => doc.centered('SPRZEDAŻ ANULOWANA'));
    if (sale.voidReason) doc.text(`Powód: ${sale.voidReason}`);
  } else if (sale.status === 'refunded') {
    doc.bold(() => doc.centered('ZWRÓCONO W CAŁOŚCI'));
  } else if (sale.status === 'partially_refunded') {
    doc.leftRight('Zwrócono', formatMoney(sale.refunded, sale.currency));
  }
}

/**
 * The customer's copy of a sale. A plain ESC/POS printer is not a fiscal device, so under Polish rules the printout
 * says it is not a fiscal receipt ("paragon niefiskalny"); the fiscal receipt is the till's business.
 */
export function saleReceipt(sale: SaleReceiptData, paper: PaperSpec, store: StoreHeader): Buffer {
  const doc = new ReceiptDocument(paper);
  const money = (amount: number) => formatMoney(amount, sale.currency);
  storeHeading(doc, store, sale.locationName);
  doc.bold(() => doc.centered('PARAGON NIEFISKALNY'));
  doc.rule();
  doc.leftRight('Sprzedaż', sale.saleId);
  whenLines(doc, sale.occurredAt, sale.businessDate, store.timeZone);
  whoLines(doc, sale.deviceName, sale.cashierId);
  doc.rule();
  for (const line of sale.lines) {
    const { productName: name, quantity, unitPrice, taxRate, lineTotal: amount } = line;
    itemLines(doc, { name, quantity, unitPrice, taxRate, amount }, sale.currency);
    if (line.refundedQuantity > 0) doc.text(`  zwrócono: ${line.refundedQuantity}`);
  }
  doc.rule();
  for (const { taxRate, total } of totalsByTaxRate(sale.lines)) {
    doc.leftRight(`Sprzedaż VAT ${formatTaxRate(taxRate)}`, money(total));
  }
  doc.bold(() => doc.leftRight('SUMA', money(sale.total)));
  doc.rule();
  tenderLines(doc, sale.tenders, sale.currency);
  statusLines(doc, sale);
  return doc.finish();
}

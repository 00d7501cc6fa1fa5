import { itemLines, storeHeading, tenderLines, whenLines, whoLines, type ReceiptTender } from './receipt-blocks.js';
import { ReceiptDocument, type PaperSpec, type StoreHeader } from './receipt-document.js';
import { formatMoney } from './receipt-format.js';

export interface RefundReceiptLine {
  productName: string;
  quantity: number;
  /** The sale line's unit price: a refund pays back what was paid. Minor units, as are all amounts below. */
  unitPrice: number;
  amount: number;
  taxRate: string;
}

export interface RefundReceiptData {
  refundId: string;
  saleId: string;
  saleBusinessDate: string;
  locationName: string;
  deviceName: string | null;
  cashierId: string | null;
  businessDate: string;
  /** UTC instant. */
  occurredAt: string;
  currency: string;
  total: number;
  reason: string | null;
  lines: RefundReceiptLine[];
  /** How the money went back to the customer. */
  tenders: ReceiptTender[];
}

/** The refund confirmation: what came back, what was paid out and how, and the customer's signature for it. */
export function refundReceipt(refund: RefundReceiptData, paper: PaperSpec, store: StoreHeader): Buffer {
  const doc = new ReceiptDocument(paper);
  const money = (amount: number) => formatMoney(amount, refund.currency);
  storeHeading(doc, store, refund.locationName);
  doc.title('ZWROT');
  doc.centered('DOKUMENT NIEFISKALNY');
  doc.rule();
  doc.leftRight('Zwrot', refund.refundId);
  doc.leftRight('Do sprzedaży', refund.saleId);
  doc.leftRight('z dnia', refund.saleBusinessDate);
  whenLines(doc, refund.occurredAt, refund.businessDate, store.timeZone);
  whoLines(doc, refund.deviceName, refund.cashierId);
  doc.rule();
  for (const { productName: name, ...line } of refund.lines) itemLines(doc, { name, ...line }, refund.currency);
  doc.rule();
  doc.bold(() => doc.leftRight('ZWRÓCONO', money(refund.total)));
  doc.text('Wypłacono:');
  tenderLines(doc, refund.tenders, refund.currency);
  if (refund.reason) doc.text(`Powód: ${refund.reason}`);
  doc.signatureLine('Podpis klienta');
  return doc.finish();
}

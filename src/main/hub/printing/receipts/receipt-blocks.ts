import { formatLocalDateTime, formatMoney, formatTaxRate } from './receipt-format.js';
import type { ReceiptDocument, StoreHeader } from './receipt-document.js';

/** One way money was paid or paid back; a card tender names the payment it was (for reconciliation). */
export interface ReceiptTender {
  method: 'cash' | 'card';
  amount: number;
  paymentId: string | null;
}

/** One line item as receipts print it; amounts in minor units. */
export interface ReceiptItem {
  name: string;
  quantity: number;
  unitPrice: number;
  taxRate: string;
  amount: number;
}

/** The item's name, then its quantity × unit price and tax rate with the amount flush right. */
export function itemLines(doc: ReceiptDocument, item: ReceiptItem, currency: string): void {
  const money = (amount: number) => formatMoney(amount, currency);
  doc.text(item.name);
  doc.leftRight(`  ${item.quantity} x ${money(item.unitPrice)}  ${formatTaxRate(item.taxRate)}`, money(item.amount));
}

const TENDER_NAMES: Readonly<Record<ReceiptTender['method'], string>> = { cash: 'Gotówka', card: 'Karta' };

/** Store name as the heading, the location under it when the receipt belongs to one. */
export function storeHeading(doc: ReceiptDocument, store: StoreHeader, locationName?: string): void {
  doc.title(store.storeName);
  if (locationName) doc.centered(locationName);
}

/**
 * When it happened on the store's clock, and the business day it counts towards when that is not the same date
 * (the day was fixed when the ledger recorded it, in the zone the store had then).
 */
export function whenLines(doc: ReceiptDocument, occurredAt: string, businessDate: string, timeZone: string): void {
  const local = formatLocalDateTime(occurredAt, timeZone);
  doc.leftRight('Data', local);
  if (!local.startsWith(businessDate)) doc.leftRight('Dzień handlowy', businessDate);
}

/** The till and the cashier, each when known. */
export function whoLines(doc: ReceiptDocument, deviceName: string | null, cashierId: string | null): void {
  if (deviceName) doc.leftRight('Kasa', deviceName);
  if (cashierId) doc.leftRight('Kasjer', cashierId);
}

export function tenderLines(doc: ReceiptDocument, tenders: readonly ReceiptTender[], currency: string): void {
  for (const tender of tenders) {
    doc.leftRight(TENDER_NAMES[tender.method], formatMoney(tender.amount, currency));
    if (tender.paymentId) doc.text(`  nr płatności: ${tender.paymentId}`);
  }
}

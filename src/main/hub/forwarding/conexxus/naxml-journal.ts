import { taxIncluded, isExempt } from '../../sales/tax-split.js';
import type { StoreTransaction } from '../../sales/store-transactions.js';
import type {
  JournalEntry,
  JournalTax,
  JournalTender,
  TenderCode,
  TransmissionHeader,
} from '../../upstream/naxml/naxml-documents.js';
import { localDateTime } from '../../../../shared/store-calendar.js';
import { currencyFractionDigits } from '../../../../shared/currency-digits.js';

/** Money into the till (a sale) or out of it (a refund, a void): refunds are negative end to end (research §A.5). */
export function signOf(kind: StoreTransaction['kind']): 1 | -1 {
  return kind === 'sale' ? 1 : -1;
}

const TENDER_CODES: Record<'cash' | 'card', TenderCode> = { cash: 'cash', card: 'creditCards' };

export function tenderOf(method: 'cash' | 'card'): { code: TenderCode; subCode: string } {
  return { code: TENDER_CODES[method], subCode: 'generic' };
}

/** The digits after the decimal point of a currency (2 for PLN, 0 for JPY); 2 when no money moved. */
export function minorDigitsOf(currency: string | null): number {
  return currency ? currencyFractionDigits(currency) : 2;
}

/**
 * The tax of one transaction per tax level, taken out of each level's gross once (tax-split.ts), in the order the
 * levels first appear. Carries the transaction's sign. The end of day sums these, so its tax agrees with the journal.
 */
export function transactionTaxes(tx: StoreTransaction): JournalTax[] {
  const gross = new Map<string, number>();
  for (const line of tx.lines) gross.set(line.taxRate, (gross.get(line.taxRate) ?? 0) + line.unitPrice * line.quantity);
  const sign = signOf(tx.kind);
  return [...gross].map(([taxLevelId, amount]) => {
    const taxCollected = taxIncluded(sign * amount, taxLevelId);
    return { taxLevelId, taxableAmount: sign * amount - taxCollected, taxCollected, exempt: isExempt(taxLevelId) };
  });
}

/** One recorded sale, refund or void as its POS journal entry (`NAXML-POSJournal`, research §A.5). */
export function journalEntryOf(
  tx: StoreTransaction,
  header: TransmissionHeader,
  timeZone: string,
  defaultMerchandiseCode: string,
): JournalEntry {
  const sign = signOf(tx.kind);
  const at = localDateTime(tx.occurredAt, timeZone);
  const lines = tx.lines.map((line) => {
    // A void lists the sale's lines as cancelled, as they were sold; a refund's lines go back out, negative.
    const quantity = tx.kind === 'refund' ? -line.quantity : line.quantity;
    return {
      posCode: line.productId,
      description: line.name,
      merchandiseCode: line.merchandiseCode ?? defaultMerchandiseCode,
      unitPrice: line.unitPrice,
      quantity,
      amount: quantity * line.unitPrice,
      taxLevelId: line.taxRate,
      status: tx.kind === 'void' ? ('cancel' as const) : ('normal' as const),
    };
  });
  const taxes = transactionTaxes(tx);
  const tenders: JournalTender[] = tx.tenders.map((t) => ({ ...tenderOf(t.method), amount: sign * t.amount }));
  const gross = sign * tx.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const tax = taxes.reduce((sum, t) => sum + t.taxCollected, 0);
  return {
    header,
    kind: tx.kind,
    reportSequenceNumber: tx.cursor,
    transactionId: tx.transactionId,
    registerId: tx.deviceId,
    cashierId: tx.cashierId,
    businessDate: tx.businessDate,
    eventDate: at.date,
    eventTime: at.time,
    lines,
    taxes,
    tenders,
    totals: { gross, net: gross - tax, tax },
    minorDigits: minorDigitsOf(tx.currency),
  };
}

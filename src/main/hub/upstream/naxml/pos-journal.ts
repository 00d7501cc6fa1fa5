import { moneyText, integerText, type MoneyText } from '../../xml/decimal-text.js';
import type { JournalEntry, JournalEventKind, JournalItemLine, JournalTax, JournalTender } from './naxml-documents.js';
import { itemCodeElement } from './pos-code-format.js';
import type { XmlElement } from '../../xml/xml-document.js';
import { DAY_CLOSE_PERIOD, naxmlDocument, tenderElement } from './naxml-elements.js';

/**
 * One NAXML-POSJournal document per sale, refund or void (research/upstreams.md §A.5): Passport writes one file per
 * register event, and back offices read journals that way.
 */

const EVENT_ELEMENT: Record<JournalEventKind, string> = {
  sale: 'SaleEvent',
  refund: 'RefundEvent',
  void: 'VoidEvent',
};

function itemLine(line: JournalItemLine, money: MoneyText): XmlElement {
  return {
    '@_status': line.status,
    ItemLine: {
      ItemCode: itemCodeElement(line.posCode),
      Description: line.description,
      ActualSalesPrice: money.price(line.unitPrice),
      MerchandiseCode: line.merchandiseCode,
      // An entry has one price per line (no overrides, no discounts), so the regular price is the price charged.
      RegularSellPrice: money.price(line.unitPrice),
      SalesQuantity: integerText(line.quantity),
      SalesAmount: money.amount(line.amount),
      ItemTax: { TaxLevelID: line.taxLevelId },
    },
  };
}

function taxLine(tax: JournalTax, { amount }: MoneyText): XmlElement {
  const figures: XmlElement = tax.exempt
    ? // TLM's order (research §A.4): exempt sales come after the collected tax.
      { TaxCollectedAmount: amount(0), TaxExemptSalesAmount: amount(tax.taxableAmount) }
    : { TaxableSalesAmount: amount(tax.taxableAmount), TaxCollectedAmount: amount(tax.taxCollected) };
  return { '@_status': 'normal', TransactionTax: { TaxLevelID: tax.taxLevelId, ...figures } };
}

function tenderLine(tender: JournalTender, { amount }: MoneyText): XmlElement {
  return {
    '@_status': 'normal',
    TenderInfo: { Tender: tenderElement(tender), TenderAmount: amount(tender.amount), ChangeFlag: { '@_value': 'no' } },
  };
}

export function buildPosJournal(entry: JournalEntry): string {
  const money = moneyText(entry.minorDigits);
  const { amount } = money;
  return naxmlDocument('NAXML-POSJournal', entry.header, {
    JournalReport: {
      JournalHeader: {
        ReportSequenceNumber: integerText(entry.reportSequenceNumber),
        PrimaryReportPeriod: DAY_CLOSE_PERIOD,
        BeginDate: entry.businessDate,
      },
      [EVENT_ELEMENT[entry.kind]]: {
        CashierID: entry.cashierId,
        RegisterID: entry.registerId,
        TransactionID: entry.transactionId,
        BusinessDate: entry.businessDate,
        // An entry has one instant per event, so it stands for both the start and the receipt.
        EventStartDate: entry.eventDate,
        EventStartTime: entry.eventTime,
        ReceiptDate: entry.eventDate,
        ReceiptTime: entry.eventTime,
        TrainingModeFlag: { '@_value': 'no' },
        TransactionDetailGroup: {
          TransactionLine: [
            ...entry.lines.map((line) => itemLine(line, money)),
            ...entry.taxes.map((tax) => taxLine(tax, money)),
            ...entry.tenders.map((tender) => tenderLine(tender, money)),
          ],
        },
        TransactionSummary: {
          TransactionTotalGrossAmount: amount(entry.totals.gross),
          TransactionTotalNetAmount: amount(entry.totals.net),
          TransactionTotalTaxNetAmount: amount(entry.totals.tax),
        },
      },
    },
  });
}

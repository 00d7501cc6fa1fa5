import { ConexxusError } from './conexxus-errors.js';
import type { StoreTransaction, TransactionLine } from '../../sales/store-transactions.js';
import type {
  ItemMovement,
  MerchandiseCodeMovement,
  MiscellaneousSummary,
  ReportPeriod,
  TaxLevelMovement,
  TransmissionHeader,
} from '../../upstream/naxml/naxml-documents.js';
import { minorDigitsOf, signOf, tenderOf, transactionTaxes } from './naxml-journal.js';

/**
 * Everything one business date's movement reports say, before a revision number is put on them. Its canonical
 * JSON is the day's fingerprint: equal figures, equal documents, so running an unchanged day again sends nothing.
 */
export interface DayFigures {
  header: TransmissionHeader;
  period: ReportPeriod;
  minorDigits: number;
  currency: string | null;
  items: ItemMovement[];
  departments: MerchandiseCodeMovement[];
  taxLevels: TaxLevelMovement[];
  summaries: MiscellaneousSummary[];
  totals: DayTotals;
}

/** What the day came to, in the terms of the hub's daily totals (sales_daily_totals), to check one against the other. */
export interface DayTotals {
  gross: number;
  refunds: number;
  voids: number;
  net: number;
  cash: number;
  card: number;
  saleCount: number;
  refundCount: number;
  voidCount: number;
}

const byKey = <T>(map: Map<string, T>, key: string, make: () => T): T => {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
};

const sorted = <T>(map: Map<string, T>): T[] =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);

/** One transaction's goods money: sales positive; refunds and voids as the negative "refund" columns. */
function goods(tx: StoreTransaction) {
  return tx.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
}

type SalesCounters = Pick<
  MerchandiseCodeMovement,
  'salesQuantity' | 'salesAmount' | 'refundAmount' | 'refundCount' | 'transactionCount'
>;

const noSales = (): SalesCounters => ({
  salesQuantity: 0,
  salesAmount: 0,
  refundAmount: 0,
  refundCount: 0,
  transactionCount: 0,
});

/**
 * Adds one line to an ISM price row or an MCM department. Sales count gross; refunds and voids go into the negative
 * refund column (Passport nets Sales + Refund, research §A.8). `first` says whether this transaction has already been
 * counted for the row, since a transaction can hold the same item or department on several lines.
 */
function countLine(row: SalesCounters, tx: StoreTransaction, line: TransactionLine, first: boolean): void {
  const amount = line.unitPrice * line.quantity;
  if (tx.kind === 'sale') {
    row.salesQuantity += line.quantity;
    row.salesAmount += amount;
    if (first) row.transactionCount += 1;
  } else {
    row.refundAmount -= amount;
    if (first) row.refundCount += 1;
  }
}

/** Rows keyed per transaction line, each transaction counted once per row. */
function eachLine(
  txs: StoreTransaction[],
  visit: (tx: StoreTransaction, line: TransactionLine, seen: Set<string>) => void,
) {
  for (const tx of txs) {
    const seen = new Set<string>();
    for (const line of tx.lines) visit(tx, line, seen);
  }
}

function firstTime(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

function itemMovements(txs: StoreTransaction[], defaultCode: string): ItemMovement[] {
  const items = new Map<string, { item: ItemMovement; prices: Map<string, ItemMovement['prices'][number]> }>();
  eachLine(txs, (tx, line, seen) => {
    const entry = byKey(items, line.productId, () => ({
      item: { posCode: line.productId, description: line.name, merchandiseCode: '', prices: [] },
      prices: new Map(),
    }));
    entry.item.merchandiseCode = line.merchandiseCode ?? defaultCode;
    // Zero-padded so text order is price order.
    const priceKey = String(line.unitPrice).padStart(16, '0');
    const price = byKey(entry.prices, priceKey, () => ({ unitPrice: line.unitPrice, ...noSales() }));
    countLine(price, tx, line, firstTime(seen, `${line.productId}|${priceKey}`));
  });
  return sorted(items).map(({ item, prices }) => ({ ...item, prices: sorted(prices) }));
}

function departmentMovements(txs: StoreTransaction[], defaultCode: string): MerchandiseCodeMovement[] {
  const departments = new Map<string, MerchandiseCodeMovement>();
  eachLine(txs, (tx, line, seen) => {
    const code = line.merchandiseCode ?? defaultCode;
    // A department's name is its code: the catalog has no department names yet (docs/design-notes.md).
    const dept = byKey(departments, code, () => ({ merchandiseCode: code, description: code, ...noSales() }));
    countLine(dept, tx, line, firstTime(seen, code));
  });
  return sorted(departments);
}

/** Per tax level, the sum of each transaction's own tax split, so the day agrees with its journal entries. */
function taxLevelMovements(txs: StoreTransaction[]): TaxLevelMovement[] {
  const levels = new Map<string, TaxLevelMovement>();
  for (const tx of txs) {
    for (const tax of transactionTaxes(tx)) {
      const level = byKey(levels, tax.taxLevelId, () => ({
        taxLevelId: tax.taxLevelId,
        taxableSalesAmount: 0,
        taxableSalesRefundedAmount: 0,
        taxCollectedAmount: 0,
        taxExemptSalesAmount: 0,
        taxExemptSalesRefundedAmount: 0,
        taxRefundedAmount: 0,
      }));
      // Journal amounts carry the transaction's sign; TLM's refunded columns are magnitudes.
      if (tx.kind === 'sale') {
        if (tax.exempt) level.taxExemptSalesAmount += tax.taxableAmount;
        else level.taxableSalesAmount += tax.taxableAmount;
        level.taxCollectedAmount += tax.taxCollected;
      } else {
        if (tax.exempt) level.taxExemptSalesRefundedAmount -= tax.taxableAmount;
        else level.taxableSalesRefundedAmount -= tax.taxableAmount;
        level.taxRefundedAmount -= tax.taxCollected;
      }
    }
  }
  return sorted(levels);
}

function dayTotals(txs: StoreTransaction[]): DayTotals {
  const totals: DayTotals = {
    gross: 0,
    refunds: 0,
    voids: 0,
    net: 0,
    cash: 0,
    card: 0,
    saleCount: 0,
    refundCount: 0,
    voidCount: 0,
  };
  for (const tx of txs) {
    const amount = goods(tx);
    const sign = signOf(tx.kind);
    if (tx.kind === 'sale') {
      totals.gross += amount;
      totals.saleCount += 1;
    } else if (tx.kind === 'refund') {
      totals.refunds += amount;
      totals.refundCount += 1;
    } else {
      totals.voids += amount;
      totals.voidCount += 1;
    }
    totals.net += sign * amount;
    for (const tender of tx.tenders) totals[tender.method] += sign * tender.amount;
  }
  return totals;
}

/**
 * MSM rows (research §A.4, §A.8): takings per method of payment (`sales`/`MOP`), the sales and tax totalizers, and
 * refund and void statistics. Which codes carry which figure is documented in docs/conexxus.md.
 */
function summaries(txs: StoreTransaction[], totals: DayTotals): MiscellaneousSummary[] {
  const rows: MiscellaneousSummary[] = [];
  for (const method of ['cash', 'card'] as const) {
    const used = txs.filter((tx) => tx.tenders.some((t) => t.method === method)).length;
    if (used > 0)
      rows.push({ code: 'sales', subCode: 'MOP', tender: tenderOf(method), amount: totals[method], count: used });
  }
  const tax = txs.flatMap(transactionTaxes).reduce((sum, t) => sum + t.taxCollected, 0);
  rows.push(
    { code: 'totalizer', subCode: 'sales', modifier: 'grossSales', amount: totals.gross, count: totals.saleCount },
    { code: 'totalizer', subCode: 'sales', modifier: 'netSales', amount: totals.net, count: txs.length },
    { code: 'totalizer', subCode: 'tax', modifier: 'taxColl', amount: tax, count: txs.length },
    { code: 'statistics', subCode: 'refunds', amount: totals.refunds, count: totals.refundCount },
    { code: 'statistics', subCode: 'voidTransactions', amount: totals.voids, count: totals.voidCount },
  );
  return rows;
}

/**
 * The figures of one business date from its transactions (storeTransactionsOn). Throws when the day mixes
 * currencies: NAXML amounts carry none, so such a day cannot be reported without lying about one of them.
 */
export function dayFigures(
  txs: StoreTransaction[],
  header: TransmissionHeader,
  businessDate: string,
  defaultMerchandiseCode: string,
): DayFigures {
  const currencies = [...new Set(txs.map((tx) => tx.currency))];
  if (currencies.length > 1) {
    throw new ConexxusError(
      'DAY_NOT_REPORTABLE',
      `${businessDate} has sales in ${currencies.join(' and ')}; NAXML reports carry one currency`,
    );
  }
  const currency = currencies[0] ?? null;
  const totals = dayTotals(txs);
  return {
    header,
    period: {
      businessDate,
      beginDate: businessDate,
      beginTime: '00:00:00',
      endDate: businessDate,
      endTime: '23:59:59',
    },
    minorDigits: minorDigitsOf(currency),
    currency,
    items: itemMovements(txs, defaultMerchandiseCode),
    departments: departmentMovements(txs, defaultMerchandiseCode),
    taxLevels: taxLevelMovements(txs),
    summaries: summaries(txs, totals),
    totals,
  };
}

import { storeHeading } from './receipt-blocks.js';
import { ReceiptDocument, type PaperSpec, type StoreHeader } from './receipt-document.js';
import { formatLocalDateTime, formatMoney } from './receipt-format.js';

/** The day's takings at one location in one currency (minor units; net = gross - refunds - voids). */
export interface DayTakings {
  locationName: string;
  currency: string;
  saleCount: number;
  gross: number;
  refundCount: number;
  refunds: number;
  voidCount: number;
  voids: number;
  net: number;
  /** Net by method. */
  cash: number;
  card: number;
}

/** Offline card payments taken on the day in one currency, and how many still wait to reach the processor. */
export interface DayOfflineCardPayments {
  currency: string;
  count: number;
  total: number;
  /** Not yet forwarded: authorized ones waiting for connectivity and held ones waiting for a manager. */
  outstandingCount: number;
  outstanding: number;
  heldCount: number;
  held: number;
}

export interface EndOfDayData {
  businessDate: string;
  takings: DayTakings[];
  offlineCardPayments: DayOfflineCardPayments[];
}

function takingsLines(doc: ReceiptDocument, day: Omit<DayTakings, 'locationName'>): void {
  const money = (amount: number) => formatMoney(amount, day.currency);
  doc.leftRight(`Sprzedaż (${day.saleCount})`, money(day.gross));
  doc.leftRight(`Zwroty (${day.refundCount})`, money(-day.refunds));
  doc.leftRight(`Anulowania (${day.voidCount})`, money(-day.voids));
  doc.bold(() => doc.leftRight('Netto', money(day.net)));
  doc.leftRight('  gotówka', money(day.cash));
  doc.leftRight('  karta', money(day.card));
}

/** The whole store per currency, for when the day has more than one location in it (the Sales screen shows it too). */
export function storeTotals(takings: readonly DayTakings[]): Array<Omit<DayTakings, 'locationName'>> {
  const byCurrency = new Map<string, Omit<DayTakings, 'locationName'>[]>();
  for (const { locationName: _name, ...figures } of takings) {
    byCurrency.set(figures.currency, [...(byCurrency.get(figures.currency) ?? []), figures]);
  }
  return [...byCurrency.values()]
    .filter((rows) => rows.length > 1)
    .map((rows) =>
      rows.reduce((sum, row) => ({
        currency: sum.currency,
        saleCount: sum.saleCount + row.saleCount,
        gross: sum.gross + row.gross,
        refundCount: sum.refundCount + row.refundCount,
        refunds: sum.refunds + row.refunds,
        voidCount: sum.voidCount + row.voidCount,
        voids: sum.voids + row.voids,
        net: sum.net + row.net,
        cash: sum.cash + row.cash,
        card: sum.card + row.card,
      })),
    );
}

function offlineCardLines(doc: ReceiptDocument, payments: readonly DayOfflineCardPayments[]): void {
  if (payments.length === 0) {
    doc.text('Płatności kartą offline: brak');
    return;
  }
  for (const day of payments) {
    const money = (amount: number) => formatMoney(amount, day.currency);
    doc.bold(() => doc.text(`Płatności kartą offline (${day.currency})`));
    doc.leftRight(`Wszystkie (${day.count})`, money(day.total));
    doc.leftRight(`Nieprzekazane (${day.outstandingCount})`, money(day.outstanding));
    doc.leftRight(`  w tym wstrzymane (${day.heldCount})`, money(day.held));
  }
}

/** The day's report for the manager: takings per location and currency, then offline card money still at risk. */
export function endOfDaySummary(day: EndOfDayData, paper: PaperSpec, store: StoreHeader, printedAt: Date): Buffer {
  const doc = new ReceiptDocument(paper);
  storeHeading(doc, store);
  doc.title('RAPORT DOBOWY');
  doc.leftRight('Sklep', store.storeId);
  doc.leftRight('Dzień handlowy', day.businessDate);
  doc.leftRight('Wydruk', formatLocalDateTime(printedAt, store.timeZone));
  doc.rule();
  if (day.takings.length === 0) doc.centered('Brak sprzedaży');
  for (const takings of day.takings) {
    doc.bold(() => doc.text(`${takings.locationName} (${takings.currency})`));
    takingsLines(doc, takings);
    doc.rule();
  }
  for (const totals of storeTotals(day.takings)) {
    doc.bold(() => doc.text(`RAZEM SKLEP (${totals.currency})`));
    takingsLines(doc, totals);
    doc.rule('=');
  }
  offlineCardLines(doc, day.offlineCardPayments);
  return doc.finish();
}

/**
 * The Sales screen's reads through a real hub (issue 12): a range summed per day, location, device and cashier, the
 * tender split, the refunds and voids behind the figures, the end-of-day report and the CSV export. Every figure is
 * checked to the minor unit against hand-counted sums and against the daily-totals API's own rows, and the end-of-day
 * answer against the report the printer prints.
 */
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/main/hub/printing/receipts/receipt-format.js';
import { renderReceipt } from '../../src/main/hub/printing/receipts/render-receipt.js';
import type { EndOfDayReport, SalesFigures, SalesSummary } from '../../src/shared/protocol/sales-views.js';
import { addDays } from '../../src/shared/store-calendar.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape, fetchAnswer } from '../helpers/ledger-http.js';
import { readReceipt } from '../printing/receipts/escpos-reader.js';
import { printerConfig, STORE } from '../printing/receipts/receipt-store.js';
import { expectLedgerSound, push, storeHub } from '../store-ops/helpers.js';
import { refund, sale, tenders } from './sale-builders.js';

interface DailyRow extends SalesFigures {
  businessDate: string;
  locationId: string;
  deviceId: string;
  cashierId: string;
}

const FIGURES = ['gross', 'refunds', 'voids', 'net', 'saleCount', 'refundCount', 'voidCount', 'cash', 'card'] as const;

/** The daily-totals rows summed per key, computed here independently of the hub's summing. */
function sumRows(rows: readonly DailyRow[], key: (row: DailyRow) => string): Map<string, Record<string, number>> {
  const sums = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const sum = sums.get(key(row)) ?? Object.fromEntries(FIGURES.map((f) => [f, 0]));
    for (const figure of FIGURES) sum[figure]! += row[figure];
    sums.set(key(row), sum);
  }
  return sums;
}

const figuresOf = (row: SalesFigures) => Object.fromEntries(FIGURES.map((f) => [f, row[f]]));

describe('sales reads through the admin API', () => {
  const store = storeHub([
    { productId: 'cola', locationId: 'shelf', quantity: 50 },
    { productId: 'cola', locationId: 'backroom', quantity: 50 },
    { productId: 'chips', locationId: 'shelf', quantity: 50 },
  ]);
  const till1 = new TestDevice();
  const till2 = new TestDevice();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());
  const get = async <T>(path: string) => {
    const answer = await store.t.admin<T>('GET', path, undefined, store.marta);
    expect(answer.status, answer.text).toBe(200);
    return answer.json;
  };

  it('sums the day per location, device and cashier, exactly, and as the daily-totals rows add up', async () => {
    await store.t.pair(till1, 'Till 1');
    await store.t.pair(till2, 'Till 2');
    const kasia = { cashierId: 'kasia-1' };
    const anna = { cashierId: 'anna' };
    await push(store.t, till1, [
      till1.envelope('sale.complete', sale('s-1', 'shelf', [['cola', 2, 450]], tenders(['cash', 900]), kasia)),
      till1.envelope('sale.complete', sale('s-2', 'shelf', [['chips', 1, 699]], tenders(['card', 699, 'p-2']), kasia)),
      till1.envelope(
        'sale.complete',
        sale('s-3', 'backroom', [['cola', 3, 450]], tenders(['cash', 350], ['card', 1000, 'p-3']), kasia),
      ),
    ]);
    const results = await push(store.t, till2, [
      till2.envelope('sale.complete', sale('s-4', 'shelf', [['chips', 2, 699]], tenders(['cash', 1398]), anna)),
      till2.envelope(
        'sale.refund',
        refund('s-1', 'r-1', [['cola', 1]], tenders(['cash', 450]), { ...anna, reason: 'dented can' }),
      ),
      till2.envelope('sale.void', { saleId: 's-2', reason: 'wrong card', ...anna }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);

    const summary = await get<SalesSummary>(`/v1/admin/sales/summary?from=${today}&to=${today}`);
    expect(summary).toMatchObject({ from: today, to: today, today, timeZone: 'Europe/Warsaw' });
    const pln = { currency: 'PLN' };
    expect(summary.totals).toEqual([
      {
        ...pln,
        gross: 4347,
        refunds: 450,
        voids: 699,
        net: 3198,
        saleCount: 4,
        refundCount: 1,
        voidCount: 1,
        cash: 2198,
        card: 1000,
      },
    ]);
    expect(summary.days).toEqual([{ businessDate: today, ...summary.totals[0] }]);
    expect(summary.locations).toEqual([
      {
        locationId: 'shelf',
        locationName: 'Shelf',
        ...pln,
        gross: 2997,
        refunds: 450,
        voids: 699,
        net: 1848,
        saleCount: 3,
        refundCount: 1,
        voidCount: 1,
        cash: 1848,
        card: 0,
      },
      {
        locationId: 'backroom',
        locationName: 'Backroom',
        ...pln,
        gross: 1350,
        refunds: 0,
        voids: 0,
        net: 1350,
        saleCount: 1,
        refundCount: 0,
        voidCount: 0,
        cash: 350,
        card: 1000,
      },
    ]);
    // The void counts on the till and cashier that voided, as the totals bucket it.
    expect(summary.devices).toEqual([
      {
        deviceId: till1.deviceId,
        deviceName: 'Till 1',
        ...pln,
        gross: 2949,
        refunds: 0,
        voids: 0,
        net: 2949,
        saleCount: 3,
        refundCount: 0,
        voidCount: 0,
        cash: 1250,
        card: 1699,
      },
      {
        deviceId: till2.deviceId,
        deviceName: 'Till 2',
        ...pln,
        gross: 1398,
        refunds: 450,
        voids: 699,
        net: 249,
        saleCount: 1,
        refundCount: 1,
        voidCount: 1,
        cash: 948,
        card: -699,
      },
    ]);
    expect(summary.cashiers.map((c) => [c.cashierId, c.net])).toEqual([
      ['kasia-1', 2949],
      ['anna', 249],
    ]);

    // Each way of summing equals the daily-totals API's rows summed the same way.
    const { totals: rows } = await get<{ totals: DailyRow[] }>(
      `/v1/admin/sales/daily-totals?from=${today}&to=${today}`,
    );
    const expectSums = (views: Array<SalesFigures & Record<string, unknown>>, key: (row: DailyRow) => string) => {
      const sums = sumRows(rows, key);
      expect(views.length).toBe(sums.size);
      for (const view of views) expect(figuresOf(view)).toEqual(sums.get(key(view as unknown as DailyRow)));
    };
    expectSums(summary.totals, (row) => row.currency);
    expectSums(summary.days, (row) => row.businessDate);
    expectSums(summary.locations, (row) => row.locationId);
    expectSums(summary.devices, (row) => row.deviceId);
    expectSums(summary.cashiers, (row) => row.cashierId);
  });

  it('lists the refunds and voids behind the figures, filtered the way the totals bucket them', async () => {
    const summary = await get<SalesSummary>(`/v1/admin/sales/summary?from=${today}&to=${today}`);
    expect(summary.refunds).toEqual([
      expect.objectContaining({
        refundId: 'r-1',
        saleId: 's-1',
        businessDate: today,
        locationName: 'Shelf',
        deviceName: 'Till 2',
        cashierId: 'anna',
        currency: 'PLN',
        total: 450,
        cash: 450,
        card: 0,
        reason: 'dented can',
      }),
    ]);
    expect(summary.voids).toEqual([
      expect.objectContaining({
        saleId: 's-2',
        deviceName: 'Till 2',
        cashierId: 'anna',
        total: 699,
        cash: 0,
        card: 699,
        reason: 'wrong card',
      }),
    ]);
    expect(summary.refunds.reduce((sum, r) => sum + r.total, 0)).toBe(summary.totals[0]!.refunds);
    expect(summary.voids.reduce((sum, v) => sum + v.total, 0)).toBe(summary.totals[0]!.voids);

    const ofTill1 = await get<SalesSummary>(
      `/v1/admin/sales/summary?from=${today}&to=${today}&deviceId=${till1.deviceId}`,
    );
    expect([ofTill1.refunds, ofTill1.voids]).toEqual([[], []]);
    expect(ofTill1.totals[0]!.net).toBe(2949);
    const backroom = await get<SalesSummary>(`/v1/admin/sales/summary?from=${today}&to=${today}&locationId=backroom`);
    expect(backroom.totals.map(figuresOf)).toEqual([
      {
        gross: 1350,
        refunds: 0,
        voids: 0,
        net: 1350,
        saleCount: 1,
        refundCount: 0,
        voidCount: 0,
        cash: 350,
        card: 1000,
      },
    ]);
    const anna = await get<SalesSummary>(`/v1/admin/sales/summary?from=${today}&to=${today}&cashierId=anna`);
    expect([anna.refunds.length, anna.voids.length, anna.totals[0]!.net]).toEqual([1, 1, 249]);
  });

  it('without dates, sums the last two weeks up to the store’s today', async () => {
    const summary = await get<SalesSummary>('/v1/admin/sales/summary');
    expect([summary.from, summary.to]).toEqual([addDays(today, -13), today]);
    expect(summary.totals[0]!.net).toBe(3198);
    const empty = await get<SalesSummary>('/v1/admin/sales/summary?from=2026-01-01&to=2026-01-31');
    expect([empty.totals, empty.days, empty.refunds, empty.voids]).toEqual([[], [], [], []]);
  });

  it('shows the end-of-day report with the figures the printed report prints', async () => {
    const report = await get<EndOfDayReport>(`/v1/admin/sales/end-of-day?businessDate=${today}`);
    // Per location in the order the printed report lists them (by location id).
    expect(report.takings.map((t) => [t.locationName, t.gross, t.refunds, t.voids, t.net, t.cash, t.card])).toEqual([
      ['Backroom', 1350, 0, 0, 1350, 350, 1000],
      ['Shelf', 2997, 450, 699, 1848, 1848, 0],
    ]);
    expect(report.storeTotals).toEqual([
      {
        currency: 'PLN',
        saleCount: 4,
        gross: 4347,
        refundCount: 1,
        refunds: 450,
        voidCount: 1,
        voids: 699,
        net: 3198,
        cash: 2198,
        card: 1000,
      },
    ]);
    expect(await get<EndOfDayReport>('/v1/admin/sales/end-of-day')).toEqual(report);

    const bytes = renderReceipt(
      store.t.hub.context.ledger.db,
      { kind: 'end_of_day', businessDate: today },
      printerConfig('epson', 80),
      STORE,
    );
    const printed = readReceipt('epson', bytes).lines;
    const amountOn = (label: string) =>
      printed.filter((line) => line.startsWith(label)).map((line) => line.slice(label.length).trim());
    const sections = [...report.takings, ...report.storeTotals];
    expect(amountOn('Netto')).toEqual(sections.map((s) => formatMoney(s.net, s.currency)));
    expect(amountOn('  gotówka')).toEqual(sections.map((s) => formatMoney(s.cash, s.currency)));
    expect(amountOn('  karta')).toEqual(sections.map((s) => formatMoney(s.card, s.currency)));
    expect(amountOn(`Sprzedaż (`).map((text) => text.replace(/^\d+\)\s*/, ''))).toEqual(
      sections.map((s) => formatMoney(s.gross, s.currency)),
    );
  });

  it('exports the daily-totals rows as CSV, amounts exact in major units', async () => {
    const { totals: rows } = await get<{ totals: DailyRow[] }>(
      `/v1/admin/sales/daily-totals?from=${today}&to=${today}`,
    );
    const answer = await fetchAnswer(
      `${store.t.uiUrl}/v1/admin/sales/daily-totals?from=${today}&to=${today}&format=csv`,
      {
        headers: { cookie: store.marta },
      },
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe(`attachment; filename="sales-${today}-to-${today}.csv"`);
    const [header, ...lines] = answer.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(header).toBe(
      'Business date,Location ID,Location,Device ID,Device,Cashier ID,Currency,Sales,Gross,Refunds,Refunded,Voids,Voided,Net,Cash (net),Card (net)',
    );
    const major = (minor: number) =>
      `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;
    expect(lines).toEqual(
      rows.map((row) =>
        [
          row.businessDate,
          row.locationId,
          row.locationId === 'shelf' ? 'Shelf' : 'Backroom',
          row.deviceId,
          row.deviceId === till1.deviceId ? 'Till 1' : 'Till 2',
          row.cashierId,
          'PLN',
          row.saleCount,
          major(row.gross),
          row.refundCount,
          major(row.refunds),
          row.voidCount,
          major(row.voids),
          major(row.net),
          major(row.cash),
          major(row.card),
        ].join(','),
      ),
    );
    expect(lines.some((line) => line.endsWith(',-6.99'))).toBe(true);
  });

  it('refuses impossible ranges and dates, and cashiers, with the error envelope', async () => {
    const cases: Array<[path: string, who: 'marta' | 'kasia', status: number, code: string]> = [
      ['/v1/admin/sales/summary?from=2026-11-22&to=2026-11-01', 'marta', 400, 'INVALID_RANGE'],
      ['/v1/admin/sales/summary?from=2026-02-30&to=2026-03-01', 'marta', 400, 'INVALID_RANGE'],
      ['/v1/admin/sales/summary?from=2020-01-01&to=2026-01-01', 'marta', 400, 'INVALID_RANGE'],
      ['/v1/admin/sales/summary?to=yesterday', 'marta', 400, 'INVALID_REQUEST'],
      ['/v1/admin/sales/daily-totals?from=2026-02-30&to=2026-03-01&format=csv', 'marta', 400, 'INVALID_RANGE'],
      ['/v1/admin/sales/daily-totals?from=2026-11-01&to=2026-11-02&format=pdf', 'marta', 400, 'INVALID_REQUEST'],
      ['/v1/admin/sales/end-of-day?businessDate=2026-02-30', 'marta', 400, 'INVALID_DATE'],
      ['/v1/admin/sales/summary', 'kasia', 403, 'FORBIDDEN'],
      ['/v1/admin/sales/end-of-day', 'kasia', 403, 'FORBIDDEN'],
    ];
    for (const [path, who, status, code] of cases) {
      expectErrorShape(await store.t.admin('GET', path, undefined, store[who]), status, code);
    }
    expectLedgerSound(store);
  });
});

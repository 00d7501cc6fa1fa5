/**
 * The Sales screen in real Chromium (issue 12): two paired tills sell, refund and void; the screen's totals, tender
 * split and per location, device and cashier tables equal the daily-totals API summed the same way, to the grosz; a
 * new sale moves them live; the end-of-day report shows the figures the printer prints; the CSV holds the same rows.
 */
import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './helpers/axe.js';
import { formatMinor } from '../../src/renderer/format.js';
import type { EndOfDayReport } from '../../src/shared/protocol/sales-views.js';
import type { TestDevice } from '../helpers/device-signer.js';
import { openUiSession, screenshot, seedShelf, type UiSession } from '../helpers/ui-session.js';

interface DailyRow {
  businessDate: string;
  locationId: string;
  deviceId: string;
  cashierId: string;
  currency: string;
  gross: number;
  refunds: number;
  voids: number;
  net: number;
  saleCount: number;
  refundCount: number;
  voidCount: number;
  cash: number;
  card: number;
}

const FIGURES = ['gross', 'refunds', 'voids', 'net', 'saleCount', 'refundCount', 'voidCount', 'cash', 'card'] as const;
type Sums = Record<(typeof FIGURES)[number], number>;

/** The API's rows summed per key, here in the test, independently of the hub and the screen. */
function sumBy(rows: readonly DailyRow[], key: (row: DailyRow) => string): Map<string, Sums> {
  const sums = new Map<string, Sums>();
  for (const row of rows) {
    const sum = sums.get(key(row)) ?? (Object.fromEntries(FIGURES.map((f) => [f, 0])) as Sums);
    for (const figure of FIGURES) sum[figure] += row[figure];
    sums.set(key(row), sum);
  }
  return sums;
}

const pln = (amount: number) => formatMinor(amount, 'PLN');
/** A table row as the screen shows a bucket's figures: name, sales, gross, refunds (n), voids (n), net, cash, card. */
const figuresRow = (name: string, s: Sums) =>
  `${name}${s.saleCount}${pln(s.gross)}${pln(s.refunds)} (${s.refundCount})${pln(s.voids)} (${s.voidCount})` +
  `${pln(s.net)}${pln(s.cash)}${pln(s.card)}`;
const rowsOf = async (table: Locator) => (await table.getByRole('row').allTextContents()).slice(1);

describe('back-office UI: sales', () => {
  let s: UiSession;
  let till1: TestDevice;
  let till2: TestDevice;
  let today: string;

  const push = async (till: TestDevice, events: Array<[type: string, payload: Record<string, unknown>]>) => {
    const pushed = await s.lan('POST', '/v1/events', {
      token: till.token,
      body: { events: events.map(([type, payload]) => till.envelope(type, payload)) },
    });
    expect(
      pushed.json.results.map((r: { status: string }) => r.status),
      pushed.text,
    ).toEqual(events.map(() => 'accepted'));
  };
  const sale = (saleId: string, locationId: string, cashierId: string, quantity: number, cash: number) => ({
    saleId,
    locationId,
    cashierId,
    lines: [{ productId: 'cola', quantity, unitPrice: { amount: 450, currency: 'PLN' }, taxRate: '23' }],
    tenders: [
      ...(cash > 0 ? [{ method: 'cash', amount: { amount: cash, currency: 'PLN' } }] : []),
      ...(quantity * 450 - cash > 0
        ? [{ method: 'card', amount: { amount: quantity * 450 - cash, currency: 'PLN' } }]
        : []),
    ],
  });
  const dailyTotals = async () => {
    const answer = await s.admin('GET', `/v1/admin/sales/daily-totals?from=${today}&to=${today}`);
    expect(answer.status).toBe(200);
    return answer.json.totals as DailyRow[];
  };

  beforeAll(async () => {
    s = await openUiSession();
    await seedShelf(s, 100);
    for (const [path, body] of [
      ['/v1/admin/catalog/locations', { id: 'backroom', name: 'Backroom', active: true }],
      ['/v1/admin/inventory/receipts', { productId: 'cola', locationId: 'backroom', quantity: 50 }],
    ] as const) {
      const answer = await s.admin('POST', path, body);
      expect(answer.status, JSON.stringify(answer.json)).toBe(201);
    }
    till1 = await s.pair('Till 1');
    till2 = await s.pair('Till 2');
    await push(till1, [
      ['sale.complete', sale('s-1', 'shelf', 'kasia', 2, 900)],
      ['sale.complete', sale('s-2', 'shelf', 'kasia', 1, 0)],
      ['sale.complete', sale('s-3', 'backroom', 'kasia', 3, 350)],
    ]);
    await push(till2, [
      ['sale.complete', sale('s-4', 'shelf', 'anna', 5, 1000)],
      [
        'sale.refund',
        {
          saleId: 's-1',
          refundId: 'r-1',
          lines: [{ productId: 'cola', quantity: 1 }],
          tenders: [{ method: 'cash', amount: { amount: 450, currency: 'PLN' } }],
          cashierId: 'anna',
          reason: 'dented can',
        },
      ],
      ['sale.void', { saleId: 's-2', cashierId: 'anna', reason: 'wrong card' }],
    ]);
    today = (await s.admin('GET', '/v1/admin/sales/summary')).json.today;
  });
  afterAll(() => s?.close());

  it('shows today’s totals and how they were paid, equal to the daily-totals API to the grosz', async () => {
    const { page } = s;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sales' }).click();
    await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Today' }).click();
    await page.waitForURL(`**/sales?from=${today}&to=${today}`);

    const [all] = [...sumBy(await dailyTotals(), () => 'all').values()] as [Sums];
    expect(all).toMatchObject({ gross: 4950, refunds: 450, voids: 450, net: 4050 });
    const totals = page.getByRole('region', { name: 'Totals in PLN' });
    await totals.getByText(pln(all.net), { exact: true }).waitFor();
    expect(await totals.locator('.stat-value').allTextContents()).toEqual([
      pln(all.net),
      pln(all.gross),
      pln(all.refunds),
      pln(all.voids),
    ]);
    expect(await totals.locator('.stat-detail').allTextContents()).toEqual([
      'gross less refunds and voids',
      `${all.saleCount} sales`,
      `${all.refundCount} refund`,
      `${all.voidCount} void`,
    ]);
    const split = page.getByRole('table', { name: 'Tender split in PLN' });
    expect(await rowsOf(split)).toEqual([
      `Cash${pln(all.cash)}${((all.cash / all.net) * 100).toFixed(1)}%`,
      `Card${pln(all.card)}${((all.card / all.net) * 100).toFixed(1)}%`,
      `Total${pln(all.net)}100.0%`,
    ]);
    await page
      .getByRole('figure', { name: 'Net takings per day in PLN, cash and card' })
      .locator('.recharts-bar-rectangle')
      .first()
      .waitFor();
    await screenshot(page, 'sales');
    await expectAccessible(page, 'sales');
  });

  it('breaks the figures down per location, device and cashier exactly as the API’s rows add up', async () => {
    const { page } = s;
    const rows = await dailyTotals();
    const breakdown = page.getByRole('region', { name: 'Breakdown' });
    const expectTable = async (
      tab: string,
      caption: string,
      key: (row: DailyRow) => string,
      name: (key: string) => string,
    ) => {
      await breakdown.getByRole('button', { name: tab }).click();
      const shown = await rowsOf(breakdown.getByRole('table', { name: caption }));
      const expected = [...sumBy(rows, key)].map(([k, sums]) => figuresRow(name(k), sums));
      expect([...shown].sort()).toEqual([...expected].sort());
    };
    await expectTable(
      'By location',
      'Sales by location',
      (r) => r.locationId,
      (id) => (id === 'shelf' ? 'Shelf' : 'Backroom'),
    );
    await expectTable(
      'By device',
      'Sales by device',
      (r) => r.deviceId,
      (id) => (id === till1.deviceId ? 'Till 1' : 'Till 2'),
    );
    await expectTable(
      'By cashier',
      'Sales by cashier',
      (r) => r.cashierId,
      (id) => id,
    );
    await screenshot(page, 'sales-by-cashier');
    await expectAccessible(page, 'sales-by-cashier');

    const reversals = page.getByRole('region', { name: 'Refunds and voids' });
    expect(await rowsOf(reversals.getByRole('table', { name: 'Refunds, newest first' }))).toEqual([
      expect.stringMatching(/r-1 of sale s-1ShelfTill 2anna.*4\.50cash .*4\.50dented can/),
    ]);
    await reversals.getByRole('button', { name: 'Voids (1)' }).click();
    expect(await rowsOf(reversals.getByRole('table', { name: 'Voided sales, newest first' }))).toEqual([
      expect.stringMatching(/sale s-2ShelfTill 2anna.*4\.50card .*4\.50wrong card/),
    ]);
  });

  it('moves the figures live when a till sells, still equal to the API', async () => {
    const { page } = s;
    await push(till1, [['sale.complete', sale('s-5', 'shelf', 'kasia', 4, 0)]]);
    const [all] = [...sumBy(await dailyTotals(), () => 'all').values()] as [Sums];
    expect(all.net).toBe(4050 + 1800);
    const totals = page.getByRole('region', { name: 'Totals in PLN' });
    await totals.getByText(pln(all.net), { exact: true }).waitFor();
    expect(await totals.locator('.stat-value').first().textContent()).toBe(pln(all.net));
  });

  it('shows the end-of-day report with the printed report’s figures', async () => {
    const { page } = s;
    const report = (await s.admin('GET', `/v1/admin/sales/end-of-day?businessDate=${today}`)).json as EndOfDayReport;
    const card = page.getByRole('region', { name: `End-of-day report · ${today}` });
    await card.scrollIntoViewIfNeeded();
    for (const takings of [
      ...report.takings.map((t) => ({ ...t, title: `${t.locationName} (PLN)` })),
      ...report.storeTotals.map((t) => ({ ...t, title: 'Whole store (PLN)' })),
    ]) {
      expect(await card.getByRole('table', { name: takings.title }).getByRole('row').allTextContents()).toEqual([
        `Sales (${takings.saleCount})${pln(takings.gross)}`,
        `Refunds (${takings.refundCount})${pln(-takings.refunds)}`,
        `Voids (${takings.voidCount})${pln(-takings.voids)}`,
        `Net${pln(takings.net)}`,
        `cash${pln(takings.cash)}`,
        `card${pln(takings.card)}`,
      ]);
    }
    const [whole] = report.storeTotals as [EndOfDayReport['storeTotals'][number]];
    const [all] = [...sumBy(await dailyTotals(), () => 'all').values()] as [Sums];
    expect({ net: whole.net, gross: whole.gross, cash: whole.cash, card: whole.card }).toEqual({
      net: all.net,
      gross: all.gross,
      cash: all.cash,
      card: all.card,
    });
    await screenshot(page, 'sales-end-of-day');
    await expectAccessible(page, 'sales-end-of-day');
  });

  it('downloads the same rows as CSV', async () => {
    const { page } = s;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`sales-${today}-to-${today}.csv`);
    const lines = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const rows = await dailyTotals();
    expect(lines.length).toBe(rows.length + 1);
    const netColumn = lines[0]!.split(',').indexOf('Net');
    const major = (minor: number) =>
      `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;
    expect(lines.slice(1).map((line) => line.split(',')[netColumn])).toEqual(rows.map((row) => major(row.net)));
    expect(s.problems).toEqual([]);
  });
});

// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EndOfDayReport, SalesFigures, SalesSummary } from '../../src/shared/protocol/sales-views.js';
import {
  cashierLabel,
  countText,
  dailySeries,
  deviceLabel,
  shareText,
} from '../../src/renderer/pages/sales/sales-copy.js';
import { readSalesParams, writeSalesParams } from '../../src/renderer/pages/sales/sales-params.js';
import { SalesPage } from '../../src/renderer/pages/sales/SalesPage.js';
import { renderScreen } from '../helpers/ui-render.js';

const plain = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');

const figures = (fields: Partial<SalesFigures>): SalesFigures => ({
  currency: 'PLN',
  gross: 0,
  refunds: 0,
  voids: 0,
  net: 0,
  saleCount: 0,
  refundCount: 0,
  voidCount: 0,
  cash: 0,
  card: 0,
  ...fields,
});

const total = figures({
  gross: 4347,
  refunds: 450,
  voids: 699,
  net: 3198,
  saleCount: 4,
  refundCount: 1,
  voidCount: 1,
  cash: 2198,
  card: 1000,
});

const summary: SalesSummary = {
  from: '2026-11-20',
  to: '2026-11-22',
  today: '2026-11-22',
  timeZone: 'Europe/Warsaw',
  totals: [total],
  days: [
    { businessDate: '2026-11-20', ...figures({ gross: 1000, net: 1000, saleCount: 1, cash: 1000 }) },
    { businessDate: '2026-11-22', ...figures({ ...total, gross: 3347, net: 2198, saleCount: 3, cash: 1198 }) },
  ],
  locations: [
    { locationId: 'shelf', locationName: 'Shelf', ...figures({ gross: 2997, net: 1848, saleCount: 3, cash: 1848 }) },
    { locationId: 'backroom', locationName: 'Backroom', ...figures({ gross: 1350, net: 1350, saleCount: 1 }) },
  ],
  devices: [
    { deviceId: 'd1', deviceName: 'Till 1', ...figures({ gross: 2949, net: 2949, saleCount: 3 }) },
    { deviceId: '', deviceName: null, ...figures({ gross: 1398, net: 249, saleCount: 1 }) },
  ],
  cashiers: [
    { cashierId: 'kasia-1', ...figures({ net: 2949 }) },
    { cashierId: '', ...figures({ net: 249 }) },
  ],
  refunds: [
    {
      refundId: 'r-1',
      saleId: 's-1',
      cursor: 21,
      recordedAt: '2026-11-22T10:00:00.000Z',
      businessDate: '2026-11-22',
      locationId: 'shelf',
      locationName: 'Shelf',
      deviceId: 'd2',
      deviceName: 'Till 2',
      cashierId: 'anna',
      currency: 'PLN',
      total: 450,
      cash: 450,
      card: 0,
      reason: 'dented can',
    },
  ],
  voids: [
    {
      saleId: 's-2',
      cursor: 22,
      recordedAt: '2026-11-22T10:05:00.000Z',
      businessDate: '2026-11-22',
      locationId: 'shelf',
      locationName: 'Shelf',
      deviceId: '',
      deviceName: null,
      cashierId: '',
      currency: 'PLN',
      total: 699,
      cash: 0,
      card: 699,
      reason: null,
    },
  ],
  listLimit: 200,
  choices: {
    locations: [
      { id: 'backroom', name: 'Backroom' },
      { id: 'shelf', name: 'Shelf' },
    ],
    devices: [{ id: 'd1', name: 'Till 1' }],
    cashiers: ['anna', 'kasia-1'],
  },
};

const endOfDay: EndOfDayReport = {
  businessDate: '2026-11-22',
  today: '2026-11-22',
  takings: [
    {
      locationName: 'Backroom',
      ...figures({ gross: 1350, net: 1350, saleCount: 1, cash: 350, card: 1000 }),
    },
    {
      locationName: 'Shelf',
      ...figures({ gross: 2997, refunds: 450, voids: 699, net: 1848, saleCount: 3, refundCount: 1, voidCount: 1 }),
    },
  ],
  storeTotals: [total],
  offlineCardPayments: [
    { currency: 'PLN', count: 2, total: 1699, outstandingCount: 1, outstanding: 1000, heldCount: 0, held: 0 },
  ],
};

const routes = {
  'GET /v1/admin/sales/summary': summary,
  'GET /v1/admin/sales/end-of-day': endOfDay,
};

describe('sales words and series', () => {
  it('names the buckets the hub keeps for none, and shares out the net', () => {
    expect(deviceLabel('', null)).toBe('Hub (no device)');
    expect(deviceLabel('d1', null)).toBe('d1');
    expect(cashierLabel('')).toBe('No cashier given');
    expect(shareText(2198, total)).toBe('68.7%');
    expect(shareText(0, figures({ net: -5 }))).toBe('—');
    expect([countText(1, 'sale', 'sales'), countText(3, 'sale', 'sales')]).toEqual(['1 sale', '3 sales']);
  });

  it('fills the quiet days of the range for the chart, in one currency', () => {
    const points = dailySeries(summary, 'PLN');
    expect(points.map((p) => [p.businessDate, p.net, p.cash, p.card])).toEqual([
      ['2026-11-20', 1000, 1000, 0],
      ['2026-11-21', 0, 0, 0],
      ['2026-11-22', 2198, 1198, 1000],
    ]);
    expect(dailySeries(summary, 'EUR').every((p) => p.net === 0)).toBe(true);
  });

  it('keeps the range and filters in the URL, dropping dates that do not exist', () => {
    const filter = { from: '2026-11-01', to: '2026-11-22', locationId: 'shelf', cashierId: 'anna' };
    expect(readSalesParams(writeSalesParams(filter))).toEqual(filter);
    expect(readSalesParams(new URLSearchParams('from=2026-02-30&to=x&device=d1'))).toEqual({ deviceId: 'd1' });
  });
});

describe('the Sales screen', () => {
  it('shows the totals, the tender split and the breakdowns to the grosz', async () => {
    renderScreen(<SalesPage />, { path: '/sales', routes });
    const totals = await screen.findByRole('region', { name: 'Totals in PLN' });
    expect(plain(totals.textContent)).toBe(
      'Net takingsPLN 31.98gross less refunds and voids' +
        'Gross salesPLN 43.474 sales' +
        'RefundsPLN 4.501 refund' +
        'VoidsPLN 6.991 void',
    );
    const split = screen.getByRole('table', { name: 'Tender split in PLN' });
    expect(
      within(split)
        .getAllByRole('row')
        .map((row) => plain(row.textContent)),
    ).toEqual(['MethodNetShare', 'CashPLN 21.9868.7%', 'CardPLN 10.0031.3%', 'TotalPLN 31.98100.0%']);
    expect(screen.getByRole('figure', { name: 'Net takings per day in PLN, cash and card' })).toBeTruthy();

    const breakdown = screen.getByRole('region', { name: 'Breakdown' });
    const rows = () =>
      within(breakdown)
        .getAllByRole('row')
        .slice(1)
        .map((row) => plain(row.textContent));
    expect(rows()).toEqual([
      'Shelf3PLN 29.97PLN 0.00 (0)PLN 0.00 (0)PLN 18.48PLN 18.48PLN 0.00',
      'Backroom1PLN 13.50PLN 0.00 (0)PLN 0.00 (0)PLN 13.50PLN 0.00PLN 0.00',
    ]);
    fireEvent.click(within(breakdown).getByRole('button', { name: 'By device' }));
    expect(rows().map((row) => row.split('PLN')[0])).toEqual(['Till 13', 'Hub (no device)1']);
    fireEvent.click(within(breakdown).getByRole('button', { name: 'By cashier' }));
    expect(rows().map((row) => row.split('PLN')[0])).toEqual(['kasia-10', 'No cashier given0']);
    fireEvent.click(within(breakdown).getByRole('button', { name: 'By day' }));
    expect(rows().map((row) => row.slice(0, 10))).toEqual(['2026-11-22', '2026-11-20']);

    const reversals = screen.getByRole('region', { name: 'Refunds and voids' });
    const refund = within(reversals).getByRole('table', { name: 'Refunds, newest first' });
    expect(plain(within(refund).getAllByRole('row')[1]!.textContent)).toMatch(
      /r-1 of sale s-1ShelfTill 2annaPLN 4\.50cash PLN 4\.50dented can/,
    );
    expect(within(reversals).queryByRole('table', { name: 'Voided sales, newest first' })).toBeNull();
    fireEvent.click(within(reversals).getByRole('button', { name: 'Voids (1)' }));
    const voided = within(reversals).getByRole('table', { name: 'Voided sales, newest first' });
    expect(plain(within(voided).getAllByRole('row')[1]!.textContent)).toMatch(
      /sale s-2ShelfHub \(no device\)No cashier givenPLN 6\.99card PLN 6\.99—$/,
    );
  });

  it('shows the end-of-day report block by block, as the printer prints it', async () => {
    renderScreen(<SalesPage />, { path: '/sales', routes });
    const card = await screen.findByRole('region', { name: 'End-of-day report · 2026-11-22' });
    const block = (name: string) =>
      Array.from(within(card).getByRole('table', { name }).querySelectorAll('tr'), (row) => plain(row.textContent));
    expect(block('Shelf (PLN)')).toEqual([
      'Sales (3)PLN 29.97',
      'Refunds (1)-PLN 4.50',
      'Voids (1)-PLN 6.99',
      'NetPLN 18.48',
      'cashPLN 0.00',
      'cardPLN 0.00',
    ]);
    expect(block('Whole store (PLN)')[3]).toBe('NetPLN 31.98');
    expect(block('Offline card payments (PLN)')).toEqual([
      'All (2)PLN 16.99',
      'Not yet forwarded (1)PLN 10.00',
      'of which held (0)PLN 0.00',
    ]);
  });

  it('applies a range and filters, asks the hub for them and links the CSV of the same rows', async () => {
    const view = renderScreen(<SalesPage />, { path: '/sales?from=2026-11-20&to=2026-11-22', routes });
    // The form starts again from each answer's range, so it is looked up once the answer is in.
    await screen.findByRole('option', { name: 'Till 1' });
    const form = screen.getByRole('form', { name: 'Choose the sales to show' });
    fireEvent.change(within(form).getByLabelText('Location'), { target: { value: 'shelf' } });
    fireEvent.change(within(form).getByLabelText('Cashier'), { target: { value: 'anna' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Show' }));
    await waitFor(() =>
      expect(view.requests()).toContain(
        '/v1/admin/sales/summary?from=2026-11-20&to=2026-11-22&locationId=shelf&cashierId=anna',
      ),
    );
    expect(view.router.state.location.search).toBe('?from=2026-11-20&to=2026-11-22&location=shelf&cashier=anna');
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/v1/admin/sales/daily-totals?from=2026-11-20&to=2026-11-22&locationId=shelf&cashierId=anna&format=csv',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Today' }));
    await waitFor(() => expect(view.router.state.location.search).toContain('from=2026-11-22&to=2026-11-22'));
  });

  it('says so when nothing was sold', async () => {
    const empty = {
      ...summary,
      totals: [],
      days: [],
      locations: [],
      devices: [],
      cashiers: [],
      refunds: [],
      voids: [],
    };
    renderScreen(<SalesPage />, { path: '/sales', routes: { ...routes, 'GET /v1/admin/sales/summary': empty } });
    await screen.findByText('Nothing was sold, refunded or voided in this range.');
    expect(screen.getByText('No refunds in this range.')).toBeTruthy();
  });
});

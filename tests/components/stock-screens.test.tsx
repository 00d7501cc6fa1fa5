// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import type {
  CountSheet,
  StockLevelView,
  StockList,
  StockMovementPage,
  StockMovementView,
} from '../../src/shared/protocol/stock-views.js';
import { queryKeys } from '../../src/renderer/api/keys.js';
import { keysFor } from '../../src/renderer/live/notice-routing.js';
import { CountSheetPage } from '../../src/renderer/pages/stock/CountSheetPage.js';
import { ProductStockPage } from '../../src/renderer/pages/stock/ProductStockPage.js';
import {
  changeText,
  discrepancyReason,
  lastCountText,
  movementWords,
  personText,
  referenceText,
  signedCount,
} from '../../src/renderer/pages/stock/stock-copy.js';
import { readStockParams, stockQuery, writeStockParams } from '../../src/renderer/pages/stock/stock-params.js';
import { StockPage } from '../../src/renderer/pages/stock/StockPage.js';
import { renderScreen } from '../helpers/ui-render.js';

const level = (fields: Partial<StockLevelView>): StockLevelView => ({
  productId: 'cola',
  productName: 'Cola',
  unit: 'pcs',
  locationId: 'shelf',
  locationName: 'Shelf',
  locationActive: true,
  quantity: 12,
  lastMovedCursor: 40,
  lastCount: null,
  negative: false,
  discrepant: false,
  conflictIds: [],
  ...fields,
});

const list: StockList = {
  levels: [
    level({
      productId: 'chips',
      productName: 'Chips',
      quantity: -2,
      negative: true,
      discrepant: true,
      conflictIds: ['c-1'],
      lastCount: { cursor: 31, recordedAt: '2026-11-22T09:00:00.000Z', expected: 5, counted: 4 },
    }),
    level({}),
    level({ locationId: 'backroom', locationName: 'Backroom', locationActive: false, quantity: 4 }),
  ],
  total: 3,
  offset: 0,
  products: [
    { id: 'chips', name: 'Chips', unit: 'pcs' },
    { id: 'cola', name: 'Cola', unit: 'pcs' },
  ],
  locations: [
    { id: 'backroom', name: 'Backroom', active: false },
    { id: 'shelf', name: 'Shelf', active: true },
  ],
  conflicts: [
    {
      id: 'c-1',
      kind: 'stock_discrepancy',
      status: 'open',
      cursor: 33,
      deviceId: 'd1',
      places: [{ productId: 'chips', locationId: 'shelf' }],
    },
  ],
  cursor: 50,
};

const movement = (fields: Partial<StockMovementView>): StockMovementView => ({
  cursor: 33,
  recordedAt: '2026-11-22T10:00:00.000Z',
  type: 'sale.complete',
  status: 'accepted',
  locationId: 'shelf',
  locationName: 'Shelf',
  delta: -6,
  quantityAfter: -2,
  count: false,
  deviceId: 'd1',
  deviceName: 'Till 1',
  actor: null,
  cashierId: 'kasia',
  saleId: 's-2',
  refundId: null,
  conflictId: null,
  reason: null,
  ...fields,
});

const history: StockMovementPage = {
  product: { id: 'chips', name: 'Chips', unit: 'pcs' },
  levels: [{ locationId: 'shelf', locationName: 'Shelf', quantity: -2 }],
  movements: [
    movement({}),
    movement({
      cursor: 31,
      type: 'inventory.count',
      delta: -1,
      quantityAfter: 4,
      count: true,
      deviceName: 'Handheld',
      cashierId: null,
      saleId: null,
    }),
    movement({
      cursor: 3,
      type: 'inventory.receive',
      delta: 5,
      quantityAfter: 5,
      deviceId: null,
      deviceName: null,
      actor: 'Olga',
      cashierId: null,
      saleId: null,
    }),
  ],
  nextBefore: 3,
};

describe('stock words', () => {
  it('says what each record did, who did it, and what a count found', () => {
    expect(movementWords('sale.complete')).toBe('Sold');
    expect(movementWords('inventory.adjustment')).toBe('Adjusted by a manager');
    expect(movementWords('something.new')).toBe('something.new');
    expect([signedCount(3), signedCount(-1200), signedCount(0)]).toEqual(['+3', '−1,200', '±0']);
    expect(changeText({ delta: -1, count: true, quantityAfter: 4 })).toBe('Counted 4, books said 5 (−1)');
    expect(changeText({ delta: 0, count: true, quantityAfter: 4 })).toBe('Counted 4: as the books said');
    expect(changeText({ delta: 2, count: false, quantityAfter: 9 })).toBe('+2');
    expect(personText({ cashierId: 'kasia', actor: null, deviceId: 'd1' })).toBe('Cashier kasia');
    expect(personText({ cashierId: null, actor: 'Marta', deviceId: null })).toBe('Marta (at the hub)');
    expect(personText({ cashierId: null, actor: null, deviceId: 'd1' })).toBe('—');
    expect(referenceText({ saleId: 's-1', refundId: 'r-1', reason: 'dented' })).toBe('refund r-1, sale s-1, “dented”');
    expect(lastCountText(list.levels[0]!)).toBe('4, books said 5');
    expect(discrepancyReason(list.levels[0]!)).toBe('an open conflict and the last count differed from the books');
  });

  it('refreshes stock and sales whenever the ledger moves', () => {
    expect(keysFor({ type: 'cursor', cursor: 9 })).toEqual(expect.arrayContaining([queryKeys.stock, queryKeys.sales]));
  });

  it('keeps the filters and the page in the URL', () => {
    const filters = { productId: 'cola', search: 'co', onlyNegative: true, onlyDiscrepant: true };
    const params = writeStockParams(filters, 200);
    expect(params.toString()).toBe('product=cola&q=co&negative=1&discrepant=1&offset=200');
    expect(readStockParams(params)).toEqual({ filters, offset: 200 });
    expect(readStockParams(new URLSearchParams('offset=-5&negative=yes'))).toEqual({ filters: {}, offset: 0 });
    expect(stockQuery(filters, 0, 100)).toBe(
      'productId=cola&search=co&onlyNegative=true&onlyDiscrepant=true&limit=100',
    );
  });
});

describe('the Stock screen', () => {
  it('marks negative and discrepant levels in words, with the open conflict beside them', async () => {
    renderScreen(<StockPage />, { role: 'cashier', path: '/stock', routes: { 'GET /v1/admin/stock': list } });
    const table = await screen.findByRole('table', { name: 'Stock per product and location' });
    const chips = within(table).getByRole('row', { name: /Chips/ });
    expect(chips.textContent).toMatch(/Shelf.*-2 pcs.*Negative.*Discrepant.*an open conflict and the last count/);
    expect(within(chips).getByRole('link', { name: '4, books said 5' }).getAttribute('href')).toBe('/activity/31');
    expect(within(chips).getByRole('link', { name: 'Open the conflict' }).getAttribute('href')).toBe('/conflicts/c-1');
    expect(within(chips).getByRole('link', { name: 'Chips' }).getAttribute('href')).toBe('/stock/products/chips');
    const backroom = within(table).getByRole('row', { name: /Backroom/ });
    expect(backroom.textContent).toMatch(/Backroom \(inactive\).*Never counted.*None/);

    const conflicts = screen.getByRole('region', { name: 'Open stock conflicts' });
    expect(
      within(conflicts).getByRole('link', { name: 'Sale beyond the stock on the books' }).getAttribute('href'),
    ).toBe('/conflicts/c-1');
    expect(conflicts.textContent).toContain('Chips at Shelf');
    expect(screen.getByRole('link', { name: 'Count sheet' }).getAttribute('href')).toBe('/stock/count-sheet');
  });

  it('links the oldest of many conflicts at one place, and says how many there are', async () => {
    const busy = { ...list, levels: [level({ discrepant: true, conflictIds: ['c-1', 'c-2', 'c-3'] })] };
    renderScreen(<StockPage />, { path: '/stock', routes: { 'GET /v1/admin/stock': busy } });
    const row = (await screen.findAllByRole('row', { name: /Cola/ }))[0]!;
    expect(within(row).getByRole('link', { name: 'Open the oldest' }).getAttribute('href')).toBe('/conflicts/c-1');
    expect(row.textContent).toContain('3 open, all listed above');
    expect(row.textContent).toContain('3 open conflicts');
  });

  it('applies the filters to the URL and the hub query', async () => {
    const view = renderScreen(<StockPage />, { path: '/stock', routes: { 'GET /v1/admin/stock': list } });
    const form = await screen.findByRole('form', { name: 'Filter the stock' });
    await within(form).findByRole('option', { name: 'Backroom (inactive)' });
    fireEvent.change(within(form).getByLabelText('Location'), { target: { value: 'shelf' } });
    fireEvent.click(within(form).getByLabelText('Only negative'));
    fireEvent.click(within(form).getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(view.requests()).toContain('/v1/admin/stock?locationId=shelf&onlyNegative=true&limit=100'),
    );
    expect(view.router.state.location.search).toBe('?location=shelf&negative=1');
  });

  it('pages through many levels', async () => {
    const many = { ...list, total: 250, offset: 100 };
    const view = renderScreen(<StockPage />, {
      path: '/stock?offset=100',
      routes: { 'GET /v1/admin/stock': many },
    });
    const pager = await screen.findByRole('navigation', { name: 'Stock pages' });
    expect(pager.textContent).toContain('Levels 101–103 of 250');
    fireEvent.click(within(pager).getByRole('button', { name: '← Previous' }));
    await waitFor(() => expect(view.router.state.location.search).toBe(''));
  });
});

describe("a product's history", () => {
  const routes = {
    'GET /v1/admin/stock/chips/movements?limit=50&locationId=shelf': { ...history, nextBefore: null },
    'GET /v1/admin/stock/chips/movements?limit=50&before=3': { ...history, movements: [], nextBefore: null },
    'GET /v1/admin/stock/chips/movements': history,
  };
  const render = () =>
    renderScreen(
      <Routes>
        <Route path="/stock/products/:productId" element={<ProductStockPage />} />
      </Routes>,
      { path: '/stock/products/chips', routes },
    );

  it('shows the levels now and every record that changed them, with device and person', async () => {
    render();
    await screen.findByRole('heading', { name: 'Chips', level: 1 });
    expect(screen.getByRole('region', { name: 'On the books now' }).textContent).toContain('Shelf-2 pcs');
    const table = screen.getByRole('table', { name: /Records that changed this product’s stock/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/Sold#33 sale\.complete.*Shelf.*−6.*-2.*Till 1.*Cashier kasia.*sale s-2.*Synced/),
      expect.stringMatching(/Counted#31 inventory\.count.*Counted 4, books said 5 \(−1\).*Handheld/),
      expect.stringMatching(/Received from a supplier.*\+5.*Hub.*Olga \(at the hub\)/),
    ]);
    // The link's name holds its visible text (axe: label-content-name-mismatch).
    expect(within(table).getByRole('link', { name: 'Event #33 sale.complete' }).getAttribute('href')).toBe(
      '/activity/33',
    );
  });

  it('pages older with `before` and narrows to one location', async () => {
    const view = render();
    const pager = await screen.findByRole('navigation', { name: 'History pages' });
    fireEvent.click(within(pager).getByRole('button', { name: 'Older →' }));
    await screen.findByText('No record has moved this product’s stock yet.');
    expect(view.requests()).toContain('/v1/admin/stock/chips/movements?limit=50&before=3');
    fireEvent.change(screen.getByLabelText('Location'), { target: { value: 'shelf' } });
    await waitFor(() => expect(view.requests()).toContain('/v1/admin/stock/chips/movements?limit=50&locationId=shelf'));
  });
});

describe('the count sheet', () => {
  const sheet: CountSheet = {
    generatedAt: '2026-11-22T10:00:00.000Z',
    cursor: 50,
    locations: [
      {
        locationId: 'shelf',
        locationName: 'Shelf',
        lines: [
          { productId: 'chips', productName: 'Chips', unit: 'pcs', expected: -2 },
          { productId: 'cola', productName: 'Cola', unit: 'pcs', expected: 12 },
        ],
      },
    ],
  };

  it('lists every product with the books, leaves them out for a blind count, and downloads as CSV', async () => {
    const view = renderScreen(<CountSheetPage />, {
      path: '/stock/count-sheet',
      routes: { 'GET /v1/admin/stock/count-sheet': sheet, 'GET /v1/admin/stock': list },
    });
    const page = await screen.findByRole('region', { name: 'Count sheet: Shelf' });
    const table = within(page).getByRole('table', { name: 'Products to count at Shelf' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Product', 'Product ID', 'Unit', 'On the books', 'Counted']);
    expect(within(table).getAllByRole('row')[1]!.textContent).toBe('Chipschipspcs-2');
    const csv = screen.getByRole('link', { name: 'Download CSV' });
    expect(csv.getAttribute('href')).toBe('/v1/admin/stock/count-sheet?format=csv');

    fireEvent.click(screen.getByLabelText('Blind count (leave out the books)'));
    expect(within(table).queryByRole('columnheader', { name: 'On the books' })).toBeNull();
    expect(csv.getAttribute('href')).toBe('/v1/admin/stock/count-sheet?format=csv&blind=true');
    await within(screen.getByLabelText('Location')).findByRole('option', { name: 'Shelf' });
    fireEvent.change(screen.getByLabelText('Location'), { target: { value: 'shelf' } });
    await waitFor(() => expect(view.requests()).toContain('/v1/admin/stock/count-sheet?locationId=shelf&format=json'));
    expect(csv.getAttribute('href')).toBe('/v1/admin/stock/count-sheet?locationId=shelf&format=csv&blind=true');
  });
});

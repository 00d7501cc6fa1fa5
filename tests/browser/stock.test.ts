/**
 * The Stock screen in real Chromium (issue 12): a paired till sells and the shelf's level falls on screen without a
 * reload; a sale beyond the books takes it negative, marks it discrepant and puts the conflict beside it; the product's
 * history names every record that moved it with the till and the cashier; and the count sheet prints and downloads.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './helpers/axe.js';
import type { TestDevice } from '../helpers/device-signer.js';
import { OWNER, openUiSession, screenshot, seedShelf, type UiSession } from '../helpers/ui-session.js';

describe('back-office UI: stock', () => {
  let s: UiSession;
  let till: TestDevice;

  const sell = async (saleId: string, quantity: number) => {
    const pushed = await s.lan('POST', '/v1/events', {
      token: till.token,
      body: {
        events: [
          till.envelope('sale.complete', {
            saleId,
            locationId: 'shelf',
            cashierId: 'kasia',
            lines: [{ productId: 'cola', quantity, unitPrice: { amount: 450, currency: 'PLN' }, taxRate: '23' }],
            tenders: [{ method: 'cash', amount: { amount: 450 * quantity, currency: 'PLN' } }],
          }),
        ],
      },
    });
    expect(pushed.json.results[0].status, pushed.text).toBe('accepted');
  };
  const stockOnApi = async () =>
    (await s.admin('GET', '/v1/admin/stock?productId=cola&locationId=shelf')).json.levels[0].quantity as number;

  beforeAll(async () => {
    s = await openUiSession();
    await seedShelf(s, 10);
    for (const [path, body] of [
      ['/v1/admin/catalog/locations', { id: 'backroom', name: 'Backroom', active: true }],
      ['/v1/admin/catalog/products', { id: 'chips', name: 'Chips', unit: 'pcs' }],
      ['/v1/admin/inventory/receipts', { productId: 'chips', locationId: 'backroom', quantity: 6 }],
    ] as const) {
      const answer = await s.admin('POST', path, body);
      expect(answer.status, JSON.stringify(answer.json)).toBe(201);
    }
    till = await s.pair('Till 1');
  });
  afterAll(() => s?.close());

  it('shows the stock of a sale’s product fall as the till sells, without a reload', async () => {
    const { page } = s;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stock' }).click();
    await page.getByRole('heading', { name: 'Stock', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Stock per product and location' });
    const cola = table.getByRole('row', { name: /Cola.*Shelf/ });
    await cola.getByRole('cell', { name: '10 pcs' }).waitFor();
    expect(await table.getByRole('row', { name: /Chips.*Backroom/ }).textContent()).toContain('6 pcs');

    await sell('s-1', 3);
    await cola.getByRole('cell', { name: '7 pcs' }).waitFor();
    expect(await stockOnApi()).toBe(7);
    expect(await cola.textContent()).toMatch(/Never counted.*None/);
    await screenshot(page, 'stock');
    await expectAccessible(page, 'stock');
  });

  it('marks a level a sale took below the books negative and discrepant, with the conflict beside it', async () => {
    const { page } = s;
    await sell('s-2', 9);
    const cola = page.getByRole('table', { name: 'Stock per product and location' }).getByRole('row', { name: /Cola/ });
    await cola.getByRole('cell', { name: '-2 pcs' }).waitFor();
    expect(await cola.textContent()).toMatch(/Negative.*Discrepant.*an open conflict/);
    const conflicts = page.getByRole('region', { name: 'Open stock conflicts' });
    expect(await conflicts.getByRole('row', { name: /Sale beyond the stock on the books/ }).textContent()).toMatch(
      /Cola at Shelf.*Open: needs a decision/,
    );
    const filters = page.getByRole('form', { name: 'Filter the stock' });
    await filters.getByLabel('Only negative').check();
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .getByRole('table', { name: 'Stock per product and location' })
      .getByRole('row', { name: /Chips/ })
      .waitFor({ state: 'detached' });
    expect(new URL(page.url()).search).toBe('?negative=1');
    await screenshot(page, 'stock-marked');
    await expectAccessible(page, 'stock-marked');

    await cola.getByRole('link', { name: 'Open the conflict' }).click();
    await page.getByRole('heading', { name: 'Sale beyond the stock on the books', level: 1 }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Stock', level: 1 }).waitFor();
  });

  it("answers what changed a product's stock: every record, with the till, the cashier and the level it left", async () => {
    const { page } = s;
    await page
      .getByRole('table', { name: 'Stock per product and location' })
      .getByRole('link', { name: 'Cola' })
      .click();
    await page.getByRole('heading', { name: 'Cola', level: 1, exact: true }).waitFor();
    const now = page.getByRole('region', { name: 'On the books now' });
    await now.getByText('-2 pcs').waitFor();
    expect(await now.textContent()).toBe('On the books nowShelf-2 pcs');
    const history = page.getByRole('table', { name: /Records that changed this product’s stock/ });
    await history.getByRole('row').nth(3).waitFor();
    const rows = (await history.getByRole('row').allTextContents()).slice(1);
    expect(rows).toEqual([
      expect.stringMatching(/Sold#\d+ sale\.complete.*Shelf−9-2Till 1Cashier kasiasale s-2.*Synced/),
      expect.stringMatching(/Sold#\d+ sale\.complete.*Shelf−37Till 1Cashier kasiasale s-1/),
      expect.stringMatching(/Received from a supplier#\d+ inventory\.receive.*Shelf\+1010Hub.*Olga \(at the hub\)/),
    ]);
    expect(rows[2]).toContain(OWNER.name);
    await screenshot(page, 'stock-history');
    await expectAccessible(page, 'stock-history');
  });

  it('prints a count sheet per location and downloads it as CSV', async () => {
    const { page } = s;
    await page.goto('/stock/count-sheet');
    await page.getByRole('heading', { name: 'Count sheet', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Count sheet: Backroom' }).waitFor();
    await page.getByLabel('Location').selectOption('shelf');
    const shelf = page.getByRole('region', { name: 'Count sheet: Shelf' });
    await page.getByRole('region', { name: 'Count sheet: Backroom' }).waitFor({ state: 'detached' });
    const rows = await shelf.getByRole('row').allTextContents();
    expect(rows).toEqual(['ProductProduct IDUnitOn the booksCounted', 'Chipschipspcs0', 'Colacolapcs-2']);
    await screenshot(page, 'stock-count-sheet');
    await expectAccessible(page, 'stock-count-sheet');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('count-sheet-shelf.csv');
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    expect(csv.trimEnd().split('\r\n')).toEqual([
      'Location ID,Location,Product ID,Product,Unit,On the books,Counted',
      'shelf,Shelf,chips,Chips,pcs,0,',
      'shelf,Shelf,cola,Cola,pcs,-2,',
    ]);

    // A blind count leaves the books out; printed, the sheet is alone on the page.
    await page.getByLabel('Blind count (leave out the books)').check();
    expect(await shelf.getByRole('columnheader').allTextContents()).toEqual([
      'Product',
      'Product ID',
      'Unit',
      'Counted',
    ]);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await shelf.isVisible()).toBe(true);
    await screenshot(page, 'stock-count-sheet-print');
    await expectAccessible(page, 'stock-count-sheet-print');
    await page.emulateMedia({ media: 'screen' });
    expect(s.problems).toEqual([]);
  });
});

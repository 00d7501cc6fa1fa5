/**
 * The Catalog in real Chromium (issue 12): the manager adds a product and a location from the screen, and imports a
 * price book with one bad row, which is refused with the row named and nothing recorded (checked through the API);
 * fixed, it records its changes, and a till sees them on its next pull.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocationList, ProductList } from '../../src/shared/protocol/catalog-views.js';
import type { PullReply } from '../../src/shared/protocol/device-api.js';
import type { TestDevice } from '../helpers/device-signer.js';
import { openUiSession, screenshot, seedShelf, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

/** As Polish Excel saves "CSV UTF-8": a BOM, semicolons, decimal commas; row 4 has a price with 3 decimals. */
const BAD_BOOK = [
  '\uFEFFid;name;unit;price;vat;barcode',
  'cola;Cola;pcs;4,99;23;5901234123457',
  'chips;Chips paprika 150 g;pcs;6,99;8;',
  'beer;Piwo jasne 0,5 l;pcs;3,555;23;',
  '',
].join('\r\n');
const GOOD_BOOK = BAD_BOOK.replace('3,555', '3,55');

describe('back-office UI: the Catalog', () => {
  let s: UiSession;
  let till: TestDevice;

  const head = async () => (await s.admin('GET', '/v1/admin/events?limit=1')).json.events[0].cursor as number;
  const products = async () =>
    (await s.admin<ProductList>('GET', '/v1/admin/catalog/products?limit=200')).json.products;

  beforeAll(async () => {
    s = await openUiSession();
    await seedShelf(s, 10);
    till = await s.pair('Till 1');
  });
  afterAll(() => s?.close());

  it('adds a product from the screen', async () => {
    const { page } = s;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog' }).click();
    const table = page.getByRole('table', { name: 'Products, by name' });
    await table.getByText('Cola', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add a product' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a product' });
    await dialog.getByLabel('Product ID').fill('water');
    await dialog.getByLabel('Name').fill('Woda źródlana 1,5 l');
    await dialog.getByLabel('Price (PLN)').fill('2,49');
    await dialog.getByLabel('VAT rate').selectOption('5');
    await dialog.getByLabel('Barcode or PLU').fill('96385074');
    await dialog.getByLabel('Merchandise code').fill('drinks');
    await screenshot(page, 'catalog-add-product');
    await expectAccessible(page, 'catalog-add-product');
    await dialog.getByRole('button', { name: 'Add product' }).click();
    await page.getByRole('status').filter({ hasText: 'Added Woda źródlana 1,5 l.' }).waitFor();
    await table.getByRole('row', { name: /Woda źródlana/ }).waitFor();

    const water = (await products()).find((p) => p.id === 'water');
    expect(water).toMatchObject({
      name: 'Woda źródlana 1,5 l',
      price: { amount: 249, currency: 'PLN' },
      taxRate: '5',
      barcode: '96385074',
      merchandiseCode: 'drinks',
      active: true,
      version: 1,
    });

    // Search by what is on the label, without the Polish letters.
    const search = page.getByRole('search', { name: 'Search products' });
    await search.getByLabel('Name, ID or barcode').fill('zrodlana');
    await search.getByLabel('Name, ID or barcode').press('Enter');
    // The search starts a new list: the old one goes, then the one match arrives.
    await table.getByText('Cola', { exact: true }).waitFor({ state: 'detached' });
    await table.getByRole('row', { name: /Woda źródlana/ }).waitFor();
    expect(await table.getByRole('row').count()).toBe(2);
    await screenshot(page, 'catalog-products');
    await expectAccessible(page, 'catalog-products');
    expect(s.problems).toEqual([]);
  });

  it('adds a location from the screen', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Locations' }).click();
    await page.waitForURL(/view=locations/);
    const table = page.getByRole('table', { name: 'Locations, by name' });
    await table.getByText('Shelf', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add a location' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a location' });
    await dialog.getByLabel('Location ID').fill('fridge');
    await dialog.getByLabel('Name').fill('Drinks fridge');
    await dialog.getByRole('button', { name: 'Add location' }).click();
    await page.getByRole('status').filter({ hasText: 'Added Drinks fridge.' }).waitFor();
    await table.getByRole('row', { name: /Drinks fridge/ }).waitFor();
    await screenshot(page, 'catalog-locations');
    await expectAccessible(page, 'catalog-locations');

    const { locations } = (await s.admin<LocationList>('GET', '/v1/admin/catalog/locations')).json;
    expect(locations.find((l) => l.id === 'fridge')).toMatchObject({ name: 'Drinks fridge', active: true, version: 1 });
    expect(s.problems).toEqual([]);
  });

  it('refuses a price book with one bad row, naming it, and records nothing', async () => {
    const { page } = s;
    const before = await head();
    const catalogBefore = await products();
    await page.getByRole('button', { name: 'Import price book' }).click();
    await page
      .getByLabel('Price book (CSV file)')
      .setInputFiles({ name: 'cennik.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_BOOK, 'utf8') });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Nothing can be recorded from this file: 1 row has errors/);
    expect(await alert.textContent()).toMatch(/Row 4 \(beer\): Price “3,555” has more than 2 decimals\./);
    const rows = page.getByRole('table', { name: 'What each row of cennik.csv does' });
    expect(await rows.getByRole('row', { name: /^4 beer Error/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Record/ }).count()).toBe(0);
    await screenshot(page, 'catalog-import-refused');
    await expectAccessible(page, 'catalog-import-refused');

    // Refused means nothing: not one of the good rows reached the ledger, and the API refuses the file whole too.
    expect(await head()).toBe(before);
    expect(await products()).toEqual(catalogBefore);
    const direct = await s.admin('POST', '/v1/admin/catalog/price-book', { csv: BAD_BOOK });
    expect(direct.status).toBe(400);
    expect(direct.json.error).toMatchObject({ code: 'PRICE_BOOK_HAS_ERRORS', message: expect.stringMatching(/row 4/) });
    expect(await head()).toBe(before);
    expect(s.problems).toEqual([]);
  });

  it('records the fixed book in one go, and a till sees the new prices on its next pull', async () => {
    const { page } = s;
    const before = await head();
    await page
      .getByLabel('Price book (CSV file)')
      .setInputFiles({ name: 'cennik-poprawiony.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD_BOOK, 'utf8') });
    const record = page.getByRole('button', { name: 'Record 3 changes' });
    await record.waitFor();
    await screenshot(page, 'catalog-import-preview');
    await expectAccessible(page, 'catalog-import-preview');
    await record.click();
    await page.getByRole('status').filter({ hasText: 'Recorded 3 changes from cennik-poprawiony.csv.' }).waitFor();
    expect(await head()).toBe(before + 3);

    const pulled = await s.lan<PullReply>('GET', `/v1/events?after=${before}`, { token: till.token });
    const recorded = pulled.json.events.map((e) => {
      const { id, price } = e.event.payload as { id: string; price: unknown };
      return [e.event.type, id, price];
    });
    expect(recorded).toEqual([
      ['catalog.product', 'cola', { amount: 499, currency: 'PLN' }],
      ['catalog.product', 'chips', { amount: 699, currency: 'PLN' }],
      ['catalog.product', 'beer', { amount: 355, currency: 'PLN' }],
    ]);

    // The same file again changes nothing.
    await page
      .getByLabel('Price book (CSV file)')
      .setInputFiles({ name: 'cennik-poprawiony.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD_BOOK, 'utf8') });
    await page.getByText('Nothing to record: every product in the file already has these values.').waitFor();
    expect(await head()).toBe(before + 3);
    expect(s.problems).toEqual([]);
  });
});

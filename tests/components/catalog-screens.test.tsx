// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type {
  AdminLocation,
  AdminProduct,
  PriceBookPreview,
  PriceBookRow,
} from '../../src/shared/protocol/catalog-views.js';
import { navFor } from '../../src/renderer/app/navigation.js';
import { rowDetail } from '../../src/renderer/pages/catalog/catalog-copy.js';
import { activeEdit, fromProductDraft, toProductDraft } from '../../src/renderer/pages/catalog/catalog-form.js';
import { CatalogPage } from '../../src/renderer/pages/catalog/CatalogPage.js';
import { renderScreen, type Rendered } from '../helpers/ui-render.js';

/** Intl separates the currency code from the figure with a no-break space. */
const plain = (text: string | null | undefined) => (text ?? '').replace(/\u00a0/g, ' ');

const product = (fields: Partial<AdminProduct> & { id: string }): AdminProduct => ({
  name: fields.id,
  unit: 'pcs',
  price: { amount: 450, currency: 'PLN' },
  taxRate: '23',
  barcode: null,
  merchandiseCode: null,
  active: true,
  version: 1,
  updatedCursor: 10,
  ...fields,
});

const cola = product({ id: 'cola', name: 'Cola 0.5 l', barcode: '5901234123457', merchandiseCode: 'drinks' });
const bread = product({
  id: 'bread',
  name: 'Bread',
  price: { amount: 550, currency: 'PLN' },
  taxRate: '5',
  active: false,
  version: 3,
});
const shelf: AdminLocation = { id: 'shelf', name: 'Shelf', active: true, version: 1, updatedCursor: 2 };

const routes = {
  'GET /v1/admin/catalog/products?limit=25&after=cola': {
    products: [product({ id: 'water', name: 'Water' })],
    total: 3,
    nextAfter: null,
  },
  'GET /v1/admin/catalog/products?limit=25': { products: [bread, cola], total: 3, nextAfter: 'cola' },
  'GET /v1/admin/catalog/products?q=590123&limit=25': { products: [cola], total: 1, nextAfter: null },
  'GET /v1/admin/catalog/products?active=false&limit=25': { products: [bread], total: 1, nextAfter: null },
  'GET /v1/admin/catalog/locations?limit=25': { locations: [shelf], total: 1, nextAfter: null },
};

const sentBody = (view: Rendered, method: string) => {
  const call = view.fetch.mock.calls.filter(([, init]) => init?.method === method).at(-1)!;
  return { url: String(call[0]), body: JSON.parse(String(call[1]!.body)) as Record<string, unknown> };
};

const rowOf = (name: string) => screen.getByText(name, { selector: 'strong' }).closest('tr')!;

describe('catalog words and forms', () => {
  it('reads a product form into the edit the hub takes, exactly in grosze', () => {
    const draft = {
      id: 'chips',
      name: ' Chips ',
      unit: 'pcs',
      price: '6,99',
      taxRate: '8',
      barcode: '',
      merchandiseCode: 'snacks',
    };
    expect(fromProductDraft(draft)).toEqual({
      edit: {
        id: 'chips',
        name: 'Chips',
        unit: 'pcs',
        price: { amount: 699, currency: 'PLN' },
        taxRate: '8',
        merchandiseCode: 'snacks',
        active: true,
        expectedVersion: 0,
      },
    });
    expect(fromProductDraft({ ...draft, price: '6.999' })).toEqual({
      problem: 'Price “6.999” has more than 2 decimals.',
    });
    expect(fromProductDraft({ ...draft, id: 'two words' })).toMatchObject({
      problem: expect.stringMatching(/^The product ID/),
    });
    expect(fromProductDraft({ ...draft, barcode: '5901234123458' })).toEqual({
      problem: 'Barcode “5901234123458” has a wrong check digit (it should end in 7): a typo?',
    });
    expect(fromProductDraft({ ...draft, name: '' })).toEqual({ problem: 'Enter the name.' });
    // An edit keeps the id, the active state and the version it was made against.
    expect(fromProductDraft({ ...toProductDraft(bread), price: '5.75' }, bread)).toMatchObject({
      edit: { id: 'bread', price: { amount: 575, currency: 'PLN' }, active: false, expectedVersion: 3 },
    });
    expect(activeEdit(bread, true)).toEqual({
      id: 'bread',
      name: 'Bread',
      unit: 'pcs',
      price: { amount: 550, currency: 'PLN' },
      taxRate: '5',
      active: true,
      expectedVersion: 3,
    });
  });

  it('says what a price-book row does', () => {
    const row = (fields: Partial<PriceBookRow>): PriceBookRow => ({
      row: 2,
      productId: 'cola',
      outcome: 'change',
      errors: [],
      changed: [],
      product: null,
      current: null,
      ...fields,
    });
    const now = { id: 'cola', name: 'Cola', unit: 'pcs', price: { amount: 450, currency: 'PLN' }, taxRate: '23' };
    expect(
      plain(
        rowDetail(
          row({
            changed: ['price', 'barcode'],
            current: now,
            product: { ...now, price: { amount: 499, currency: 'PLN' }, barcode: '4011' },
          }),
        ),
      ),
    ).toBe('Price: PLN 4.50 → PLN 4.99; Barcode: — → 4011');
    expect(
      rowDetail(row({ outcome: 'error', errors: ['price “4.505” has more than 2 decimals', 'VAT rate is empty'] })),
    ).toBe('Price “4.505” has more than 2 decimals. VAT rate is empty.');
    expect(plain(rowDetail(row({ outcome: 'add', product: now })))).toBe('Cola · pcs · PLN 4.50 · 23%');
  });

  it('puts Catalog among the store’s own screens after Activity, for everyone (cashiers read it)', () => {
    const labels = navFor({ role: 'manager' }).map((item) => item.label);
    expect(labels.indexOf('Catalog')).toBeGreaterThan(labels.indexOf('Activity'));
    expect(labels.indexOf('Catalog')).toBeLessThan(labels.indexOf('Invoices'));
    expect(navFor({ role: 'cashier' }).map((item) => item.label)).toContain('Catalog');
  });
});

describe('the Catalog screen: products', () => {
  it('lists products by name with price, VAT, barcode and status, and pages on', async () => {
    const view = renderScreen(<CatalogPage />, { path: '/catalog', routes });
    const table = await screen.findByRole('table', { name: 'Products, by name' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Product', 'Barcode / PLU', 'Unit', 'Price', 'VAT', 'Merchandise code', 'Status', 'Actions']);
    expect(plain(rowOf('Cola 0.5 l').textContent)).toMatch(/cola.*5901234123457.*pcs.*PLN 4\.50.*23%.*drinks.*Active/);
    expect(plain(rowOf('Bread').textContent)).toMatch(/Inactive/);
    expect(screen.getByText('2 of 3 shown')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next →' }));
    await screen.findByText('Water', { selector: 'strong' });
    expect(view.requests()).toContain('/v1/admin/catalog/products?limit=25&after=cola');
    fireEvent.click(screen.getByRole('button', { name: 'First page' }));
    await screen.findByText('Cola 0.5 l', { selector: 'strong' });
  });

  it('searches on Enter and filters by status', async () => {
    const view = renderScreen(<CatalogPage />, { path: '/catalog', routes });
    await screen.findByRole('table', { name: 'Products, by name' });
    const search = screen.getByRole('search', { name: 'Search products' });
    fireEvent.change(within(search).getByLabelText('Name, ID or barcode'), { target: { value: ' 590123 ' } });
    fireEvent.submit(search);
    await waitFor(() => expect(screen.queryByText('Bread', { selector: 'strong' })).toBeNull());
    expect(view.requests()).toContain('/v1/admin/catalog/products?q=590123&limit=25');
    fireEvent.click(within(search).getByRole('button', { name: 'Clear search' }));
    fireEvent.change(within(search).getByLabelText('Status'), { target: { value: 'inactive' } });
    await waitFor(() => expect(view.requests()).toContain('/v1/admin/catalog/products?active=false&limit=25'));
  });

  it('adds a product from the dialog, checking it before asking the hub', async () => {
    const view = renderScreen(<CatalogPage />, {
      path: '/catalog',
      routes: {
        ...routes,
        'PUT /v1/admin/catalog/products/chips': {
          product: product({ id: 'chips', name: 'Chips' }),
          recorded: { cursor: 11, eventId: 'e', hash: 'h' },
        },
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Add a product' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a product' });
    fireEvent.change(within(dialog).getByLabelText('Product ID'), { target: { value: 'chips' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Chips' } });
    fireEvent.change(within(dialog).getByLabelText('Price (PLN)'), { target: { value: '6,99' } });
    fireEvent.change(within(dialog).getByLabelText('VAT rate'), { target: { value: '8' } });
    fireEvent.change(within(dialog).getByLabelText('Barcode or PLU'), { target: { value: '5901234123458' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add product' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/wrong check digit \(it should end in 7\)/);
    expect(view.fetch.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false);

    fireEvent.change(within(dialog).getByLabelText('Barcode or PLU'), { target: { value: '5901234123457' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add product' }));
    expect((await screen.findByRole('status')).textContent).toBe('Added Chips. Tills get it on their next sync.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(sentBody(view, 'PUT')).toEqual({
      url: '/v1/admin/catalog/products/chips',
      body: {
        name: 'Chips',
        unit: 'pcs',
        price: { amount: 699, currency: 'PLN' },
        taxRate: '8',
        barcode: '5901234123457',
        active: true,
        expectedVersion: 0,
      },
    });
  });

  it('edits against the version on screen, and explains a change someone else made first', async () => {
    const view = renderScreen(<CatalogPage />, {
      path: '/catalog',
      routes: {
        ...routes,
        'PUT /v1/admin/catalog/products/cola': [
          409,
          { error: { code: 'STALE_VERSION', message: 'product cola was changed since' } },
        ],
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Cola 0.5 l' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Cola 0.5 l' });
    expect((within(dialog).getByLabelText('Product ID') as HTMLInputElement).readOnly).toBe(true);
    expect((within(dialog).getByLabelText('Price (PLN)') as HTMLInputElement).value).toBe('4.50');
    fireEvent.change(within(dialog).getByLabelText('Price (PLN)'), { target: { value: '4.99' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save product' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/^Someone changed this since you opened it/);
    expect(sentBody(view, 'PUT').body).toMatchObject({ price: { amount: 499, currency: 'PLN' }, expectedVersion: 1 });
  });

  it('deactivates a product after saying what that does, and activates one at once', async () => {
    const view = renderScreen(<CatalogPage />, {
      path: '/catalog',
      routes: {
        ...routes,
        'PUT /v1/admin/catalog/products/cola': {
          product: { ...cola, active: false, version: 2 },
          recorded: { cursor: 12, eventId: 'e', hash: 'h' },
        },
        'PUT /v1/admin/catalog/products/bread': {
          product: { ...bread, active: true, version: 4 },
          recorded: { cursor: 13, eventId: 'e', hash: 'h' },
        },
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Deactivate Cola 0.5 l' }));
    const dialog = screen.getByRole('dialog', { name: 'Deactivate Cola 0.5 l?' });
    expect(dialog.textContent).toMatch(/tills stop offering it after their next sync/);
    expect(dialog.textContent).toMatch(/its barcode 5901234123457 is free for another product/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Deactivated Cola 0.5 l. Tills stop offering it after their next sync.',
    );
    expect(sentBody(view, 'PUT').body).toMatchObject({ active: false, expectedVersion: 1, barcode: '5901234123457' });

    fireEvent.click(screen.getByRole('button', { name: 'Activate Bread' }));
    await screen.findByText('Activated Bread. Tills offer it again after their next sync.');
    expect(sentBody(view, 'PUT')).toMatchObject({
      url: '/v1/admin/catalog/products/bread',
      body: { active: true, expectedVersion: 3 },
    });
  });

  it('lets a cashier look, without changing anything or importing', async () => {
    renderScreen(<CatalogPage />, { role: 'cashier', path: '/catalog', routes });
    await screen.findByRole('table', { name: 'Products, by name' });
    expect(screen.queryByRole('button', { name: 'Add a product' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Edit / })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Import price book' })).toBeNull();
    expect(screen.getByText('A manager adds and changes products.')).toBeTruthy();
  });
});

describe('the Catalog screen: locations', () => {
  it('adds and deactivates locations', async () => {
    const view = renderScreen(<CatalogPage />, {
      path: '/catalog?view=locations',
      routes: {
        ...routes,
        'PUT /v1/admin/catalog/locations/back': {
          location: { id: 'back', name: 'Back room', active: true, version: 1, updatedCursor: 5 },
          recorded: { cursor: 5, eventId: 'e', hash: 'h' },
        },
        'PUT /v1/admin/catalog/locations/shelf': {
          location: { ...shelf, active: false, version: 2 },
          recorded: { cursor: 6, eventId: 'e', hash: 'h' },
        },
      },
    });
    const table = await screen.findByRole('table', { name: 'Locations, by name' });
    expect(plain(within(table).getByText('Shelf').closest('tr')!.textContent)).toMatch(/Shelf.*shelf.*Active/);

    fireEvent.click(screen.getByRole('button', { name: 'Add a location' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a location' });
    fireEvent.change(within(dialog).getByLabelText('Location ID'), { target: { value: 'back' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Back room' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add location' }));
    await screen.findByText('Added Back room. Tills get it on their next sync.');
    expect(sentBody(view, 'PUT')).toEqual({
      url: '/v1/admin/catalog/locations/back',
      body: { name: 'Back room', active: true, expectedVersion: 0 },
    });

    fireEvent.click(screen.getByRole('button', { name: 'Deactivate Shelf' }));
    const confirm = screen.getByRole('dialog', { name: 'Deactivate Shelf?' });
    expect(confirm.textContent).toMatch(/sales made there are still recorded/);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Deactivate' }));
    await screen.findByText('Deactivated Shelf.');
    expect(sentBody(view, 'PUT').body).toEqual({ name: 'Shelf', active: false, expectedVersion: 1 });
  });
});

describe('the Catalog screen: price-book import', () => {
  const bookRow = (fields: Partial<PriceBookRow> & { row: number }): PriceBookRow => ({
    productId: `p${fields.row}`,
    outcome: 'add',
    errors: [],
    changed: [],
    product: {
      id: `p${fields.row}`,
      name: `Product ${fields.row}`,
      unit: 'pcs',
      price: { amount: 100, currency: 'PLN' },
      taxRate: '23',
    },
    current: null,
    ...fields,
  });
  const previewOf = (rows: PriceBookRow[]): PriceBookPreview => ({
    separator: ';',
    columns: ['id', 'name', 'unit', 'price', 'vat'],
    rows,
    counts: {
      add: rows.filter((r) => r.outcome === 'add').length,
      change: rows.filter((r) => r.outcome === 'change').length,
      unchanged: rows.filter((r) => r.outcome === 'unchanged').length,
      error: rows.filter((r) => r.outcome === 'error').length,
    },
  });
  const CSV = 'id;name;unit;price;vat\np2;Product 2;pcs;1,00;23\n';

  const choose = (text: BlobPart, name = 'cennik.csv') => {
    const input = screen.getByLabelText('Price book (CSV file)');
    fireEvent.change(input, { target: { files: [new File([text], name, { type: 'text/csv' })] } });
  };

  it('shows each row’s outcome, names the bad rows, and offers nothing to record', async () => {
    const view = renderScreen(<CatalogPage />, {
      path: '/catalog?view=import',
      routes: {
        'POST /v1/admin/catalog/price-book/preview': previewOf([
          bookRow({ row: 2 }),
          bookRow({ row: 3, outcome: 'error', product: null, errors: ['price “3.555” has more than 2 decimals'] }),
        ]),
      },
    });
    choose(`\uFEFF${CSV}`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Nothing can be recorded from this file: 1 row has errors/);
    expect(alert.textContent).toMatch(/Row 3 \(p3\): Price “3\.555” has more than 2 decimals\./);
    const table = screen.getByRole('table', { name: 'What each row of cennik.csv does' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByText(/2 rows — 1 new, 0 changes, 0 unchanged, 1 row with errors/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Record/ })).toBeNull();
    expect(sentBody(view, 'POST')).toEqual({
      url: '/v1/admin/catalog/price-book/preview',
      body: { csv: CSV, fileName: 'cennik.csv' },
    });
  });

  it('records a clean book when asked, and says so', async () => {
    const view = renderScreen(<CatalogPage />, {
      path: '/catalog?view=import',
      routes: {
        'POST /v1/admin/catalog/price-book/preview': previewOf([
          bookRow({ row: 2 }),
          bookRow({
            row: 3,
            outcome: 'change',
            changed: ['price'],
            current: { id: 'p3', name: 'Product 3', unit: 'pcs', price: { amount: 90, currency: 'PLN' } },
          }),
          bookRow({ row: 4, outcome: 'unchanged' }),
        ]),
        'POST /v1/admin/catalog/price-book': {
          recorded: 2,
          counts: { add: 1, change: 1, unchanged: 1, error: 0 },
          firstCursor: 7,
          lastCursor: 8,
        },
      },
    });
    choose(CSV);
    fireEvent.click(await screen.findByRole('button', { name: 'Record 2 changes' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Recorded 2 changes from cennik.csv. Tills get them on their next sync.',
    );
    expect(sentBody(view, 'POST')).toEqual({
      url: '/v1/admin/catalog/price-book',
      body: { csv: CSV, fileName: 'cennik.csv' },
    });
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says when a file changes nothing', async () => {
    renderScreen(<CatalogPage />, {
      path: '/catalog?view=import',
      routes: { 'POST /v1/admin/catalog/price-book/preview': previewOf([bookRow({ row: 2, outcome: 'unchanged' })]) },
    });
    choose(CSV);
    expect((await screen.findByRole('status')).textContent).toBe(
      'Nothing to record: every product in the file already has these values.',
    );
    expect(screen.queryByRole('button', { name: /^Record/ })).toBeNull();
  });

  it('refuses a file that is not UTF-8 before sending it, and shows the hub’s word on a file that is no price book', async () => {
    const view = renderScreen(<CatalogPage />, {
      path: '/catalog?view=import',
      routes: {
        'POST /v1/admin/catalog/price-book/preview': [
          400,
          { error: { code: 'PRICE_BOOK_INVALID', message: 'the header has no vat column' } },
        ],
      },
    });
    // "Żubr" in Windows-1250, as Polish Excel's plain CSV writes it.
    choose(new Uint8Array([0x69, 0x64, 0x0a, 0xaf, 0x75, 0x62, 0x72]), 'ansi.csv');
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /^ansi\.csv is not UTF-8 text\. In Excel save it as “CSV UTF-8/,
    );
    expect(view.fetch.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
    choose('id,name\n');
    expect((await screen.findByRole('alert')).textContent).toBe('The header has no vat column.');
  });
});

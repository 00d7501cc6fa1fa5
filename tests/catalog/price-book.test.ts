/**
 * Price-book import (issue 12) on a real hub: a preview that records nothing and names each bad row with its reason;
 * an import that is all or nothing in one transaction and records nothing for rows that change nothing, so the same
 * file twice records nothing the second time; the file as spreadsheets write it (semicolons, decimal commas, a BOM,
 * quoted fields); and tills seeing the new prices on their next pull.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../src/main/hub/inventory/catalog-service.js';
import {
  PRICE_BOOK_MAX_ROWS,
  type PriceBookImported,
  type PriceBookPreview,
  type ProductList,
} from '../../src/shared/protocol/catalog-views.js';
import type { PullReply, StateReply } from '../../src/shared/protocol/device-api.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';

const pln = (amount: number) => ({ amount, currency: 'PLN' });

const GOOD = [
  'id,name,unit,price,vat,barcode,merchandise_code',
  'cola,Cola 0.5 l,pcs,4.99,23,5901234123457,drinks',
  'chips,"Chips ""Paprika"", 150 g",pcs,6.99,8,,snacks',
  'eggs,Eggs L,pcs,1.20,5,4012,',
].join('\r\n');

/** The same book as Polish Excel saves it: UTF-8 with a BOM, semicolons, decimal commas, CRLF, another order. */
const GOOD_EXCEL = [
  '\uFEFFID;Name;Unit;Price (PLN);VAT rate;Barcode;Merchandise code',
  'cola;Cola 0.5 l;pcs;4,99;23%;5901234123457;drinks',
  'chips;"Chips ""Paprika"", 150 g";pcs;6,99;8%;;snacks',
  'eggs;Eggs L;pcs;1,2;5%;4012;',
  ';;;;;;',
].join('\r\n');

describe('price-book import', () => {
  let t: DeviceTestHub;
  let marta: string;
  let kasia: string;
  const till = new TestDevice();
  const head = () => t.hub.context.ledger.head().cursor;
  const auditCount = () =>
    (
      t.hub.context.ledger.db
        .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'catalog.price_book_import'")
        .get() as { n: number }
    ).n;

  const preview = (csv: string, cookie?: string) =>
    t.admin<PriceBookPreview>('POST', '/v1/admin/catalog/price-book/preview', { csv }, cookie);
  const importBook = (csv: string, fileName = 'prices.csv') =>
    t.admin<PriceBookImported>('POST', '/v1/admin/catalog/price-book', { csv, fileName }, marta);
  const product = async (id: string) =>
    (await t.admin<ProductList>('GET', `/v1/admin/catalog/products?q=${id}`)).json.products.find((p) => p.id === id);

  /** The errors the preview gives the one row after a good header. */
  const rowErrors = async (row: string, header = 'id,name,unit,price,vat,barcode,merchandise_code') => {
    const answer = await preview(`${header}\n${row}\n`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.rows).toHaveLength(1);
    return answer.json.rows[0]!.errors;
  };

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await t.hub.context.users.add({ name: 'Marta', role: 'manager', pin: '2468' });
    await t.hub.context.users.add({ name: 'Kasia', role: 'cashier', pin: '1111' });
    marta = await t.login('Marta', '2468');
    kasia = await t.login('Kasia', '1111');
    await t.pair(till);
    for (const body of [
      { id: 'cola', name: 'Cola 0.5 l', unit: 'pcs', price: pln(450), taxRate: '23', barcode: '5901234123457' },
      { id: 'water', name: 'Water 1.5 l', unit: 'pcs', price: pln(250), taxRate: '5', barcode: '96385074' },
      { id: 'old', name: 'Old stock', unit: 'pcs', price: pln(100), taxRate: '23', active: false },
    ]) {
      const made = await t.admin('POST', '/v1/admin/catalog/products', body);
      expect(made.status, made.text).toBe(201);
    }
  });
  afterAll(() => t.hub.stop());

  it('previews each row’s outcome without recording anything', async () => {
    const before = head();
    const answer = await preview(GOOD);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toMatchObject({
      separator: ',',
      columns: ['id', 'name', 'unit', 'price', 'vat', 'barcode', 'merchandise_code'],
      counts: { add: 2, change: 1, unchanged: 0, error: 0 },
    });
    expect(answer.json.rows).toEqual([
      {
        row: 2,
        productId: 'cola',
        outcome: 'change',
        errors: [],
        changed: ['price', 'merchandiseCode'],
        product: {
          id: 'cola',
          name: 'Cola 0.5 l',
          unit: 'pcs',
          price: pln(499),
          taxRate: '23',
          merchandiseCode: 'drinks',
          barcode: '5901234123457',
        },
        current: {
          id: 'cola',
          name: 'Cola 0.5 l',
          unit: 'pcs',
          price: pln(450),
          taxRate: '23',
          barcode: '5901234123457',
        },
      },
      {
        row: 3,
        productId: 'chips',
        outcome: 'add',
        errors: [],
        changed: [],
        product: {
          id: 'chips',
          name: 'Chips "Paprika", 150 g',
          unit: 'pcs',
          price: pln(699),
          taxRate: '8',
          merchandiseCode: 'snacks',
        },
        current: null,
      },
      expect.objectContaining({
        row: 4,
        productId: 'eggs',
        outcome: 'add',
        product: expect.objectContaining({ price: pln(120), barcode: '4012' }),
      }),
    ]);
    expect(head()).toBe(before);
    expect(auditCount()).toBe(0);
  });

  it('reads the book as Polish Excel writes it exactly as the plain one', async () => {
    const plain = (await preview(GOOD)).json;
    const excel = await preview(GOOD_EXCEL);
    expect(excel.status, excel.text).toBe(200);
    expect(excel.json.separator).toBe(';');
    expect(excel.json.rows).toEqual(plain.rows);
  });

  it.each([
    ['an empty id', ',Cola,pcs,4.50,23,,', 'id is empty'],
    [
      'a bad id',
      'co la,Cola,pcs,4.50,23,,',
      'id “co la” may hold only letters, digits and . _ : - (at most 64 characters)',
    ],
    ['an empty name', 'x,,pcs,4.50,23,,', 'name is empty'],
    ['a name too long', `x,${'n'.repeat(201)},pcs,4.50,23,,`, 'name is longer than 200 characters'],
    ['a name of two lines', 'x,"two\nlines",pcs,4.50,23,,', 'name has a line break or a control character'],
    ['an empty unit', 'x,X,,4.50,23,,', 'unit is empty'],
    ['a unit too long', 'x,X,abcdefghijklmnopq,4.50,23,,', 'unit is longer than 16 characters'],
    ['an empty price', 'x,X,pcs,,23,,', 'price is empty'],
    ['more than 2 decimals', 'x,X,pcs,4.505,23,,', 'price “4.505” has more than 2 decimals'],
    ['a negative price', 'x,X,pcs,-4.50,23,,', 'price “-4.50” is negative'],
    [
      'a price with a currency',
      'x,X,pcs,4.50 zł,23,,',
      'price “4.50 zł” is not a plain amount like 4.50 (no currency, spaces or thousands marks)',
    ],
    ['a price too large', 'x,X,pcs,1000000000,23,,', 'price “1000000000” is too large'],
    ['an empty VAT rate', 'x,X,pcs,4.50,,,', 'VAT rate is empty'],
    ['an unknown VAT rate', 'x,X,pcs,4.50,7,,', 'VAT rate “7” is not one of 23, 8, 5, 0, zw, np'],
    [
      'a barcode check digit',
      'x,X,pcs,4.50,23,5901234123458,',
      'barcode “5901234123458” has a wrong check digit (it should end in 7): a typo?',
    ],
    [
      'a barcode length',
      'x,X,pcs,4.50,23,1234567,',
      'barcode “1234567” has 7 digits: an EAN/GTIN has 8, 12, 13 or 14, a PLU 1 to 6',
    ],
    ['a barcode Excel made a number', 'x,X,pcs,4.50,23,5.90123E+12,', expect.stringMatching(/scientific notation/)],
    [
      'a bad merchandise code',
      'x,X,pcs,4.50,23,,dry goods',
      'merchandise code “dry goods” may hold only letters, digits, _ and - (at most 16)',
    ],
    ['too few fields', 'x,X,pcs,4.50', 'the row has 4 fields, the header 7'],
    ['too many fields', 'x,X,pcs,4.50,23,,,extra', 'the row has 8 fields, the header 7'],
    [
      'a barcode another product has',
      'x,X,pcs,4.50,23,96385074,',
      'barcode 96385074 already belongs to product water (Water 1.5 l)',
    ],
  ])('refuses a row with %s, naming why', async (_what, row, reason) => {
    expect(await rowErrors(row)).toEqual([reason]);
  });

  it('gives every reason a row has, and names the row of a repeated id or barcode', async () => {
    expect(await rowErrors('x,,pcs,4.505,9,,')).toEqual([
      'name is empty',
      'price “4.505” has more than 2 decimals',
      'VAT rate “9” is not one of 23, 8, 5, 0, zw, np',
    ]);
    const answer = await preview(
      'id,name,unit,price,vat,barcode\na,A,pcs,1,23,4011\nb,B,pcs,1,23,4011\na,A again,pcs,2,23,\n',
    );
    expect(answer.json.rows.map((row) => [row.row, row.outcome, row.errors])).toEqual([
      [2, 'add', []],
      [3, 'error', ['barcode 4011 is also on row 2 (product a)']],
      [4, 'error', ['product a is already on row 2']],
    ]);
  });

  it('lets a product take a barcode another product in the same file gives up', async () => {
    const answer = await preview(
      'id,name,unit,price,vat,barcode\nwater,Water 1.5 l,pcs,2.50,5,\nspring,Spring water,pcs,2.50,5,96385074\n',
    );
    expect(answer.json.counts).toEqual({ add: 1, change: 1, unchanged: 0, error: 0 });
  });

  it.each([
    ['not UTF-8', 'id,name,unit,price,vat\nx,Pi\uFFFDwo,pcs,1,23', /not UTF-8 text: in Excel save it as “CSV UTF-8/],
    ['empty', '\uFEFF\n', /the file is empty/],
    ['without a required column', 'id,name,price,vat\nx,X,1,23', /the header has no unit column/],
    ['with columns missing', 'cola,Cola,pcs,4.50,23', /the header has a column “cola” this import does not know/],
    [
      'with an unknown column',
      'id,name,unit,price,vat,colour\nx,X,pcs,1,23,red',
      /a column “colour” this import does not know/,
    ],
    ['with a column twice', 'id,name,unit,price,vat,ean,barcode\nx,X,pcs,1,23,,', /names the barcode column twice/],
    ['with a quote left open', 'id,name,unit,price,vat\nx,"X,pcs,1,23\n', /^row 2: a quoted field is never closed/],
    [
      'with a stray quote',
      'id,name,unit,price,vat\nx,X"X,pcs,1,23\n',
      /^row 2: a field has a quote but does not start with one/,
    ],
    ['with no products', 'id,name,unit,price,vat\n\n', /a header but no products/],
    [
      'too long',
      `id,name,unit,price,vat\n${Array.from({ length: PRICE_BOOK_MAX_ROWS + 1 }, (_, i) => `p${i},P,pcs,1,23`).join('\n')}`,
      /^row 5002: the file has more than 5000 rows: import it in parts/,
    ],
  ])('refuses a file %s as no price book, recording nothing', async (_what, csv, message) => {
    const before = head();
    for (const answer of [await preview(csv), await importBook(csv)]) {
      expect(expectErrorShape(answer, 400, 'PRICE_BOOK_INVALID').message).toMatch(message);
    }
    expect(head()).toBe(before);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const answer = await preview(`id,name,unit,price,vat\n${'x'.repeat(400_001)}`);
    expectErrorShape(answer, 400, 'INVALID_REQUEST');
  });

  it('refuses the whole book when one row is bad, naming the row, and records nothing', async () => {
    const before = head();
    const bad = `${GOOD}\r\nbeer,Beer,pcs,3.555,23,,`;
    const answer = await importBook(bad);
    const error = expectErrorShape(answer, 400, 'PRICE_BOOK_HAS_ERRORS');
    expect(error.message).toBe(
      'nothing was recorded: 1 row has errors (row 5: price “3.555” has more than 2 decimals)',
    );
    expect(head()).toBe(before);
    expect(auditCount()).toBe(0);
    expect((await product('cola'))!.price).toEqual(pln(450));
    expect(await product('chips')).toBeUndefined();
  });

  it('records every change in one transaction, audited, and the same file again records nothing', async () => {
    const before = head();
    const first = await importBook(GOOD_EXCEL, 'cennik.csv');
    expect(first.status, first.text).toBe(200);
    expect(first.json).toEqual({
      recorded: 3,
      counts: { add: 2, change: 1, unchanged: 0, error: 0 },
      firstCursor: before + 1,
      lastCursor: before + 3,
    });
    expect(head()).toBe(before + 3);
    const events = await t.admin('GET', `/v1/admin/events?after=${before}`);
    expect(
      events.json.events.map((e: { event: { type: string; actor: string } }) => [e.event.type, e.event.actor]),
    ).toEqual([
      ['catalog.product', 'Marta'],
      ['catalog.product', 'Marta'],
      ['catalog.product', 'Marta'],
    ]);
    const [audit] = t.hub.context.audit.list({ limit: 1 });
    expect(audit).toMatchObject({
      actor: 'Marta',
      action: 'catalog.price_book_import',
      detail: {
        fileName: 'cennik.csv',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        counts: { add: 2, change: 1, unchanged: 0, error: 0 },
        firstCursor: before + 1,
        lastCursor: before + 3,
      },
    });

    const again = await importBook(GOOD_EXCEL, 'cennik.csv');
    expect(again.json).toEqual({
      recorded: 0,
      counts: { add: 0, change: 0, unchanged: 3, error: 0 },
      firstCursor: null,
      lastCursor: null,
    });
    // The same book written the other way is the same book.
    expect((await importBook(GOOD)).json.recorded).toBe(0);
    expect(head()).toBe(before + 3);
  });

  it('keeps what the file has no column for, clears what it leaves empty, and keeps a withdrawn product withdrawn', async () => {
    const answer = await preview('id,name,unit,price,vat\ncola,Cola 0.5 l,pcs,4.99,23\nold,Old stock,pcs,1.50,23\n');
    expect(answer.json.rows.map((row) => [row.productId, row.outcome, row.changed])).toEqual([
      ['cola', 'unchanged', []],
      ['old', 'change', ['price']],
    ]);
    expect(answer.json.rows[1]!.product).toMatchObject({ active: false });
    const cleared = await preview('id,name,unit,price,vat,barcode\ncola,Cola 0.5 l,pcs,4.99,23,\n');
    expect(cleared.json.rows[0]).toMatchObject({ outcome: 'change', changed: ['barcode'] });
    expect(cleared.json.rows[0]!.product).not.toHaveProperty('barcode');
    const imported = await importBook('id,name,unit,price,vat\nold,Old stock,pcs,1.50,23\n');
    expect(imported.json.recorded).toBe(1);
    expect(await product('old')).toMatchObject({ active: false, price: pln(150) });
  });

  it('lets tills see the imported prices on their next pull and in their snapshot', async () => {
    const after = head();
    const imported = await importBook('id,name,unit,price,vat,barcode\nwater,Water 1.5 l,pcs,2.79,5,96385074\n');
    expect(imported.json.recorded).toBe(1);
    const pulled = await t.lan<PullReply>('GET', `/v1/events?after=${after}`, { token: till.token });
    expect(pulled.json.events.map((e) => [e.event.type, e.event.payload])).toEqual([
      [
        'catalog.product',
        { id: 'water', name: 'Water 1.5 l', unit: 'pcs', price: pln(279), taxRate: '5', barcode: '96385074' },
      ],
    ]);
    const state = await t.lan<StateReply>('GET', '/v1/state', { token: till.token });
    expect(state.json.catalog.products.find((p) => p.id === 'water')).toMatchObject({ price: pln(279), version: 2 });
    expect(state.json.catalog.products.find((p) => p.id === 'chips')).toMatchObject({
      name: 'Chips "Paprika", 150 g',
      merchandiseCode: 'snacks',
    });
  });

  it('is for managers: a cashier may neither preview nor import', async () => {
    expectErrorShape(await preview(GOOD, kasia), 403, 'FORBIDDEN');
    expectErrorShape(await t.admin('POST', '/v1/admin/catalog/price-book', { csv: GOOD }, kasia), 403, 'FORBIDDEN');
  });

  it('rolls every row back when anything in the transaction fails', () => {
    const ledger = t.hub.context.ledger;
    const before = ledger.head().cursor;
    const catalog = new CatalogService(ledger);
    const book = 'id,name,unit,price,vat\nnew1,New 1,pcs,1,23\nnew2,New 2,pcs,2,23\ncola,Cola,pcs,9.99,23\n';
    expect(() =>
      catalog.importPriceBook(book, 'test', ({ records }) => {
        expect(records).toHaveLength(3);
        throw new Error('the disk is full');
      }),
    ).toThrow('the disk is full');
    expect(ledger.head().cursor).toBe(before);
    expect(ledger.db.prepare("SELECT count(*) AS n FROM products WHERE id IN ('new1', 'new2')").get()).toEqual({
      n: 0,
    });
    expect(ledger.db.prepare("SELECT price FROM products WHERE id = 'cola'").get()).toEqual({ price: 499 });
  });
});

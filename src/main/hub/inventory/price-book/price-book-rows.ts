import Value from 'typebox/value';
import {
  barcodeProblem,
  CATALOG_CURRENCY,
  hasControlCharacters,
  readPrice,
  readVatRate,
} from '../../../../shared/catalog/product-rules.js';
import { EntityId, MerchandiseCode } from '../../../../shared/protocol/catalog-payloads.js';
import { PRICE_BOOK_MAX_ROWS, type ProductField } from '../../../../shared/protocol/catalog-views.js';
import type { Money } from '../../../../shared/protocol/money.js';
import { CatalogError } from '../catalog-errors.js';
import { CsvSyntaxError, detectSeparator, readCsv, type CsvRecord, type Separator } from './csv-records.js';

/**
 * A price book's rows as products, each checked on its own: the file's layout (header, separator) and what each cell
 * holds. Whether a row changes the catalog, and conflicts between rows, are price-book-plan's business.
 */

export type Column = 'id' | ProductField;

/** Header names as written, folded (lower case, letters and digits only), to the column they name. */
const HEADER_NAMES: Readonly<Record<string, Column>> = {
  id: 'id',
  sku: 'id',
  productid: 'id',
  name: 'name',
  unit: 'unit',
  price: 'price',
  pricepln: 'price',
  vat: 'taxRate',
  vatrate: 'taxRate',
  taxrate: 'taxRate',
  barcode: 'barcode',
  barcodeplu: 'barcode',
  ean: 'barcode',
  gtin: 'barcode',
  plu: 'barcode',
  merchandisecode: 'merchandiseCode',
  department: 'merchandiseCode',
};

const REQUIRED: readonly Column[] = ['id', 'name', 'unit', 'price', 'taxRate'];

/** How the column is called in messages: as the documented header says it. */
export const COLUMN_TITLES: Readonly<Record<Column, string>> = {
  id: 'id',
  name: 'name',
  unit: 'unit',
  price: 'price',
  taxRate: 'vat',
  barcode: 'barcode',
  merchandiseCode: 'merchandise_code',
};

export interface Layout {
  separator: Separator;
  /** The column of each field position, in file order. */
  columns: Column[];
}

/** What a row says the product is. An optional column the file does not have is undefined: the product keeps it. */
export interface RowProduct {
  id: string;
  name: string;
  unit: string;
  price: Money;
  taxRate: string;
  barcode?: string | null;
  merchandiseCode?: string | null;
}

export interface BookRow {
  row: number;
  /** The id cell as written (trimmed), or null when empty: how the screen names the row. */
  productId: string | null;
  product: RowProduct | null;
  errors: string[];
}

export interface ReadBook {
  layout: Layout;
  rows: BookRow[];
}

function fileError(message: string): CatalogError {
  return new CatalogError('PRICE_BOOK_INVALID', message);
}

function readHeader(record: CsvRecord, separator: Separator): Layout {
  const columns: Column[] = [];
  for (const name of record.fields) {
    const column = HEADER_NAMES[name.toLowerCase().replace(/[^a-z0-9]/g, '')];
    if (!column) {
      throw fileError(
        `the header has a column “${name.trim()}” this import does not know (the columns are id, name, unit, price, ` +
          `vat, barcode and merchandise_code)`,
      );
    }
    if (columns.includes(column)) throw fileError(`the header names the ${COLUMN_TITLES[column]} column twice`);
    columns.push(column);
  }
  const missing = REQUIRED.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    const names = missing.map((column) => COLUMN_TITLES[column]).join(', ');
    throw fileError(
      `the header has no ${names} column${missing.length > 1 ? 's' : ''}: the first row must name the columns ` +
        `(id, name, unit, price, vat; barcode and merchandise_code are optional), separated by ${separator === ';' ? 'semicolons' : 'commas'}`,
    );
  }
  return { separator, columns };
}

/** A name or unit: present, one line, not too long. */
function text(value: string, title: string, max: number, errors: string[]): string {
  if (value === '') errors.push(`${title} is empty`);
  else if (hasControlCharacters(value)) errors.push(`${title} has a line break or a control character`);
  else if (value.length > max) errors.push(`${title} is longer than ${max} characters`);
  return value;
}

/** An optional column's cell: undefined without the column (the product keeps its value), null when empty (none). */
const optional = (cell: string | undefined): string | null | undefined => (cell === '' ? null : cell);

function readRow(layout: Layout, record: CsvRecord): BookRow {
  const cell = (column: Column): string | undefined => {
    const index = layout.columns.indexOf(column);
    return index < 0 ? undefined : (record.fields[index] ?? '').trim();
  };
  const id = cell('id')!;
  const errors: string[] = [];
  if (record.fields.length !== layout.columns.length) {
    errors.push(`the row has ${record.fields.length} fields, the header ${layout.columns.length}`);
    return { row: record.row, productId: id || null, product: null, errors };
  }

  if (id === '') errors.push('id is empty');
  else if (!Value.Check(EntityId, id))
    errors.push(`id “${id}” may hold only letters, digits and . _ : - (at most 64 characters)`);
  const name = text(cell('name')!, 'name', 200, errors);
  const unit = text(cell('unit')!, 'unit', 16, errors);
  const price = readPrice(cell('price')!);
  if ('problem' in price) errors.push(price.problem);
  const vat = cell('taxRate')!;
  const rate = vat === '' ? { problem: 'VAT rate is empty' } : readVatRate(vat);
  if ('problem' in rate) errors.push(rate.problem);

  const barcode = optional(cell('barcode'));
  const barcodeError = barcode ? barcodeProblem(barcode) : null;
  if (barcodeError) errors.push(barcodeError);

  const merchandiseCode = optional(cell('merchandiseCode'));
  if (merchandiseCode && !Value.Check(MerchandiseCode, merchandiseCode))
    errors.push(`merchandise code “${merchandiseCode}” may hold only letters, digits, _ and - (at most 16)`);

  if (errors.length > 0 || 'problem' in price || 'problem' in rate)
    return { row: record.row, productId: id || null, product: null, errors };
  return {
    row: record.row,
    productId: id,
    product: {
      id,
      name,
      unit,
      price: { amount: price.amount, currency: CATALOG_CURRENCY },
      taxRate: rate.rate,
      ...(barcode !== undefined && { barcode }),
      ...(merchandiseCode !== undefined && { merchandiseCode }),
    },
    errors,
  };
}

/**
 * The price book in `csv`, row by row. A file that cannot be read as a price book at all — not UTF-8, no header, a
 * CSV syntax error, too many rows, nothing but the header — is a CatalogError PRICE_BOOK_INVALID naming the problem.
 */
export function readPriceBook(csv: string): ReadBook {
  // A browser decoding a file that is not UTF-8 (Excel's "CSV" in Windows-1250) puts U+FFFD where the bytes failed.
  if (csv.includes('\uFFFD')) {
    throw fileError(
      'the file is not UTF-8 text: in Excel save it as “CSV UTF-8 (comma delimited)”, or convert it to UTF-8',
    );
  }
  const text = csv.startsWith('\uFEFF') ? csv.slice(1) : csv;
  const separator = detectSeparator(text);
  let records: CsvRecord[];
  try {
    records = readCsv(text, separator, {
      records: PRICE_BOOK_MAX_ROWS + 1,
      message: `the file has more than ${PRICE_BOOK_MAX_ROWS} rows: import it in parts`,
    });
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw fileError(error.message);
    throw error;
  }
  const [header, ...rest] = records;
  if (!header || header.fields.every((field) => field.trim() === '')) throw fileError('the file is empty');
  const layout = readHeader(header, separator);
  // Spreadsheets leave rows with nothing in them (`;;;;`); they say nothing, so they are skipped, not refused.
  const rows = rest
    .filter((record) => record.fields.some((field) => field.trim() !== ''))
    .map((record) => readRow(layout, record));
  if (rows.length === 0) throw fileError('the file has a header but no products');
  return { layout, rows };
}

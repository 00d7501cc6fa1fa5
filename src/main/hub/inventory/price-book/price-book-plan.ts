import type { Database } from 'better-sqlite3';
import { canonicalJson } from '../../../../shared/canonical-json.js';
import type { ProductPayload } from '../../../../shared/protocol/catalog-payloads.js';
import {
  PRODUCT_FIELDS,
  type AdminProduct,
  type PriceBookPreview,
  type PriceBookRow,
  type ProductField,
} from '../../../../shared/protocol/catalog-views.js';
import { productPayload, productsById } from '../catalog-reads.js';
import { COLUMN_TITLES, type BookRow, type ReadBook } from './price-book-rows.js';

/**
 * What a price book would do to the catalog as it is now: each row an add, a change, unchanged, or refused with its
 * reasons. Rows are also checked against each other (an id or barcode twice) and against the catalog (a barcode an
 * active product outside the file already scans as). Nothing is recorded here; the import records `toRecord`, and
 * only when no row is refused.
 */
export interface PriceBookPlan {
  preview: PriceBookPreview;
  /** Every add and change, in file order: an unchanged row records nothing, so the same file twice records nothing. */
  toRecord: ProductPayload[];
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function changedFields(now: ProductPayload, next: ProductPayload): ProductField[] {
  return PRODUCT_FIELDS.filter((field) => !same(now[field], next[field]));
}

/** The product a valid row makes: an optional column the file lacks keeps the product's value; so does `active`. */
function productOf(row: BookRow, now: AdminProduct | undefined): ProductPayload {
  const product = row.product!;
  return productPayload({
    ...product,
    barcode: product.barcode === undefined ? now?.barcode : product.barcode,
    merchandiseCode: product.merchandiseCode === undefined ? now?.merchandiseCode : product.merchandiseCode,
    active: now?.active ?? true,
  });
}

export function planPriceBook(db: Database, book: ReadBook): PriceBookPlan {
  const catalog = productsById(db);
  const firstRowOf = new Map<string, number>();
  const made = new Map<number, ProductPayload>();
  const errors = new Map<number, string[]>(book.rows.map((row) => [row.row, [...row.errors]]));

  for (const row of book.rows) {
    const id = row.productId;
    if (id !== null) {
      const first = firstRowOf.get(id);
      if (first !== undefined) errors.get(row.row)!.push(`product ${id} is already on row ${first}`);
      else firstRowOf.set(id, row.row);
    }
    if (row.product && errors.get(row.row)!.length === 0)
      made.set(row.row, productOf(row, catalog.get(row.product.id)));
  }

  // No two active products may scan as the same barcode once the file is in: earlier rows, then the catalog's
  // products the file leaves as they are.
  const inFile = new Set([...made.values()].map((product) => product.id));
  const heldBy = new Map<string, { row?: number; product: ProductPayload | AdminProduct }>();
  for (const product of catalog.values()) {
    if (product.active && product.barcode && !inFile.has(product.id)) heldBy.set(product.barcode, { product });
  }
  for (const [rowNumber, product] of made) {
    if (!product.barcode || product.active === false) continue;
    const holder = heldBy.get(product.barcode);
    if (!holder) {
      heldBy.set(product.barcode, { row: rowNumber, product });
      continue;
    }
    errors
      .get(rowNumber)!
      .push(
        holder.row !== undefined
          ? `barcode ${product.barcode} is also on row ${holder.row} (product ${holder.product.id})`
          : `barcode ${product.barcode} already belongs to product ${holder.product.id} (${holder.product.name})`,
      );
    made.delete(rowNumber);
  }

  const rows: PriceBookRow[] = [];
  const toRecord: ProductPayload[] = [];
  for (const row of book.rows) {
    const rowErrors = errors.get(row.row)!;
    const product = made.get(row.row);
    const now = row.productId === null ? undefined : catalog.get(row.productId);
    const current = now ? productPayload(now) : null;
    if (rowErrors.length > 0 || !product) {
      rows.push({ ...base(row), outcome: 'error', errors: rowErrors, changed: [], product: null, current });
    } else if (!current) {
      rows.push({ ...base(row), outcome: 'add', errors: [], changed: [], product, current });
      toRecord.push(product);
    } else if (same(current, product)) {
      rows.push({ ...base(row), outcome: 'unchanged', errors: [], changed: [], product, current });
    } else {
      rows.push({
        ...base(row),
        outcome: 'change',
        errors: [],
        changed: changedFields(current, product),
        product,
        current,
      });
      toRecord.push(product);
    }
  }

  const count = (outcome: PriceBookRow['outcome']) => rows.filter((row) => row.outcome === outcome).length;
  return {
    preview: {
      separator: book.layout.separator,
      columns: book.layout.columns.map((column) => COLUMN_TITLES[column]),
      rows,
      counts: { add: count('add'), change: count('change'), unchanged: count('unchanged'), error: count('error') },
    },
    toRecord,
  };
}

const base = (row: BookRow) => ({ row: row.row, productId: row.productId });

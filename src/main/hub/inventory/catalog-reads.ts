import type { Database } from 'better-sqlite3';
import type { ProductPayload } from '../../../shared/protocol/catalog-payloads.js';
import type {
  AdminLocation,
  AdminProduct,
  CatalogListQuery,
  LocationList,
  ProductList,
} from '../../../shared/protocol/catalog-views.js';
import { CatalogError } from './catalog-errors.js';

/** The catalog as its projections hold it now, for the Catalog screen and for deciding what a change changes. */

interface ProductRow {
  id: string;
  name: string;
  unit: string;
  price: number | null;
  currency: string | null;
  tax_rate: string | null;
  version: number;
  updated_at: number;
  barcode: string | null;
  merchandise_code: string | null;
  inactive: number;
}

const PRODUCTS = `SELECT p.id, p.name, p.unit, p.price, p.currency, p.tax_rate, p.version, p.updated_at, b.barcode,
    m.merchandise_code, i.product_id IS NOT NULL AS inactive
  FROM products p
  LEFT JOIN product_barcodes b ON b.product_id = p.id
  LEFT JOIN product_merchandise_codes m ON m.product_id = p.id
  LEFT JOIN inactive_products i ON i.product_id = p.id`;

function toProduct(row: ProductRow): AdminProduct {
  return {
    id: row.id,
    name: row.name,
    unit: row.unit,
    price: row.price !== null && row.currency !== null ? { amount: row.price, currency: row.currency } : null,
    taxRate: row.tax_rate,
    barcode: row.barcode,
    merchandiseCode: row.merchandise_code,
    active: row.inactive === 0,
    version: row.version,
    updatedCursor: row.updated_at,
  };
}

export function readProduct(db: Database, id: string): AdminProduct | undefined {
  const row = db.prepare<[string], ProductRow>(`${PRODUCTS} WHERE p.id = ?`).get(id);
  return row && toProduct(row);
}

/** Every product, keyed by id: what a price book is compared with. */
export function productsById(db: Database): Map<string, AdminProduct> {
  const rows = db.prepare<[], ProductRow>(PRODUCTS).all();
  return new Map(rows.map((row) => [row.id, toProduct(row)]));
}

/** The active product other than `exceptId` that scans as `barcode`, if any. */
export function activeBarcodeHolder(db: Database, barcode: string, exceptId: string): AdminProduct | undefined {
  const row = db
    .prepare<[string, string], ProductRow>(
      `${PRODUCTS} WHERE b.barcode = ? AND p.id <> ? AND i.product_id IS NULL ORDER BY p.id LIMIT 1`,
    )
    .get(barcode, exceptId);
  return row && toProduct(row);
}

interface LocationRow {
  id: string;
  name: string;
  active: number;
  version: number;
  updated_at: number;
}

const toLocation = (row: LocationRow): AdminLocation => ({
  id: row.id,
  name: row.name,
  active: row.active === 1,
  version: row.version,
  updatedCursor: row.updated_at,
});

export function readLocation(db: Database, id: string): AdminLocation | undefined {
  const row = db.prepare<[string], LocationRow>('SELECT * FROM locations WHERE id = ?').get(id);
  return row && toLocation(row);
}

/**
 * The event payload that makes a product what `product` says, in one normal form: absent rather than null, and
 * `active` only when false (absent means active), so two payloads are the same product exactly when their canonical
 * JSON is equal.
 */
export function productPayload(product: {
  id: string;
  name: string;
  unit: string;
  price?: AdminProduct['price'] | undefined;
  taxRate?: string | null | undefined;
  barcode?: string | null | undefined;
  merchandiseCode?: string | null | undefined;
  active?: boolean | undefined;
}): ProductPayload {
  return {
    id: product.id,
    name: product.name,
    unit: product.unit,
    ...(product.price ? { price: { amount: product.price.amount, currency: product.price.currency } } : {}),
    ...(product.taxRate ? { taxRate: product.taxRate } : {}),
    ...(product.merchandiseCode ? { merchandiseCode: product.merchandiseCode } : {}),
    ...(product.barcode ? { barcode: product.barcode } : {}),
    ...(product.active === false ? { active: false } : {}),
  };
}

/**
 * Search text folded for matching: case, and the diacritics a hurried search leaves out (`zubr` finds `Żubr`; ł has
 * no decomposition, so it is mapped by hand).
 */
export function fold(text: string): string {
  return text.toLocaleLowerCase('pl').normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l');
}

const byName = new Intl.Collator('pl', { sensitivity: 'base', numeric: true });

/**
 * One page of `items` in name order (Polish collation), then id. The whole list is read and sorted in memory: a
 * store's catalog is thousands of rows, and SQLite knows neither Polish order nor folding diacritics.
 */
function page<T extends { id: string; name: string }>(
  items: T[],
  matches: (item: T) => boolean,
  query: CatalogListQuery,
  what: string,
): { page: T[]; total: number; nextAfter: string | null } {
  const compare = (a: T, b: T) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  let from = 0;
  const listed = items.filter(matches).sort(compare);
  if (query.after !== undefined) {
    const anchor = items.find((item) => item.id === query.after);
    if (!anchor)
      throw new CatalogError(what === 'product' ? 'UNKNOWN_PRODUCT' : 'UNKNOWN_LOCATION', `no ${what} ${query.after}`);
    from = listed.findIndex((item) => compare(item, anchor) > 0);
    if (from < 0) from = listed.length;
  }
  const slice = listed.slice(from, from + query.limit);
  const more = from + query.limit < listed.length;
  return { page: slice, total: listed.length, nextAfter: more ? slice[slice.length - 1]!.id : null };
}

export function listProducts(db: Database, query: CatalogListQuery): ProductList {
  const all = [...productsById(db).values()];
  const q = query.q === undefined ? undefined : fold(query.q.trim());
  // Barcodes match by their start: a run of digits inside another product's code would be noise.
  const start = query.q?.trim();
  const matches = (product: AdminProduct) =>
    (query.active === undefined || product.active === query.active) &&
    (!q ||
      fold(product.name).includes(q) ||
      fold(product.id).includes(q) ||
      (product.barcode !== null && product.barcode.startsWith(start!)));
  const { page: products, total, nextAfter } = page(all, matches, query, 'product');
  return { products, total, nextAfter };
}

export function listLocations(db: Database, query: CatalogListQuery): LocationList {
  const all = db.prepare<[], LocationRow>('SELECT * FROM locations').all().map(toLocation);
  const q = query.q === undefined ? undefined : fold(query.q.trim());
  const matches = (location: AdminLocation) =>
    (query.active === undefined || location.active === query.active) &&
    (!q || fold(location.name).includes(q) || fold(location.id).includes(q));
  const { page: locations, total, nextAfter } = page(all, matches, query, 'location');
  return { locations, total, nextAfter };
}

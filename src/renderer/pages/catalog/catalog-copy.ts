import type { PriceBookRow, ProductField } from '../../api/catalog.js';
import type { Status } from '../../components/sync-status.js';
import { formatMoney } from '../../format.js';
import { vatRateText } from '../invoices/invoice-copy.js';

/** The hub's catalog refusals said as what to do next; the others read well as the hub words them (they name things). */
export const CATALOG_MESSAGES: Readonly<Record<string, string>> = {
  STALE_VERSION:
    'Someone changed this since you opened it. The list now shows it as it is: open it again to make your change.',
};

export const activeStatus = (active: boolean): Status =>
  active ? { label: 'Active', tone: 'ok' } : { label: 'Inactive', tone: 'off' };

export const OUTCOME_STATUS: Readonly<Record<PriceBookRow['outcome'], Status>> = {
  add: { label: 'New', tone: 'ok' },
  change: { label: 'Changes', tone: 'warn' },
  unchanged: { label: 'Unchanged', tone: 'off' },
  error: { label: 'Error', tone: 'bad' },
};

export const FIELD_TEXT: Readonly<Record<ProductField, string>> = {
  name: 'Name',
  unit: 'Unit',
  price: 'Price',
  taxRate: 'VAT',
  barcode: 'Barcode',
  merchandiseCode: 'Merchandise code',
};

type ProductLike = NonNullable<PriceBookRow['product']>;

/** A field's value as the screen shows it; a dash for none. */
export function fieldText(product: ProductLike | null, field: ProductField): string {
  if (!product) return '—';
  switch (field) {
    case 'price':
      return product.price ? formatMoney(product.price) : '—';
    case 'taxRate':
      return product.taxRate ? vatRateText(product.taxRate) : '—';
    default:
      return product[field] ?? '—';
  }
}

/** What a price-book row does, in one line: its reasons, its changes, or the new product. */
export function rowDetail(row: PriceBookRow): string {
  switch (row.outcome) {
    case 'error':
      return row.errors.map((error) => error.charAt(0).toUpperCase() + error.slice(1)).join('. ') + '.';
    case 'change':
      return row.changed
        .map((field) => `${FIELD_TEXT[field]}: ${fieldText(row.current, field)} → ${fieldText(row.product, field)}`)
        .join('; ');
    case 'add': {
      const product = row.product!;
      return [product.name, product.unit, fieldText(product, 'price'), fieldText(product, 'taxRate')].join(' · ');
    }
    case 'unchanged':
      return 'Already has these values.';
  }
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

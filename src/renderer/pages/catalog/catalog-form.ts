/**
 * The Catalog forms' logic: the typed text of each field, and the hub's checks (the ProductEdit and LocationEdit
 * schemas, src/shared/catalog/product-rules.ts) said in words before any request.
 */
import {
  barcodeProblem,
  CATALOG_CURRENCY,
  hasControlCharacters,
  priceText,
  readPrice,
  VAT_RATES,
} from '../../../shared/catalog/product-rules.js';
import type { AdminLocation, AdminProduct, LocationEdit, ProductEdit } from '../../api/catalog.js';
import { vatRateText } from '../invoices/invoice-copy.js';

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const MERCHANDISE_CODE_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;

export const ID_HINT = 'Letters, digits and . _ : - only (the SKU is a good choice). It cannot be changed later.';

export interface ProductDraft {
  id: string;
  name: string;
  unit: string;
  /** As typed, in złoty: `4.50` or `4,50`; empty for no price. */
  price: string;
  /** A rate, or empty for none. */
  taxRate: string;
  barcode: string;
  merchandiseCode: string;
}

export function emptyProductDraft(): ProductDraft {
  return { id: '', name: '', unit: 'pcs', price: '', taxRate: '23', barcode: '', merchandiseCode: '' };
}

export function toProductDraft(product: AdminProduct): ProductDraft {
  return {
    id: product.id,
    name: product.name,
    unit: product.unit,
    price: product.price ? priceText(product.price.amount) : '',
    taxRate: product.taxRate ?? '',
    barcode: product.barcode ?? '',
    merchandiseCode: product.merchandiseCode ?? '',
  };
}

/** The rates the form offers: the invoiceable ones, and a product's own other rate so editing it keeps it. */
export function vatChoices(current: string): Array<{ value: string; label: string }> {
  const rates: string[] = [...VAT_RATES];
  if (current !== '' && !rates.includes(current)) rates.push(current);
  return [{ value: '', label: 'Not set' }, ...rates.map((rate) => ({ value: rate, label: vatRateText(rate) }))];
}

/** "Price “4.505” has more than 2 decimals." from the shared rules' phrase. */
export function sentence(phrase: string): string {
  const text = phrase.charAt(0).toUpperCase() + phrase.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function lineProblem(value: string, label: string, max: number): string | null {
  if (value === '') return `Enter the ${label.toLowerCase()}.`;
  if (hasControlCharacters(value)) return `The ${label.toLowerCase()} must be one line.`;
  return value.length > max ? `The ${label.toLowerCase()} can be at most ${max} characters.` : null;
}

/**
 * The edit to send for `draft`: a new product when `existing` is absent (expectedVersion 0), else a change of the
 * version on screen, which keeps the product's active state and price currency.
 */
export function fromProductDraft(
  draft: ProductDraft,
  existing?: AdminProduct,
): { edit: ProductEdit & { id: string } } | { problem: string } {
  const id = draft.id.trim();
  const name = draft.name.trim();
  const unit = draft.unit.trim();
  const barcode = draft.barcode.trim();
  const merchandiseCode = draft.merchandiseCode.trim();
  if (!existing && !ID_PATTERN.test(id))
    return { problem: 'The product ID is 1 to 64 letters, digits and . _ : - (no spaces).' };
  const problem = lineProblem(name, 'Name', 200) ?? lineProblem(unit, 'Unit', 16);
  if (problem) return { problem };
  let price: ProductEdit['price'];
  if (draft.price.trim() !== '') {
    const read = readPrice(draft.price);
    if ('problem' in read) return { problem: sentence(read.problem) };
    price = { amount: read.amount, currency: existing?.price?.currency ?? CATALOG_CURRENCY };
  }
  if (barcode !== '') {
    const wrong = barcodeProblem(barcode);
    if (wrong) return { problem: sentence(wrong) };
  }
  if (merchandiseCode !== '' && !MERCHANDISE_CODE_PATTERN.test(merchandiseCode))
    return { problem: 'The merchandise code is 1 to 16 letters, digits, _ and - (no spaces).' };
  return {
    edit: {
      id: existing?.id ?? id,
      name,
      unit,
      ...(price && { price }),
      ...(draft.taxRate !== '' && { taxRate: draft.taxRate }),
      ...(barcode !== '' && { barcode }),
      ...(merchandiseCode !== '' && { merchandiseCode }),
      active: existing?.active ?? true,
      expectedVersion: existing?.version ?? 0,
    },
  };
}

/** The same product with only its active state changed, against the version on screen. */
export function activeEdit(product: AdminProduct, active: boolean): ProductEdit & { id: string } {
  return {
    id: product.id,
    name: product.name,
    unit: product.unit,
    ...(product.price && { price: product.price }),
    ...(product.taxRate !== null && { taxRate: product.taxRate }),
    ...(product.barcode !== null && { barcode: product.barcode }),
    ...(product.merchandiseCode !== null && { merchandiseCode: product.merchandiseCode }),
    active,
    expectedVersion: product.version,
  };
}

export interface LocationDraft {
  id: string;
  name: string;
  active: boolean;
}

export const emptyLocationDraft = (): LocationDraft => ({ id: '', name: '', active: true });

export const toLocationDraft = (location: AdminLocation): LocationDraft => ({ ...location });

export function fromLocationDraft(
  draft: LocationDraft,
  existing?: AdminLocation,
): { edit: LocationEdit & { id: string } } | { problem: string } {
  const id = draft.id.trim();
  const name = draft.name.trim();
  if (!existing && !ID_PATTERN.test(id))
    return { problem: 'The location ID is 1 to 64 letters, digits and . _ : - (no spaces).' };
  const problem = lineProblem(name, 'Name', 200);
  if (problem) return { problem };
  return {
    edit: { id: existing?.id ?? id, name, active: draft.active, expectedVersion: existing?.version ?? 0 },
  };
}

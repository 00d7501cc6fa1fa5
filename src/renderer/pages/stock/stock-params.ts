/**
 * The Stock list's state lives in the URL (filters and page), so a reload, a shared link and the Back button show the
 * same levels. Pure functions: parse, serialise, and build the API query.
 */
import { queryString } from '../../api/client.js';

export interface StockFilters {
  productId?: string;
  locationId?: string;
  /** Part of a product's name or id. */
  search?: string;
  onlyNegative?: boolean;
  onlyDiscrepant?: boolean;
}

function offsetOf(text: string | null): number {
  if (text === null || !/^\d{1,7}$/.test(text)) return 0;
  return Number(text);
}

export function readStockParams(params: URLSearchParams): { filters: StockFilters; offset: number } {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const filters: StockFilters = {};
  const productId = text('product');
  const locationId = text('location');
  const search = text('q');
  if (productId) filters.productId = productId;
  if (locationId) filters.locationId = locationId;
  if (search) filters.search = search.slice(0, 100);
  if (params.get('negative') === '1') filters.onlyNegative = true;
  if (params.get('discrepant') === '1') filters.onlyDiscrepant = true;
  return { filters, offset: offsetOf(params.get('offset')) };
}

export function writeStockParams(filters: StockFilters, offset = 0): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.productId) params.set('product', filters.productId);
  if (filters.locationId) params.set('location', filters.locationId);
  if (filters.search) params.set('q', filters.search);
  if (filters.onlyNegative) params.set('negative', '1');
  if (filters.onlyDiscrepant) params.set('discrepant', '1');
  if (offset > 0) params.set('offset', String(offset));
  return params;
}

/** The query string of `GET /v1/admin/stock`. */
export function stockQuery(filters: StockFilters, offset: number, limit: number): string {
  return queryString({
    productId: filters.productId,
    locationId: filters.locationId,
    search: filters.search,
    onlyNegative: filters.onlyNegative ? 'true' : undefined,
    onlyDiscrepant: filters.onlyDiscrepant ? 'true' : undefined,
    limit,
    offset: offset > 0 ? offset : undefined,
  });
}

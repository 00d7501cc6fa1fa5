import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdminLocation,
  AdminProduct,
  LocationEdit,
  LocationList,
  LocationSaved,
  PriceBookImported,
  PriceBookPreview,
  PriceBookRequest,
  PriceBookRow,
  ProductEdit,
  ProductField,
  ProductList,
  ProductSaved,
} from '../../shared/protocol/catalog-views.js';
import { api, queryString } from './client.js';
import { queryKeys } from './keys.js';

export type {
  AdminLocation,
  AdminProduct,
  LocationEdit,
  PriceBookImported,
  PriceBookPreview,
  PriceBookRow,
  ProductEdit,
  ProductField,
};

/** The Catalog screen's keys, under `queryKeys.catalog`: every catalog change (an edit, an import) makes both stale. */
export const catalogKeys = {
  all: queryKeys.catalog,
  products: [...queryKeys.catalog, 'products'] as const,
  locations: [...queryKeys.catalog, 'locations'] as const,
};

export const CATALOG_PAGE_SIZE = 25;

const BASE = '/v1/admin/catalog';

export interface CatalogFilter {
  q?: string;
  active?: boolean;
}

const listQuery = ({ q, active }: CatalogFilter, after: string | undefined) =>
  queryString({
    q: q?.trim() || undefined,
    active: active === undefined ? undefined : String(active),
    limit: CATALOG_PAGE_SIZE,
    after,
  });

/** One page of products by name; `after` is the `nextAfter` of the page before. */
export function useProducts(filter: CatalogFilter, after: string | undefined) {
  const query = listQuery(filter, after);
  return useQuery({
    queryKey: [...catalogKeys.products, query],
    queryFn: () => api.get<ProductList>(`${BASE}/products?${query}`),
    placeholderData: (previous) => previous,
  });
}

export function useLocations(filter: CatalogFilter, after: string | undefined) {
  const query = listQuery(filter, after);
  return useQuery({
    queryKey: [...catalogKeys.locations, query],
    queryFn: () => api.get<LocationList>(`${BASE}/locations?${query}`),
    placeholderData: (previous) => previous,
  });
}

/** Every change refreshes the lists; a refusal too, since a 409 means the row on screen is out of date. */
function useCatalogMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: catalogKeys.all }),
  });
}

/** Adds (expectedVersion 0) or changes a product, including withdrawing it (active false) and bringing it back. */
export const useSaveProduct = () =>
  useCatalogMutation(({ id, ...edit }: ProductEdit & { id: string }) =>
    api.put<ProductSaved>(`${BASE}/products/${encodeURIComponent(id)}`, edit),
  );

export const useSaveLocation = () =>
  useCatalogMutation(({ id, ...edit }: LocationEdit & { id: string }) =>
    api.put<LocationSaved>(`${BASE}/locations/${encodeURIComponent(id)}`, edit),
  );

/** What a price book would do; records nothing, so nothing is stale after it. */
export function usePreviewPriceBook() {
  return useMutation({
    mutationFn: (request: PriceBookRequest) => api.post<PriceBookPreview>(`${BASE}/price-book/preview`, request),
  });
}

export const useImportPriceBook = () =>
  useCatalogMutation((request: PriceBookRequest) => api.post<PriceBookImported>(`${BASE}/price-book`, request));

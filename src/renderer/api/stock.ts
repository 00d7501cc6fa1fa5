import { useQuery } from '@tanstack/react-query';
import type {
  CountSheet,
  StockConflictView,
  StockLevelView,
  StockList,
  StockMovementPage,
  StockMovementView,
} from '../../shared/protocol/stock-views.js';
import { api, queryString } from './client.js';
import { queryKeys } from './keys.js';

export type { CountSheet, StockConflictView, StockLevelView, StockList, StockMovementPage, StockMovementView };

export const STOCK_PAGE_SIZE = 100;
export const MOVEMENT_PAGE_SIZE = 50;

const BASE = '/v1/admin/stock';

/** One page of levels; `query` is the list's query string (filters and offset). */
export function useStock(query: string) {
  return useQuery({
    queryKey: [...queryKeys.stock, 'levels', query],
    queryFn: () => api.get<StockList>(`${BASE}?${query}`),
    placeholderData: (previous) => previous,
  });
}

/** One page of a product's history, newest first; `before` is the `nextBefore` of the page above. */
export function useStockMovements(productId: string, locationId: string | undefined, before: number | undefined) {
  const query = queryString({ limit: MOVEMENT_PAGE_SIZE, locationId, before });
  return useQuery({
    queryKey: [...queryKeys.stock, 'movements', productId, query],
    queryFn: () => api.get<StockMovementPage>(`${BASE}/${encodeURIComponent(productId)}/movements?${query}`),
    placeholderData: (previous) => previous,
  });
}

export function useCountSheet(locationId: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.stock, 'count-sheet', locationId ?? ''],
    queryFn: () => api.get<CountSheet>(`${BASE}/count-sheet?${queryString({ locationId, format: 'json' })}`),
  });
}

/** The hub answers the CSV as an attachment, so a plain link downloads it (the session cookie goes along). */
export const countSheetCsvUrl = (locationId: string | undefined, blind: boolean) =>
  `${BASE}/count-sheet?${queryString({ locationId, format: 'csv', blind: blind ? 'true' : undefined })}`;

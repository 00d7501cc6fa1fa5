import { useQuery } from '@tanstack/react-query';
import type {
  EndOfDayReport,
  RefundView,
  SalesFigures,
  SalesSummary,
  VoidView,
} from '../../shared/protocol/sales-views.js';
import { api, queryString } from './client.js';
import { queryKeys } from './keys.js';

export type { EndOfDayReport, RefundView, SalesFigures, SalesSummary, VoidView };

export interface SalesFilter {
  /** Business dates, YYYY-MM-DD, both inclusive; the hub's last two weeks when left out. */
  from?: string;
  to?: string;
  locationId?: string;
  deviceId?: string;
  cashierId?: string;
}

const BASE = '/v1/admin/sales';

export function useSalesSummary(filter: SalesFilter) {
  const query = queryString({ ...filter });
  return useQuery({
    queryKey: [...queryKeys.sales, 'summary', query],
    queryFn: () => api.get<SalesSummary>(`${BASE}/summary?${query}`),
    placeholderData: (previous) => previous,
  });
}

/** `businessDate` undefined: the store's today. */
export function useEndOfDay(businessDate: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.sales, 'end-of-day', businessDate ?? ''],
    queryFn: () => api.get<EndOfDayReport>(`${BASE}/end-of-day?${queryString({ businessDate })}`),
    placeholderData: (previous) => previous,
  });
}

/** The daily-totals rows of the range as a CSV download (the same rows the summary adds up). */
export const salesCsvUrl = (filter: Required<Pick<SalesFilter, 'from' | 'to'>> & SalesFilter) =>
  `${BASE}/daily-totals?${queryString({ ...filter, format: 'csv' })}`;

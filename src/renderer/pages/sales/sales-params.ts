/**
 * The Sales screen's state lives in the URL (range and filters), so a reload or a shared link shows the same figures.
 * Pure functions.
 */
import type { SalesFilter } from '../../api/sales.js';
import { isCalendarDate } from '../../../shared/store-calendar.js';

const FILTER_PARAMS = [
  ['from', 'from'],
  ['to', 'to'],
  ['locationId', 'location'],
  ['deviceId', 'device'],
  ['cashierId', 'cashier'],
] as const;

export function readSalesParams(params: URLSearchParams): SalesFilter {
  const filter: SalesFilter = {};
  for (const [field, param] of FILTER_PARAMS) {
    const value = params.get(param)?.trim();
    if (!value) continue;
    if ((field === 'from' || field === 'to') && !isCalendarDate(value)) continue;
    filter[field] = value.slice(0, 64);
  }
  return filter;
}

export function writeSalesParams(filter: SalesFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [field, param] of FILTER_PARAMS) {
    const value = filter[field];
    if (value) params.set(param, value);
  }
  return params;
}

import { useQuery } from '@tanstack/react-query';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import { POLL_MS } from './polling.js';
import type { Overview } from './types.js';

export const fetchOverview = () => api.get<Overview>('/v1/admin/overview');

export function useOverview() {
  return useQuery({ queryKey: queryKeys.overview, queryFn: fetchOverview, refetchInterval: POLL_MS.overview });
}

import { useQuery } from '@tanstack/react-query';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import { POLL_MS } from './polling.js';
import type { ActivityPoint, Overview } from './types.js';

export const fetchOverview = () => api.get<Overview>('/v1/admin/overview');

export function useOverview() {
  return useQuery({ queryKey: queryKeys.overview, queryFn: fetchOverview, refetchInterval: POLL_MS.overview });
}

/** The dashboard chart: the hub's samples of the last `hours`, oldest first, the last point live. */
export function useActivityHistory(hours: number) {
  return useQuery({
    queryKey: [...queryKeys.activityHistory, hours],
    queryFn: async () =>
      (await api.get<{ points: ActivityPoint[] }>(`/v1/admin/activity-history?hours=${hours}`)).points,
    refetchInterval: POLL_MS.activity,
    // Another span keeps the chart shown until its own points arrive.
    placeholderData: (previous) => previous,
  });
}

import { useQuery } from '@tanstack/react-query';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import { firstCursorAtOrAfter } from './cursor-bound.js';
import type { EventDetail, EventPage } from './types.js';

export const fetchEventDetail = (cursor: number) => api.get<EventDetail>(`/v1/admin/events/${cursor}`);

export function useEventPage(queryString: string) {
  return useQuery({
    queryKey: [...queryKeys.events, 'page', queryString],
    queryFn: () => api.get<EventPage>(`/v1/admin/events?${queryString}`),
    // Keep the previous page on screen while the next one loads, so the pager does not jump.
    placeholderData: (previous) => previous,
  });
}

export function useEventDetail(cursor: number) {
  return useQuery({
    queryKey: queryKeys.event(cursor),
    queryFn: () => fetchEventDetail(cursor),
    enabled: Number.isInteger(cursor) && cursor > 0,
    // A ledger row never changes; its checks are recomputed only when asked again.
    staleTime: 60_000,
  });
}

/**
 * The first cursor recorded at or after `instant`, or null when there is none yet. Kept outside the `events` key so
 * new records do not re-run the search; a stale null is harmless because the page also filters rows by time.
 */
export function useFirstCursorAt(instant: number | undefined) {
  return useQuery({
    queryKey: queryKeys.firstCursorAt(instant),
    enabled: instant !== undefined,
    staleTime: Infinity,
    queryFn: async () => {
      const newest = (await api.get<EventPage>('/v1/admin/events?limit=1')).events[0];
      if (!newest || Date.parse(newest.recordedAt) < instant!) return null;
      return firstCursorAtOrAfter(instant!, newest.cursor, async (cursor) =>
        Date.parse((await fetchEventDetail(cursor)).record.recordedAt),
      );
    },
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AckMessageView,
  ConexxusSettingsUpdate,
  ConexxusSettingsView,
  EndOfDayList,
  EndOfDayRevisionView,
  EndOfDayState,
  EndOfDayView,
  NaxmlDocumentView,
  RunEndOfDayReply,
  RunEndOfDayRequest,
} from '../../shared/protocol/conexxus-views.js';
import { api, queryString } from './client.js';
import { queryKeys } from './keys.js';
import { POLL_MS } from './polling.js';

export type {
  AckMessageView,
  ConexxusSettingsUpdate,
  ConexxusSettingsView,
  EndOfDayRevisionView,
  EndOfDayState,
  EndOfDayView,
  NaxmlDocumentView,
  RunEndOfDayReply,
};

/** About a month of business dates a page. */
export const END_OF_DAY_PAGE_SIZE = 30;

const BASE = '/v1/admin/upstream/conexxus';

/**
 * One page of business dates, newest first; `before` is the `nextBefore` of the page above. Polled as well as
 * invalidated by upstream notices: a day turns overdue when its acknowledge-by time passes, which no notice says.
 */
export function useEndOfDays(before: string | undefined) {
  const query = queryString({ limit: END_OF_DAY_PAGE_SIZE, before });
  return useQuery({
    queryKey: [...queryKeys.conexxusDays, query],
    queryFn: () => api.get<EndOfDayList>(`${BASE}/days?${query}`),
    placeholderData: (previous) => previous,
    refetchInterval: POLL_MS.upstream,
  });
}

/** The XML document exactly as it was sent: the hub answers it as an attachment under its file name. */
export const documentUrl = (jobId: string) => `${BASE}/documents/${encodeURIComponent(jobId)}`;

/** Running the end of day queues new documents: the days, the job lists and the connector's figures all move. */
export function useRunEndOfDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RunEndOfDayRequest) => api.post<RunEndOfDayReply>(`${BASE}/end-of-day`, request),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.upstream }),
  });
}

/** New settings change whether the connector is set up and where it sends: refetch the settings and the overview. */
export function useSaveConexxusSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: ConexxusSettingsUpdate) =>
      api.put<ConexxusSettingsView>('/v1/admin/settings/connectors/conexxus', update),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.connectorSettings });
      void queryClient.invalidateQueries({ queryKey: queryKeys.upstream });
    },
  });
}

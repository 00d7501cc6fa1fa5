import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AtRiskPaymentList,
  AtRiskPaymentView,
  ConnectionTestResult,
  ConnectorSettingsView,
  ConnectorView,
  HoldList,
  HoldState,
  HoldView,
  ProbeTargetsUpdate,
  ReachabilityState,
  StripeKeyUpdate,
  SyncNowReply,
  TargetStatusView,
  UpstreamJobPage,
  UpstreamJobState,
  UpstreamJobView,
  UpstreamOverview,
} from '../../shared/protocol/upstream-views.js';
import { api, queryString } from './client.js';
import { queryKeys } from './keys.js';
import { POLL_MS } from './polling.js';

export type {
  AtRiskPaymentView,
  ConnectionTestResult,
  ConnectorSettingsView,
  ConnectorView,
  HoldState,
  HoldView,
  ProbeTargetsUpdate,
  ReachabilityState,
  TargetStatusView,
  UpstreamJobState,
  UpstreamJobView,
  UpstreamOverview,
};

/** What `GET /v1/admin/stream` sends when upstream jobs or the connectivity of a target change. */
export interface UpstreamNotice {
  type: 'upstream';
}

export interface UpstreamJobFilter {
  connector?: string;
  state?: UpstreamJobState;
  kind?: string;
}

export const UPSTREAM_PAGE_SIZE = 25;

const jobPath = (id: string) => `/v1/admin/upstream/jobs/${encodeURIComponent(id)}`;

export const fetchUpstreamOverview = () => api.get<UpstreamOverview>('/v1/admin/upstream');

/** Shared by the banner on every screen and the Upstream screen: one request answers both. */
export function useUpstreamOverview() {
  return useQuery({
    queryKey: queryKeys.upstreamOverview,
    queryFn: fetchUpstreamOverview,
    refetchInterval: POLL_MS.upstream,
  });
}

/** One page of the outbox, newest first; `before` is the `nextBefore` of the page above. */
export function useUpstreamJobs(filter: UpstreamJobFilter, before: number | undefined) {
  const query = queryString({ ...filter, limit: UPSTREAM_PAGE_SIZE, before });
  return useQuery({
    queryKey: [...queryKeys.upstreamJobs, query],
    queryFn: () => api.get<UpstreamJobPage>(`/v1/admin/upstream/jobs?${query}`),
    placeholderData: (previous) => previous,
  });
}

export function useHolds() {
  return useQuery({
    queryKey: queryKeys.holds,
    queryFn: async () => (await api.get<HoldList>('/v1/admin/upstream/stripe/holds')).holds,
  });
}

export function useAtRiskPayments() {
  return useQuery({
    queryKey: queryKeys.atRisk,
    queryFn: async () => (await api.get<AtRiskPaymentList>('/v1/admin/upstream/stripe/at-risk')).payments,
  });
}

/** Every upstream action changes what the connector cards and the job list show. */
function useUpstreamMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // Refused ones too: a 409 means the list on screen is out of date.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.upstream }),
  });
}

export const useRetryJob = () => useUpstreamMutation((id: string) => api.post<UpstreamJobView>(`${jobPath(id)}/retry`));

export const useCancelJob = () =>
  useUpstreamMutation(({ id, reason }: { id: string; reason: string }) =>
    api.post<UpstreamJobView>(`${jobPath(id)}/cancel`, { reason }),
  );

export const useSyncNow = () =>
  useUpstreamMutation((connector: string) =>
    api.post<SyncNowReply>(`/v1/admin/upstream/${encodeURIComponent(connector)}/sync-now`),
  );

const CONNECTORS_PATH = '/v1/admin/settings/connectors';

export function useConnectorSettings() {
  return useQuery({
    queryKey: queryKeys.connectorSettings,
    queryFn: () => api.get<ConnectorSettingsView>(CONNECTORS_PATH),
  });
}

/** A new key or new probe targets change whether a connector is configured and what it probes: refetch both. */
function useConnectorSettingsMutation<I>(mutationFn: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.connectorSettings });
      void queryClient.invalidateQueries({ queryKey: queryKeys.upstream });
    },
  });
}

export const useSaveStripeKey = () =>
  useConnectorSettingsMutation((update: StripeKeyUpdate) => api.put(`${CONNECTORS_PATH}/stripe`, update));

export const useSaveProbeTargets = () =>
  useConnectorSettingsMutation((update: ProbeTargetsUpdate) => api.put(`${CONNECTORS_PATH}/probes`, update));

export const useTestStripeConnection = () =>
  useMutation({ mutationFn: () => api.post<ConnectionTestResult>(`${CONNECTORS_PATH}/stripe/test`) });

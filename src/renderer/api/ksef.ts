import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  KsefConnectionTest,
  KsefOverview,
  KsefSessionView,
  KsefTokenUpdate,
  KsefTokenView,
} from '../../shared/protocol/ksef-views.js';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import { POLL_MS } from './polling.js';

export type { KsefConnectionTest, KsefOverview, KsefSessionView, KsefTokenUpdate, KsefTokenView };

const TOKEN_PATH = '/v1/admin/settings/connectors/ksef';

/**
 * The KSeF connector's own figures (issue 10). Invalidated by upstream notices (its jobs) and new ledger records (an
 * invoice issued or numbered, KSeF's availability), and polled as well: "numbered in the last hour", and with it the
 * drain estimate and the risk, change as time passes with no notice.
 */
export function useKsefOverview() {
  return useQuery({
    queryKey: queryKeys.ksefOverview,
    queryFn: () => api.get<KsefOverview>('/v1/admin/upstream/ksef'),
    refetchInterval: POLL_MS.upstream,
  });
}

/**
 * A new token is stored and tried at once: the answer is the test's. Whatever it says, the token is set now, so the
 * settings (who set it, when) and the connector (configured, its problem) are fetched again.
 */
export function useSaveKsefToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: KsefTokenUpdate) => api.put<KsefConnectionTest>(TOKEN_PATH, update),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.connectorSettings });
      void queryClient.invalidateQueries({ queryKey: queryKeys.upstream });
    },
  });
}

/** A passed test marks the token accepted, which may clear the connector's problem on the Upstream screen. */
export function useTestKsefConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<KsefConnectionTest>(`${TOKEN_PATH}/test`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.upstream }),
  });
}

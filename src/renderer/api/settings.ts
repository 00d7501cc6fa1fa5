import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import type { AlertThresholdSettings, AlertThresholdValues, OfflineCardPolicy } from './types.js';

const PATH = '/v1/admin/settings/payment-policy';

export function usePaymentPolicy() {
  return useQuery({ queryKey: queryKeys.paymentPolicy, queryFn: () => api.get<OfflineCardPolicy>(PATH) });
}

export function useSavePaymentPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policy: OfflineCardPolicy) => api.put<OfflineCardPolicy>(PATH, policy),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.paymentPolicy, saved),
  });
}

const ALERTS_PATH = '/v1/admin/settings/alerts';

export function useAlertThresholds() {
  return useQuery({
    queryKey: queryKeys.alertThresholds,
    queryFn: () => api.get<AlertThresholdSettings>(ALERTS_PATH),
  });
}

/** Saving re-evaluates the alerts on the hub at once, so the alert lists are fetched again. */
export function useSaveAlertThresholds() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (thresholds: AlertThresholdValues) => api.put<AlertThresholdSettings>(ALERTS_PATH, thresholds),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.alertThresholds, saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.alerts });
      void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
    },
  });
}

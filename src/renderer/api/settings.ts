import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import type { OfflineCardPolicy } from './types.js';

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

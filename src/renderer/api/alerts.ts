import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import type { Alert, AlertStatus } from './types.js';

export type AlertFilter = AlertStatus | 'all';

export function useAlerts(status: AlertFilter = 'active') {
  return useQuery({
    queryKey: [...queryKeys.alerts, status],
    queryFn: async () => (await api.get<{ alerts: Alert[] }>(`/v1/admin/alerts?status=${status}&limit=500`)).alerts,
  });
}

export function useAcknowledgeAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Alert>(`/v1/admin/alerts/${encodeURIComponent(id)}/ack`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts }),
  });
}

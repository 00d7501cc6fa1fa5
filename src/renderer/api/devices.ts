import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import type { Device, PairingCode } from './types.js';

export const fetchDevices = async () => (await api.get<{ devices: Device[] }>('/v1/admin/devices')).devices;

export function useDevices() {
  return useQuery({ queryKey: queryKeys.devices, queryFn: fetchDevices });
}

export function useCreatePairingCode() {
  return useMutation({ mutationFn: () => api.post<PairingCode>('/v1/admin/pairing-codes') });
}

export function useRevokeDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post<Device>(`/v1/admin/devices/${encodeURIComponent(id)}/revoke`, { reason }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.devices }),
  });
}

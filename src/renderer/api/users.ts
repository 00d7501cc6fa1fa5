import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import type { NewUser, UserAccount } from './types.js';

/** Users are not ledger events, so no stream notice covers them: the list refreshes on the mutation that adds one. */
export function useUsers() {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: async () => (await api.get<{ users: UserAccount[] }>('/v1/admin/users')).users,
  });
}

export function useAddUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: NewUser) => api.post<UserAccount>('/v1/admin/users', user),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

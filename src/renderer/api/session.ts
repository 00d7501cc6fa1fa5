import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client.js';
import { queryKeys } from './keys.js';
import type { SetupStatus, User, UserResponse } from './types.js';

export function useSetupStatus() {
  return useQuery({
    queryKey: queryKeys.setup,
    queryFn: () => api.get<SetupStatus>('/v1/admin/setup'),
    staleTime: Infinity,
  });
}

/** The logged-in user, or null when there is no session (401 is an answer here, not an error). */
export function useSession(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.session,
    enabled,
    queryFn: async (): Promise<User | null> => {
      try {
        return (await api.get<UserResponse>('/v1/admin/session')).user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

export interface SetupInput {
  setupCode: string;
  owner: { name: string; pin: string };
}

export function useCompleteSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SetupInput) => api.post<UserResponse>('/v1/admin/setup', input),
    onSuccess: async () => {
      queryClient.setQueryData<SetupStatus>(queryKeys.setup, { needed: false });
      // The hub may or may not start a session on setup; ask it.
      await queryClient.invalidateQueries({ queryKey: queryKeys.session });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'SETUP_DONE') {
        queryClient.setQueryData<SetupStatus>(queryKeys.setup, { needed: false });
      }
    },
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; pin: string }) => api.post<UserResponse>('/v1/admin/session', input),
    onSuccess: (data) => queryClient.setQueryData<User | null>(queryKeys.session, data.user),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.delete('/v1/admin/session');
      } catch (error) {
        // Already logged out (expired session): that is what the user wanted.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      queryClient.setQueryData<User | null>(queryKeys.session, null);
      // Nothing of the previous user's view may survive into the next session.
      queryClient.removeQueries({ predicate: (query) => !['setup', 'session'].includes(String(query.queryKey[1])) });
    },
  });
}

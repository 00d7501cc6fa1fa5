import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client.js';
import type { Overview, SetupStatus, User, UserResponse } from './types.js';

export const queryKeys = {
  setup: ['admin', 'setup'] as const,
  session: ['admin', 'session'] as const,
  overview: ['admin', 'overview'] as const,
};

export const OVERVIEW_REFRESH_MS = 5_000;

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

export function useOverview() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.overview,
    queryFn: async () => {
      try {
        return await api.get<Overview>('/v1/admin/overview');
      } catch (error) {
        // Session expired or the hub restarted: go back to the login form.
        if (error instanceof ApiError && error.status === 401) queryClient.setQueryData(queryKeys.session, null);
        throw error;
      }
    },
    refetchInterval: OVERVIEW_REFRESH_MS,
    refetchIntervalInBackground: false,
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
    onSuccess: (data) => {
      queryClient.setQueryData<User | null>(queryKeys.session, data.user);
    },
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
      queryClient.removeQueries({ queryKey: queryKeys.overview });
      queryClient.setQueryData<User | null>(queryKeys.session, null);
    },
  });
}

import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.js';
import { queryKeys } from './keys.js';
import type { User } from './types.js';

const isClientError = (error: unknown) => error instanceof ApiError && error.status >= 400 && error.status < 500;

/**
 * The app's query client. UNAUTHENTICATED from the hub (session expired, hub restarted, logged out elsewhere) sends
 * the user back to the login form. Other 401s are answers, not the end of the session: a wrong PIN re-entered to
 * approve a payment is INVALID_CREDENTIALS.
 */
export function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED')
      client.setQueryData<User | null>(queryKeys.session, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // Client errors (bad request, not logged in, forbidden) will not fix themselves by retrying.
        retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

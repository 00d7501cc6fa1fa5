import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConflictDetail, ResolveConflictReply, ResolveConflictRequest } from '../../shared/protocol/conflicts.js';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import type { ConflictView } from './types.js';

export type { ConflictDetail };
export type ConflictFilter = 'unresolved' | 'resolved';

/**
 * All conflicts, newest first, split here into "needs a decision" and "resolved": one request whatever statuses
 * the hub knows (open, escalated, quarantined…), and the list stays right when new ones are added.
 */
async function fetchConflicts(filter: ConflictFilter): Promise<ConflictView[]> {
  const { conflicts } = await api.get<{ conflicts: ConflictView[] }>('/v1/admin/conflicts');
  return conflicts
    .filter((conflict) => (conflict.status === 'resolved') === (filter === 'resolved'))
    .sort((a, b) => b.cursor - a.cursor);
}

export function useConflicts(filter: ConflictFilter) {
  return useQuery({ queryKey: [...queryKeys.conflicts, filter], queryFn: () => fetchConflicts(filter) });
}

export function useConflict(id: string) {
  return useQuery({
    queryKey: queryKeys.conflict(id),
    queryFn: () => api.get<ConflictDetail>(`/v1/admin/conflicts/${encodeURIComponent(id)}`),
  });
}

export function useResolveConflict(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ResolveConflictRequest) =>
      api.post<ResolveConflictReply>(`/v1/admin/conflicts/${encodeURIComponent(id)}/resolve`, body),
    onSuccess: (reply) => {
      queryClient.setQueryData(queryKeys.conflict(id), reply.conflict);
      return queryClient.invalidateQueries({ queryKey: queryKeys.conflicts });
    },
  });
}

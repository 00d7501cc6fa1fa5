import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { queryKeys } from './keys.js';
import type { ApprovalView } from './types.js';

export type ApprovalFilter = 'pending' | 'decided';

export function useApprovals(status: ApprovalFilter, enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.approvals, status],
    enabled,
    queryFn: async () =>
      (await api.get<{ approvals: ApprovalView[] }>(`/v1/admin/approvals?status=${status}&limit=100`)).approvals,
  });
}

export interface DecideInput {
  approvalId: string;
  decision: 'approve' | 'decline';
  pin: string;
}

export function useDecideApproval() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ approvalId, decision, pin }: DecideInput) =>
      api.post<{ approval: ApprovalView }>(`/v1/admin/approvals/${encodeURIComponent(approvalId)}/decide`, {
        decision,
        pin,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.approvals }),
  });
}

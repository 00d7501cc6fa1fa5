import { useState, type ReactNode } from 'react';
import type { NaxmlDocumentView } from '../../api/conexxus.js';
import { useRetryJob, type UpstreamJobView } from '../../api/upstream.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { CONEXXUS_CONNECTOR } from '../../../shared/protocol/conexxus-views.js';
import { CancelJobDialog } from './CancelJobDialog.js';
import { documentKind } from './conexxus-copy.js';
import { UPSTREAM_ERROR_TEXT, type UpstreamJobAction } from './upstream-copy.js';

/**
 * Retry and cancel of Conexxus outbox jobs, journal entries and movement reports alike: the Jobs list's own mutation
 * and cancel dialog, so a document is retried or given up on exactly as any other job is. `outcome` is the feedback
 * (the hub's refusal, the retry notice, the open dialog) to place under the list acted on.
 */
export function useJobActions(retriedText: string): {
  act: (job: UpstreamJobView, action: UpstreamJobAction) => void;
  busy: string | null;
  outcome: ReactNode;
} {
  const retry = useRetryJob();
  const [cancelling, setCancelling] = useState<UpstreamJobView | null>(null);
  return {
    act: (job, action) => (action === 'cancel' ? setCancelling(job) : retry.mutate(job.id)),
    busy: retry.isPending ? (retry.variables ?? null) : null,
    outcome: (
      <>
        <ErrorMessage error={retry.error} messages={UPSTREAM_ERROR_TEXT} />
        {retry.isSuccess ? (
          <p className="notice" role="status">
            {retriedText}
          </p>
        ) : null}
        {cancelling ? <CancelJobDialog job={cancelling} onClose={() => setCancelling(null)} /> : null}
      </>
    ),
  };
}

/**
 * A movement report's outbox job as the cancel dialog reads it: its id, what it is, its state and last error. The
 * document view lacks the rest (sequence, keys, times), which neither the dialog nor the actions read.
 */
export function documentJob(document: NaxmlDocumentView): UpstreamJobView {
  return {
    id: document.jobId,
    connector: CONEXXUS_CONNECTOR,
    kind: documentKind(document.type),
    state: document.state,
    attempts: document.attempts,
    lastError: document.lastError,
    deadline: null,
    fileName: document.fileName,
    saleId: null,
    paymentId: null,
    amount: null,
    result: null,
    seq: 0,
    priority: 0,
    notBefore: '',
    idempotencyKey: '',
    sourceEventId: null,
    cancelledBy: null,
    createdAt: '',
    updatedAt: '',
  };
}

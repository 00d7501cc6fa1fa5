import { useState, type FormEvent } from 'react';
import { useCancelJob, type UpstreamJobView } from '../../api/upstream.js';
import { Dialog, DialogActions } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ReasonField } from '../../components/Field.js';
import { formatMoney } from '../../format.js';
import { cancelRisk, jobKindText, UPSTREAM_ERROR_TEXT } from './upstream-copy.js';

/** The hub's bound on a cancel reason (CancelJobRequest). */
const MAX_REASON_LENGTH = 500;

/** Cancelling a job gives up on forwarding it: the dialog says what is lost and will not send without a reason. */
export function CancelJobDialog({ job, onClose }: { job: UpstreamJobView; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const cancel = useCancelJob();
  const what = jobKindText(job.kind).toLowerCase();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    cancel.mutate({ id: job.id, reason: reason.trim() }, { onSuccess: onClose });
  }

  return (
    <Dialog title={`Cancel this ${what} job?`} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <p className="muted small">
          {jobKindText(job.kind)} · {job.connector}
          {job.saleId ? ` · sale ${job.saleId}` : ''}
          {job.amount ? ` · ${formatMoney(job.amount)}` : ''}
        </p>
        <div className="consequence">
          <ul>
            {cancelRisk(job).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
        <ReasonField
          value={reason}
          onChange={setReason}
          maxLength={MAX_REASON_LENGTH}
          placeholder="e.g. Customer paid again in cash; payment voided by phone with the processor"
        />
        <ErrorMessage error={cancel.error} messages={UPSTREAM_ERROR_TEXT} />
        <DialogActions
          confirm={cancel.isPending ? 'Cancelling…' : 'Cancel job'}
          tone="danger"
          disabled={cancel.isPending || reason.trim() === ''}
          keep="Keep it"
          onKeep={onClose}
        />
      </form>
    </Dialog>
  );
}

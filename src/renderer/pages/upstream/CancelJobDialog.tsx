import { useId, useState, type FormEvent } from 'react';
import { useCancelJob, type UpstreamJobView } from '../../api/upstream.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { formatMoney } from '../../format.js';
import { cancelRisk, jobKindText, UPSTREAM_ERROR_TEXT } from './upstream-copy.js';

/** The hub's bound on a cancel reason (CancelJobRequest). */
const MAX_REASON_LENGTH = 500;

/** Cancelling a job gives up on forwarding it: the dialog says what is lost and will not send without a reason. */
export function CancelJobDialog({ job, onClose }: { job: UpstreamJobView; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const cancel = useCancelJob();
  const reasonId = useId();
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
        <div className="field">
          <label htmlFor={reasonId}>Reason</label>
          <textarea
            id={reasonId}
            required
            maxLength={MAX_REASON_LENGTH}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. Customer paid again in cash; payment voided by phone with the processor"
          />
        </div>
        <ErrorMessage error={cancel.error} messages={UPSTREAM_ERROR_TEXT} />
        <div className="actions">
          <button type="submit" className="button danger" disabled={cancel.isPending || reason.trim() === ''}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel job'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Keep it
          </button>
        </div>
      </form>
    </Dialog>
  );
}

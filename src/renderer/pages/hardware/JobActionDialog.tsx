import { useState, type FormEvent } from 'react';
import { useDropJob, useReprintJob, type PrintJobView } from '../../api/hardware.js';
import { Dialog, DialogActions } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { JOB_KIND_TEXT } from './hardware-copy.js';
import { hardwareErrorText } from './hardware-errors.js';
import { jobActionCopy, MAX_REASON_LENGTH, type JobAction } from './job-actions.js';

/** Confirms a reprint or a drop, saying first what it risks; a drop may carry a reason for the record. */
export function JobActionDialog({
  job,
  action,
  printerName,
  onClose,
}: {
  job: PrintJobView;
  action: JobAction;
  printerName: string;
  onClose: () => void;
}) {
  const reprint = useReprintJob();
  const drop = useDropJob();
  const mutation = action === 'reprint' ? reprint : drop;
  const [reason, setReason] = useState('');
  const copy = jobActionCopy(action, job, JOB_KIND_TEXT[job.kind]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (action === 'reprint') reprint.mutate(job.id, { onSuccess: onClose });
    else drop.mutate({ jobId: job.id, reason: reason.trim() || undefined }, { onSuccess: onClose });
  }

  return (
    <Dialog title={copy.title} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <p className="muted small">
          {JOB_KIND_TEXT[job.kind]} on {printerName}
          {job.saleId ? ` · sale ${job.saleId}` : ''}
          {job.note ? ` · ${job.note}` : ''}
        </p>
        <div className="consequence">
          <ul>
            {copy.consequence.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
        {action === 'drop' ? (
          <Field
            label="Reason (optional)"
            maxLength={MAX_REASON_LENGTH}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        ) : null}
        <ErrorMessage text={mutation.error ? hardwareErrorText(mutation.error) : null} />
        <DialogActions
          confirm={mutation.isPending ? 'Recording…' : copy.confirm}
          tone={action === 'drop' ? 'danger' : 'primary'}
          disabled={mutation.isPending}
          keep={copy.keep}
          onKeep={onClose}
        />
      </form>
    </Dialog>
  );
}

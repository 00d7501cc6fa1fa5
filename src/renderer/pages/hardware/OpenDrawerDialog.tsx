import { useId, useState, type FormEvent } from 'react';
import { useOpenDrawer, type PrinterView } from '../../api/hardware.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { MAX_REASON_LENGTH } from './job-actions.js';
import { hardwareErrorText } from './hardware-errors.js';

/** Opening a drawer from the back office: a reason is required, and it goes into the drawer log with the name. */
export function OpenDrawerDialog({ printer, onClose }: { printer: PrinterView; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const open = useOpenDrawer();
  const reasonId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    open.mutate({ drawerId: printer.id, reason: reason.trim() }, { onSuccess: onClose });
  }

  return (
    <Dialog title={`Open the drawer on ${printer.name}?`} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <div className="consequence">
          <p>The cash drawer pops open as soon as the printer takes the command.</p>
          <ul>
            <li>The opening is recorded in the drawer log with your name and the reason.</li>
            <li>
              If the printer cannot take it within 12 seconds (out of paper, offline), it is dropped, not sent later:
              the log says so.
            </li>
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
            placeholder="e.g. Change for the float, counting the drawer"
          />
        </div>
        <ErrorMessage text={open.error ? hardwareErrorText(open.error) : null} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={open.isPending || reason.trim() === ''}>
            {open.isPending ? 'Opening…' : 'Open drawer'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

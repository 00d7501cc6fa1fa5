import { useState, type FormEvent } from 'react';
import { useOpenDrawer, type PrinterView } from '../../api/hardware.js';
import { Dialog, DialogActions } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ReasonField } from '../../components/Field.js';
import { MAX_REASON_LENGTH } from './job-actions.js';
import { hardwareErrorText } from './hardware-errors.js';

/** Opening a drawer from the back office: a reason is required, and it goes into the drawer log with the name. */
export function OpenDrawerDialog({ printer, onClose }: { printer: PrinterView; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const open = useOpenDrawer();

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
        <ReasonField
          value={reason}
          onChange={setReason}
          maxLength={MAX_REASON_LENGTH}
          placeholder="e.g. Change for the float, counting the drawer"
        />
        <ErrorMessage text={open.error ? hardwareErrorText(open.error) : null} />
        <DialogActions
          confirm={open.isPending ? 'Opening…' : 'Open drawer'}
          tone="primary"
          disabled={open.isPending || reason.trim() === ''}
          keep="Cancel"
          onKeep={onClose}
        />
      </form>
    </Dialog>
  );
}

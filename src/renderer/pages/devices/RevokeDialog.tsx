import { useState, type FormEvent } from 'react';
import { useRevokeDevice } from '../../api/devices.js';
import type { Device } from '../../api/types.js';
import { Dialog, DialogActions } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ReasonField } from '../../components/Field.js';

/** Revocation asks for a reason (it is recorded in the ledger) and says plainly what it does before it is done. */
export function RevokeDialog({ device, onClose }: { device: Device; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const revoke = useRevokeDevice();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    revoke.mutate({ id: device.id, reason: reason.trim() }, { onSuccess: onClose });
  }

  return (
    <Dialog title={`Revoke ${device.name}?`} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <div className="consequence">
          <p>Revoking this device:</p>
          <ul>
            <li>stops its access at once: its token is refused and its live connection is closed;</li>
            <li>
              leaves anything it has not synced yet on the device: it can no longer send it to this hub
              {device.queued ? ` (its last heartbeat reported ${device.queued} waiting)` : ''};
            </li>
            <li>is recorded in the ledger with your name and the reason;</li>
            <li>cannot be undone: to use this device again, pair it again with a new code.</li>
          </ul>
        </div>
        <ReasonField
          value={reason}
          onChange={setReason}
          maxLength={500}
          rows={3}
          placeholder="e.g. Till stolen, replaced, or lost"
        />
        <ErrorMessage error={revoke.error} />
        <DialogActions
          confirm={revoke.isPending ? 'Revoking…' : 'Revoke device'}
          tone="danger"
          disabled={revoke.isPending || reason.trim() === ''}
          keep="Keep device"
          onKeep={onClose}
        />
      </form>
    </Dialog>
  );
}

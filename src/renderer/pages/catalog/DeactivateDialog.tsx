import { Dialog, DialogActions } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { CATALOG_MESSAGES } from './catalog-copy.js';

/** Deactivating says what it does before it is done; activating again needs no such warning. */
export function DeactivateDialog({
  name,
  consequences,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  name: string;
  consequences: readonly string[];
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title={`Deactivate ${name}?`} onClose={onClose}>
      <div className="consequence">
        <p>Deactivating it:</p>
        <ul>
          {consequences.map((line) => (
            <li key={line}>{line}</li>
          ))}
          <li>is recorded in the ledger with your name, and can be undone by activating it again.</li>
        </ul>
      </div>
      <ErrorMessage error={error} messages={CATALOG_MESSAGES} />
      <DialogActions
        confirm={pending ? 'Deactivating…' : 'Deactivate'}
        tone="danger"
        disabled={pending}
        onConfirm={onConfirm}
        keep="Keep it active"
        onKeep={onClose}
      />
    </Dialog>
  );
}

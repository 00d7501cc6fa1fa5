import { useDeletePrinter, type PrinterView } from '../../api/hardware.js';
import { Dialog, DialogActions } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { hardwareErrorText } from '../hardware/hardware-errors.js';

/** Deleting a printer says what it means first; the hub refuses while jobs are queued or uncertain, and says so. */
export function PrintersDeleteDialog({
  printer,
  onDeleted,
  onClose,
}: {
  printer: PrinterView;
  onDeleted: () => void;
  onClose: () => void;
}) {
  const remove = useDeletePrinter();
  return (
    <Dialog title={`Delete ${printer.name}?`} onClose={onClose}>
      <div className="form">
        <div className="consequence">
          <p>Deleting this printer:</p>
          <ul>
            <li>stops printing on it at once; tills that name “{printer.id}” can no longer print there;</li>
            {printer.receiptDefault ? (
              <li>may leave sales without a default receipt printer until you choose another;</li>
            ) : null}
            {printer.drawer ? <li>means its cash drawer can no longer be opened from Backroom;</li> : null}
            <li>
              is refused while it still has queued or uncertain jobs
              {printer.queued + printer.uncertain > 0
                ? ` (it has ${printer.queued} queued and ${printer.uncertain} uncertain now)`
                : ''}
              .
            </li>
          </ul>
        </div>
        <ErrorMessage text={remove.error ? hardwareErrorText(remove.error) : null} />
        <DialogActions
          confirm={remove.isPending ? 'Deleting…' : 'Delete printer'}
          tone="danger"
          disabled={remove.isPending}
          onConfirm={() => remove.mutate(printer.id, { onSuccess: onDeleted })}
          keep="Keep printer"
          onKeep={onClose}
        />
      </div>
    </Dialog>
  );
}

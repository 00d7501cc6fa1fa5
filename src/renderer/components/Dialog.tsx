import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal on the native <dialog>: the browser traps focus, Escape closes it, and the page behind is inert.
 * Rendered only while open; closing (Escape, or the caller's buttons) calls `onClose`.
 */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

/**
 * A dialog's two buttons: the one that does it (submits the dialog's form, or runs `onConfirm` when there is no form)
 * and the one that leaves things as they are.
 */
export function DialogActions({
  confirm,
  tone,
  disabled,
  onConfirm,
  keep,
  onKeep,
}: {
  confirm: string;
  tone: 'primary' | 'danger';
  disabled: boolean;
  onConfirm?: () => void;
  keep: string;
  onKeep: () => void;
}) {
  return (
    <div className="actions">
      <button
        type={onConfirm ? 'button' : 'submit'}
        className={`button ${tone}`}
        disabled={disabled}
        onClick={onConfirm}
      >
        {confirm}
      </button>
      <button type="button" className="button" onClick={onKeep}>
        {keep}
      </button>
    </div>
  );
}

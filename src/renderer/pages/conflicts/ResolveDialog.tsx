import { useState, type FormEvent } from 'react';
import { useResolveConflict } from '../../api/conflicts.js';
import type { ConflictOption } from '../../../shared/protocol/conflicts.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field, PinField } from '../../components/Field.js';
import { pinProblem } from '../../validation.js';
import type { OptionCopy } from './conflict-copy.js';

const QUANTITY_LABEL: Record<string, string> = { modify: 'Units to book', acknowledge: 'Units counted (optional)' };

/** Confirms one option: repeats what it does, asks for a quantity or the PIN where the hub needs them. */
export function ResolveDialog({
  conflictId,
  option,
  copy,
  onClose,
}: {
  conflictId: string;
  option: ConflictOption;
  copy: OptionCopy;
  onClose: () => void;
}) {
  const resolve = useResolveConflict(conflictId);
  const [quantity, setQuantity] = useState('');
  const [pin, setPin] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    resolve.reset();
    const units = quantity.trim() === '' ? undefined : Number(quantity);
    const local =
      option.quantity === 'required' && units === undefined
        ? 'Enter the number of units.'
        : units !== undefined && !(Number.isInteger(units) && units >= 0)
          ? 'The number of units is a whole number.'
          : option.pin
            ? pinProblem(pin)
            : null;
    setProblem(local);
    if (local) return;
    resolve.mutate(
      {
        action: option.action,
        ...(units !== undefined ? { quantity: units } : {}),
        ...(option.pin ? { pin } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      { onSuccess: onClose, onError: () => setPin('') },
    );
  }

  return (
    <Dialog title={copy.label} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <p className="consequence">{copy.consequence}</p>
        {option.quantity !== 'none' ? (
          <Field
            label={QUANTITY_LABEL[option.action] ?? 'Units'}
            inputMode="numeric"
            required={option.quantity === 'required'}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
        ) : null}
        <Field label="Note (optional)" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        {option.pin ? (
          <PinField label="Your PIN" required value={pin} onChange={(e) => setPin(e.target.value)} autoFocus />
        ) : null}
        <ErrorMessage text={problem} error={resolve.error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={resolve.isPending}>
            {resolve.isPending ? 'Recording…' : `Confirm: ${copy.label}`}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

import { useId, useState, type FormEvent } from 'react';
import type { Role } from '../../api/types.js';
import { useAddUser } from '../../api/users.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field, PinField } from '../../components/Field.js';

const EMPTY = { name: '', role: 'cashier' as Role, pin: '' };

/** Owner only. The hub checks name, role and PIN (and that the name is free) and answers in words on failure. */
export function AddUserForm() {
  const [draft, setDraft] = useState(EMPTY);
  const add = useAddUser();
  const roleId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    add.mutate(draft, { onSuccess: () => setDraft(EMPTY) });
  }

  return (
    <form className="form" onSubmit={submit} aria-label="Add a user">
      <Field
        label="Name"
        required
        maxLength={64}
        value={draft.name}
        onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
      />
      <div className="field">
        <label htmlFor={roleId}>Role</label>
        <select
          id={roleId}
          value={draft.role}
          onChange={(e) => setDraft((d) => ({ ...d, role: e.target.value as Role }))}
        >
          <option value="cashier">Cashier</option>
          <option value="manager">Manager</option>
          <option value="owner">Owner</option>
        </select>
      </div>
      <PinField
        label="PIN"
        hint="4 to 12 digits; tell it to the person, they log in with it"
        required
        value={draft.pin}
        onChange={(e) => setDraft((d) => ({ ...d, pin: e.target.value }))}
      />
      <ErrorMessage error={add.error} />
      {add.isSuccess ? (
        <p className="notice" role="status">
          Added {add.data.name} ({add.data.role}).
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add user'}
        </button>
      </div>
    </form>
  );
}

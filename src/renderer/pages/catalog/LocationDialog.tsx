import { useState, type FormEvent } from 'react';
import { useSaveLocation, type AdminLocation } from '../../api/catalog.js';
import { Dialog, DialogActions } from '../../components/Dialog.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { CATALOG_MESSAGES } from './catalog-copy.js';
import { emptyLocationDraft, fromLocationDraft, ID_HINT, toLocationDraft, type LocationDraft } from './catalog-form.js';

/** Adding a location (`location` absent) or renaming one, against the version on screen. */
export function LocationDialog({
  location,
  onSaved,
  onClose,
}: {
  location?: AdminLocation;
  onSaved: (message: string) => void;
  onClose: () => void;
}) {
  const adding = location === undefined;
  const [draft, setDraft] = useState<LocationDraft>(() =>
    location ? toLocationDraft(location) : emptyLocationDraft(),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveLocation();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const result = fromLocationDraft(draft, location);
    setProblem('problem' in result ? result.problem : null);
    if (!('edit' in result)) return;
    save.mutate(result.edit, {
      onSuccess: ({ recorded, location: saved }) =>
        onSaved(
          recorded === null
            ? `Nothing changed: ${saved.name} already had these values.`
            : adding
              ? `Added ${saved.name}. Tills get it on their next sync.`
              : `Saved ${saved.name}. Tills get the change on their next sync.`,
        ),
    });
  }

  return (
    <Dialog title={adding ? 'Add a location' : `Edit ${location.name}`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate aria-label={adding ? 'Add a location' : 'Edit location'}>
        {adding ? (
          <Field
            label="Location ID"
            hint={ID_HINT}
            required
            maxLength={64}
            autoComplete="off"
            value={draft.id}
            onChange={(e) => setDraft({ ...draft, id: e.target.value })}
          />
        ) : (
          <Field label="Location ID" hint="Chosen when the location was added." value={draft.id} readOnly />
        )}
        <Field
          label="Name"
          hint="A shelf, the back room, a fridge, a second shop floor…"
          required
          maxLength={200}
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={draft.active}
            onChange={(e) => setDraft({ ...draft, active: e.target.checked })}
          />
          Active
        </label>
        <p className="field-hint check-hint">
          Stock is received, counted and moved only at active locations; sales are recorded wherever they happened.
        </p>
        <ErrorMessage text={problem} />
        <ErrorMessage error={save.error} messages={CATALOG_MESSAGES} />
        <DialogActions
          confirm={save.isPending ? 'Saving…' : adding ? 'Add location' : 'Save location'}
          tone="primary"
          disabled={save.isPending}
          keep="Cancel"
          onKeep={onClose}
        />
      </form>
    </Dialog>
  );
}

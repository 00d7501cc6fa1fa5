import { useState } from 'react';
import { useSaveLocation, type AdminLocation } from '../../api/catalog.js';
import { Field } from '../../components/Field.js';
import { emptyLocationDraft, fromLocationDraft, toLocationDraft, type LocationDraft } from './catalog-form.js';
import { CatalogEditDialog, CatalogIdField } from './CatalogEditDialog.js';

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
  const save = useSaveLocation();

  return (
    <CatalogEditDialog
      noun="location"
      existing={location}
      save={save}
      check={() => fromLocationDraft(draft, location)}
      savedName={(answer) => answer.location.name}
      onSaved={onSaved}
      onClose={onClose}
    >
      <CatalogIdField noun="location" adding={adding} value={draft.id} onChange={(id) => setDraft({ ...draft, id })} />
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
    </CatalogEditDialog>
  );
}

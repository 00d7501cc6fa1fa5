import { Field } from '../../components/Field.js';
import type { PartyDraft } from './party.js';

/**
 * The NIP, name and address of an invoice's seller or buyer. `who` starts each label ("Buyer NIP"), so a form with
 * both parties, and screen readers, tell the fields apart.
 */
export function PartyFields({
  who,
  draft,
  onChange,
}: {
  who: string;
  draft: PartyDraft;
  onChange: (draft: PartyDraft) => void;
}) {
  const set = (key: keyof PartyDraft) => (event: { target: { value: string } }) =>
    onChange({ ...draft, [key]: event.target.value });
  return (
    <div className="limits">
      <Field
        label={`${who} NIP`}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={16}
        placeholder="123-456-32-18"
        hint="10 digits; spaces, dashes and PL in front are fine."
        value={draft.nip}
        onChange={set('nip')}
      />
      <Field
        label={`${who} name`}
        maxLength={256}
        hint="The full name as registered, e.g. Sklep Pod Lipą Sp. z o.o."
        value={draft.name}
        onChange={set('name')}
      />
      <Field
        label="Address line 1"
        maxLength={512}
        placeholder="ul. Lipowa 12/3"
        value={draft.line1}
        onChange={set('line1')}
      />
      <Field
        label="Address line 2"
        maxLength={512}
        placeholder="00-950 Warszawa"
        hint="Postcode and town; optional."
        value={draft.line2}
        onChange={set('line2')}
      />
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { useSaveConexxusSettings, type ConexxusSettingsView } from '../../api/conexxus.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field, PinField } from '../../components/Field.js';
import { formatDateTime } from '../../format.js';
import {
  AUTH_CHOICES,
  fromConexxusDraft,
  secretNoun,
  toConexxusDraft,
  TRANSPORT_CHOICES,
  type ConexxusDraft,
} from './conexxus-form.js';

/** A wrong PIN here is the manager's own PIN mistyped, not a failed login. */
const SAVE_ERRORS = {
  INVALID_CREDENTIALS: 'That PIN is not right. Enter your own PIN again.',
  PIN_INVALID: 'That PIN is not right. Enter your own PIN again.',
};

/** Who changed the settings last, and when; never the password or token. */
function changedText(settings: ConexxusSettingsView): string {
  if (!settings.updatedAt) return 'Not set up yet: nothing is sent to a back office until it is.';
  return `Last changed${settings.updatedBy ? ` by ${settings.updatedBy}` : ''} at ${formatDateTime(settings.updatedAt)}.`;
}

/** A few exclusive choices as radio buttons under one legend: all of them in sight, one click to change. */
function ChoiceGroup<V extends string>({
  legend,
  name,
  value,
  choices,
  onChange,
}: {
  legend: string;
  name: string;
  value: V;
  choices: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V) => void;
}) {
  return (
    <fieldset className="methods">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value} className="check">
          <input
            type="radio"
            name={name}
            value={choice.value}
            checked={value === choice.value}
            onChange={() => onChange(choice.value)}
          />
          {choice.label}
        </label>
      ))}
    </fieldset>
  );
}

type SetField = <K extends keyof ConexxusDraft>(key: K, value: ConexxusDraft[K]) => void;

/** Where the documents go: a folder the back office collects from, or its HTTPS endpoint with how to sign in. */
function Destination({ draft, set, secretSet }: { draft: ConexxusDraft; set: SetField; secretSet: boolean }) {
  if (draft.transport === 'folder')
    return (
      <Field
        label="Outbox folder"
        placeholder="/srv/naxml/outbox"
        hint="The full path of the folder the back office collects the files from. A resend overwrites its file."
        maxLength={1024}
        value={draft.folder}
        onChange={(e) => set('folder', e.target.value)}
      />
    );
  const noun = secretNoun(draft.auth);
  return (
    <>
      <Field
        label="Back office URL"
        type="url"
        placeholder="https://backoffice.example.com/naxml"
        hint="Each document is posted here; the back office answers with its acknowledgement."
        maxLength={2048}
        value={draft.url}
        onChange={(e) => set('url', e.target.value)}
      />
      <ChoiceGroup
        legend="Sign-in"
        name="conexxus-auth"
        value={draft.auth}
        choices={AUTH_CHOICES}
        onChange={(auth) => set('auth', auth)}
      />
      {draft.auth === 'basic' ? (
        <Field
          label="User name"
          autoComplete="off"
          maxLength={200}
          value={draft.username}
          onChange={(e) => set('username', e.target.value)}
        />
      ) : null}
      {draft.auth === 'none' ? null : (
        <>
          <p role="status" aria-label={`Stored ${noun}`}>
            {secretSet
              ? `A ${noun} is set. Leave the field empty to keep it.`
              : `No ${noun} is stored yet: the back office refuses documents until one is.`}
          </p>
          <Field
            label={`${secretSet ? 'New ' : ''}${noun === 'token' ? 'bearer token' : 'password'}`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            maxLength={4096}
            value={draft.secret}
            onChange={(e) => set('secret', e.target.value)}
            hint="Kept in the hub’s secret store and never shown again after saving."
          />
        </>
      )}
    </>
  );
}

/**
 * The Conexxus connector: who the store is to its back office, how documents get there, and when the end of day runs
 * and must be acknowledged. Saved with the manager's PIN; the password or token is emptied from the form after saving.
 */
export function ConexxusSettingsForm({ settings }: { settings: ConexxusSettingsView }) {
  const [draft, setDraft] = useState(() => toConexxusDraft(settings));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveConexxusSettings();
  const set: SetField = (key, value) => setDraft((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const result = fromConexxusDraft(draft, settings.secretSet);
    setProblem('problem' in result ? result.problem : null);
    if (!('update' in result)) return;
    save.mutate(result.update, {
      onSuccess: (saved) => setDraft(toConexxusDraft(saved)),
      onSettled: () => set('pin', ''),
    });
  }

  const secretSet = save.data?.secretSet ?? settings.secretSet;
  return (
    <form className="form" aria-label="Conexxus settings" onSubmit={submit} noValidate>
      <h3>Conexxus (NAXML back office)</h3>
      <p className="muted small">{changedText(save.data ?? settings)}</p>
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        Enabled
      </label>
      <p className="field-hint check-hint">
        Journals every sale, refund and void, and sends the end-of-day reports every business day.
      </p>
      <div className="limits">
        <Field
          label="Store location ID"
          hint="As the back office knows this store: letters, digits, - and _."
          maxLength={20}
          autoComplete="off"
          value={draft.storeLocationId}
          onChange={(e) => set('storeLocationId', e.target.value)}
        />
        <Field
          label="Vendor name"
          hint="The sending system named in every document, e.g. Backroom."
          maxLength={50}
          value={draft.vendorName}
          onChange={(e) => set('vendorName', e.target.value)}
        />
        <Field
          label="Default merchandise code"
          hint="The department reported for products that have none."
          maxLength={16}
          value={draft.defaultMerchandiseCode}
          onChange={(e) => set('defaultMerchandiseCode', e.target.value)}
        />
      </div>
      <ChoiceGroup
        legend="Delivery"
        name="conexxus-transport"
        value={draft.transport}
        choices={TRANSPORT_CHOICES}
        onChange={(transport) => set('transport', transport)}
      />
      <div className="limits">
        <Destination draft={draft} set={set} secretSet={secretSet} />
      </div>
      <div className="limits">
        <Field
          label="End of day at"
          type="time"
          hint="Store time at which the day’s movement reports are made."
          value={draft.endOfDayAt}
          onChange={(e) => set('endOfDayAt', e.target.value)}
        />
        <Field
          label="Acknowledged by"
          type="time"
          hint="Next morning, store time: a day the back office has not acknowledged by then is marked overdue."
          value={draft.acknowledgedBy}
          onChange={(e) => set('acknowledgedBy', e.target.value)}
        />
        <PinField label="Your PIN" required value={draft.pin} onChange={(e) => set('pin', e.target.value)} />
      </div>
      <ErrorMessage text={problem} error={save.error} messages={SAVE_ERRORS} />
      {save.isSuccess ? (
        <p className="notice" role="status">
          Saved. New documents go with these settings.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save Conexxus settings'}
        </button>
      </div>
    </form>
  );
}

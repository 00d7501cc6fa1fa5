import { useId, useState, type FormEvent } from 'react';
import { useSaveInvoicingSettings, type InvoicingSettingsView } from '../../api/invoices.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field, PinField } from '../../components/Field.js';
import { PartyFields } from '../invoices/PartyFields.js';
import {
  ENVIRONMENT_CHOICES,
  fromInvoicingDraft,
  numberExample,
  PIN_ERRORS,
  toInvoicingDraft,
  type InvoicingDraft,
  type KsefEnvironment,
} from './invoicing-form.js';

/** Which KSeF the invoices go to, with what that means under the choice (the codes are the Ministry's names). */
function EnvironmentSelect({
  value,
  onChange,
}: {
  value: KsefEnvironment;
  onChange: (value: KsefEnvironment) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>KSeF environment</label>
      <select
        id={id}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.value as KsefEnvironment)}
      >
        {ENVIRONMENT_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <p className="field-hint" id={`${id}-hint`}>
        {ENVIRONMENT_CHOICES.find((choice) => choice.value === value)?.meaning}
      </p>
    </div>
  );
}

type SetField = <K extends keyof InvoicingDraft>(key: K, value: InvoicingDraft[K]) => void;

/**
 * Who the store is on its invoices, how they are numbered, and which KSeF they go to. Saved with the manager's PIN;
 * the hub refuses a seller NIP that fails its check, and so does this form before sending.
 */
export function InvoicingSettingsForm({ settings }: { settings: InvoicingSettingsView }) {
  const [draft, setDraft] = useState(() => toInvoicingDraft(settings));
  const [problem, setProblem] = useState<string | null>(null);
  // The example is numbered as of when the form opened: a form left open over New Year may show last year's.
  const [today] = useState(() => new Date());
  const save = useSaveInvoicingSettings();
  const set: SetField = (key, value) => setDraft((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const result = fromInvoicingDraft(draft);
    setProblem('problem' in result ? result.problem : null);
    if (!('update' in result)) return;
    save.mutate(result.update, {
      onSuccess: (saved) => setDraft(toInvoicingDraft(saved)),
      onSettled: () => set('pin', ''),
    });
  }

  const saved = save.data ?? settings;
  const toProduction = draft.environment === 'PRD' && saved.environment !== 'PRD';
  return (
    <form className="form" aria-label="Invoicing settings" onSubmit={submit} noValidate>
      <h3>Seller and numbering</h3>
      {saved.seller ? null : (
        <p className="card-note">Not set up yet: no invoice can be issued until the seller is entered here.</p>
      )}
      <PartyFields who="Seller" draft={draft.seller} onChange={(seller) => set('seller', seller)} />
      <div className="limits">
        <Field
          label="Bank account"
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          placeholder="PL61 1090 1014 0000 0712 1981 2874"
          hint="Printed on the invoice; optional."
          value={draft.bankAccount}
          onChange={(e) => set('bankAccount', e.target.value)}
        />
        <div className="number-format">
          <Field
            label="Invoice number format"
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            hint="{YYYY} the year, {MM} the month, {NNNNN} the number with as many digits as N. Numbers start again each year."
            value={draft.numberFormat}
            onChange={(e) => set('numberFormat', e.target.value)}
          />
          <p className="field-hint" aria-live="polite">
            First invoice this year: <strong className="mono">{numberExample(draft.numberFormat.trim(), today)}</strong>
          </p>
        </div>
        <EnvironmentSelect value={draft.environment} onChange={(environment) => set('environment', environment)} />
        <PinField label="Your PIN" required value={draft.pin} onChange={(e) => set('pin', e.target.value)} />
      </div>
      {toProduction ? (
        <p className="consequence">
          In production every invoice goes to the real KSeF and is legally binding. Switch only once test invoices look
          right.
        </p>
      ) : null}
      <ErrorMessage text={problem} error={save.error} messages={PIN_ERRORS} />
      {save.isSuccess ? (
        <p className="notice" role="status">
          Saved. New invoices are issued with these details.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save invoicing settings'}
        </button>
      </div>
    </form>
  );
}

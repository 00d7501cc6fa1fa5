import { useState, type FormEvent } from 'react';
import { useSavePaymentPolicy } from '../../api/settings.js';
import type { OfflineCardPolicy } from '../../api/types.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { fromDraft, LIMIT_FIELDS, toDraft, type LimitKey } from './policy-form.js';

/** The offline card policy (DESIGN §5). Saving records a `policy.update` in the ledger; tills get it on their next sync. */
export function PaymentPolicyForm({ policy }: { policy: OfflineCardPolicy }) {
  const [draft, setDraft] = useState(() => toDraft(policy));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSavePaymentPolicy();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const result = fromDraft(draft);
    setProblem('problem' in result ? result.problem : null);
    if ('policy' in result) save.mutate(result.policy, { onSuccess: (saved) => setDraft(toDraft(saved)) });
  }

  const setLimit = (key: LimitKey, value: string) => setDraft((d) => ({ ...d, limits: { ...d.limits, [key]: value } }));

  return (
    <form className="form policy-form" onSubmit={submit}>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => setDraft((d) => ({ ...d, enabled: e.target.checked }))}
        />
        Tills may take card payments while the payment processor is unreachable
      </label>
      <fieldset className="methods">
        <legend>Methods allowed offline</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.cash}
            onChange={(e) => setDraft((d) => ({ ...d, cash: e.target.checked }))}
          />
          Cash
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.card}
            onChange={(e) => setDraft((d) => ({ ...d, card: e.target.checked }))}
          />
          Card
        </label>
      </fieldset>
      <div className="limits">
        {LIMIT_FIELDS.map(({ key, label }) => (
          <Field
            key={key}
            label={`${label} (${draft.currency})`}
            inputMode="decimal"
            required
            value={draft.limits[key]}
            onChange={(e) => setLimit(key, e.target.value)}
          />
        ))}
        <Field
          label="Currency"
          maxLength={3}
          required
          value={draft.currency}
          onChange={(e) => setDraft((d) => ({ ...d, currency: e.target.value }))}
        />
      </div>
      <ErrorMessage text={problem} error={save.error} />
      {save.isSuccess ? (
        <p className="notice" role="status">
          Saved. Recorded in the ledger; tills apply it from their next sync.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save payment limits'}
        </button>
      </div>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { useSaveAlertThresholds } from '../../api/settings.js';
import type { AlertThresholdSettings } from '../../api/types.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import {
  formatThreshold,
  fromThresholdDraft,
  THRESHOLD_ROWS,
  thresholdLabel,
  toThresholdDraft,
  type ThresholdKey,
} from './threshold-form.js';

/**
 * The alert rules of DESIGN §11 and their thresholds: the hub's config gives the defaults, a manager's saved values
 * override them. Managers edit them here; everyone else sees them. An alert fires when a value is above its level.
 */
export function AlertThresholds({ settings }: { settings: AlertThresholdSettings }) {
  const canEdit = useHasRole('manager');
  const [draft, setDraft] = useState(() => toThresholdDraft(settings.thresholds));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveAlertThresholds();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const result = fromThresholdDraft(draft);
    setProblem('problem' in result ? result.problem : null);
    if ('thresholds' in result)
      save.mutate(result.thresholds, { onSuccess: (saved) => setDraft(toThresholdDraft(saved.thresholds)) });
  }

  function cell(key: ThresholdKey | undefined, rule: string, level: 'warning' | 'critical', unit: 'hours' | 'count') {
    if (!key) return <td>—</td>;
    const saved = settings.source[key] === 'saved';
    const note = saved ? `default ${formatThreshold(settings.defaults[key], unit)}` : 'default';
    if (!canEdit)
      return (
        <td>
          {formatThreshold(settings.thresholds[key], unit)} <span className="muted small">({note})</span>
        </td>
      );
    return (
      <td>
        <input
          aria-label={thresholdLabel(rule, level, unit)}
          inputMode={unit === 'hours' ? 'decimal' : 'numeric'}
          required
          size={6}
          value={draft[key]}
          onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
        />{' '}
        {unit === 'hours' ? 'h ' : ''}
        <span className="muted small">({note})</span>
      </td>
    );
  }

  const table = (
    <table className="table">
      <caption className="sr-only">Alert thresholds</caption>
      <thead>
        <tr>
          <th scope="col">Alert when</th>
          <th scope="col">Warning above</th>
          <th scope="col">Critical above</th>
        </tr>
      </thead>
      <tbody>
        {THRESHOLD_ROWS.map(({ rule, unit, warning, critical }) => (
          <tr key={rule}>
            <th scope="row">{rule}</th>
            {cell(warning, rule, 'warning', unit)}
            {cell(critical, rule, 'critical', unit)}
          </tr>
        ))}
      </tbody>
    </table>
  );

  if (!canEdit)
    return (
      <>
        {table}
        <p className="card-note">A manager changes these thresholds.</p>
      </>
    );

  return (
    <form className="form threshold-form" onSubmit={submit}>
      {table}
      <p className="card-note">
        The hub&apos;s configuration gives the defaults. A value set back to its default follows the configuration
        again.
      </p>
      <ErrorMessage text={problem} error={save.error} />
      {save.isSuccess ? (
        <p className="notice" role="status">
          Saved. The hub checks its alerts against the new thresholds now.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save alert thresholds'}
        </button>
      </div>
    </form>
  );
}

import { useId, useState, type FormEvent } from 'react';
import type { SalesFilter, SalesSummary } from '../../api/sales.js';
import { addDays } from '../../../shared/store-calendar.js';

/** Range and filters. Dates are business dates in the store's time zone; "Today" is the store's today. */
export function SalesFilters({
  filter,
  summary,
  onApply,
}: {
  filter: SalesFilter;
  /** The last answer: the range it showed, the store's today and what the filters can choose. */
  summary: SalesSummary | undefined;
  onApply: (filter: SalesFilter) => void;
}) {
  const [draft, setDraft] = useState<SalesFilter>({
    ...filter,
    from: filter.from ?? summary?.from,
    to: filter.to ?? summary?.to,
  });
  const id = useId();
  const set = (name: keyof SalesFilter) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value || undefined }));
  const choices = summary?.choices;
  const today = summary?.today;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className="filters" onSubmit={submit} aria-label="Choose the sales to show">
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" required value={draft.from ?? ''} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="date" required value={draft.to ?? ''} onChange={set('to')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-location`}>Location</label>
        <select id={`${id}-location`} value={draft.locationId ?? ''} onChange={set('locationId')}>
          <option value="">All locations</option>
          {(choices?.locations ?? []).map((location) => (
            <option key={location.id} value={location.id}>
              {location.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-device`}>Device</label>
        <select id={`${id}-device`} value={draft.deviceId ?? ''} onChange={set('deviceId')}>
          <option value="">All devices</option>
          {(choices?.devices ?? []).map((device) => (
            <option key={device.id} value={device.id}>
              {device.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-cashier`}>Cashier</label>
        <select id={`${id}-cashier`} value={draft.cashierId ?? ''} onChange={set('cashierId')}>
          <option value="">All cashiers</option>
          {(choices?.cashiers ?? []).map((cashierId) => (
            <option key={cashierId} value={cashierId}>
              {cashierId}
            </option>
          ))}
        </select>
      </div>
      <div className="filters-actions">
        <button type="submit" className="button primary">
          Show
        </button>
        {today ? (
          <>
            <button type="button" className="button" onClick={() => onApply({ ...draft, from: today, to: today })}>
              Today
            </button>
            <button
              type="button"
              className="button"
              onClick={() => onApply({ ...draft, from: addDays(today, -13), to: today })}
            >
              Last 14 days
            </button>
          </>
        ) : null}
        <button type="button" className="button" onClick={() => onApply({})}>
          Clear
        </button>
      </div>
    </form>
  );
}

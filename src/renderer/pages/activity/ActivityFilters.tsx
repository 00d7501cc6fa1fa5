import { useId, useState, type FormEvent } from 'react';
import type { Device, RecordStatus } from '../../api/types.js';
import { EVENT_TYPES } from '../../../shared/protocol/event-types.js';
import { recordStatus } from '../../components/sync-status.js';
import { RECORD_STATUSES, type ActivityFilters as Filters } from './activity-params.js';

/** Device event types and the hub's own; the field takes any other type too. */
const TYPE_HINTS = [...EVENT_TYPES.map((spec) => spec.type), 'device.paired', 'device.revoked'].sort();

/** The filter form. Applying it starts again from the newest matching record. */
export function ActivityFilters({
  filters,
  devices,
  onApply,
}: {
  filters: Filters;
  devices: Device[];
  onApply: (filters: Filters) => void;
}) {
  const [draft, setDraft] = useState<Filters>(filters);
  const id = useId();
  const set = (name: keyof Filters) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value || undefined }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({ ...draft, type: draft.type?.trim() || undefined });
  }

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter the activity">
      <div className="field">
        <label htmlFor={`${id}-device`}>Device</label>
        <select id={`${id}-device`} value={draft.deviceId ?? ''} onChange={set('deviceId')}>
          <option value="">All records</option>
          {devices.map((device) => (
            <option key={device.id} value={device.id}>
              {device.name}
              {device.state === 'revoked' ? ' (revoked)' : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>Type</label>
        <input
          id={`${id}-type`}
          list={`${id}-types`}
          value={draft.type ?? ''}
          onChange={set('type')}
          placeholder="Any type"
        />
        <datalist id={`${id}-types`}>
          {TYPE_HINTS.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={draft.status ?? ''} onChange={set('status')}>
          <option value="">Any status</option>
          {RECORD_STATUSES.map((status: RecordStatus) => (
            <option key={status} value={status}>
              {recordStatus(status).label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={draft.from ?? ''} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="date" value={draft.to ?? ''} onChange={set('to')} />
      </div>
      <div className="filters-actions">
        <button type="submit" className="button primary">
          Apply filters
        </button>
        <button type="button" className="button" onClick={() => onApply({})}>
          Clear
        </button>
      </div>
    </form>
  );
}

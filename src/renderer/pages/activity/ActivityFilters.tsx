import type { Device } from '../../api/types.js';
import { EVENT_TYPES } from '../../../shared/protocol/event-types.js';
import { FilterForm, useFilterDraft } from '../../components/FilterForm.js';
import { SelectFilter } from '../../components/SelectFilter.js';
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
  const { draft, id, set, put } = useFilterDraft<Filters>(filters);

  return (
    <FilterForm
      label="Filter the activity"
      onApply={() => onApply({ ...draft, type: draft.type?.trim() || undefined })}
      onClear={() => onApply({})}
    >
      <SelectFilter
        label="Device"
        value={draft.deviceId}
        allText="All records"
        options={devices.map((device) => ({
          value: device.id,
          label: `${device.name}${device.state === 'revoked' ? ' (revoked)' : ''}`,
        }))}
        onChange={(deviceId) => put('deviceId', deviceId)}
      />
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
      <SelectFilter
        label="Status"
        value={draft.status}
        allText="Any status"
        options={RECORD_STATUSES.map((status) => ({ value: status, label: recordStatus(status).label }))}
        onChange={(status) => put('status', status)}
      />
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={draft.from ?? ''} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="date" value={draft.to ?? ''} onChange={set('to')} />
      </div>
    </FilterForm>
  );
}

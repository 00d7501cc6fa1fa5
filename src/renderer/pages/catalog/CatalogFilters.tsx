import { useState, type FormEvent } from 'react';
import type { CatalogFilter } from '../../api/catalog.js';
import { Field } from '../../components/Field.js';
import { SelectFilter } from '../../components/SelectFilter.js';

type StatusValue = 'active' | 'inactive';

const STATUS_OPTIONS = [
  { value: 'active' as const, label: 'Active' },
  { value: 'inactive' as const, label: 'Inactive' },
];

/**
 * A list's search box (applied on Enter or the Search button, so typing does not fire a request per key) and its
 * status filter (applied at once).
 */
export function CatalogFilters({
  what,
  label,
  filter,
  onChange,
}: {
  /** "products", "locations": names the search for screen readers. */
  what: string;
  /** What the search looks at, e.g. "Name, ID or barcode". */
  label: string;
  filter: CatalogFilter;
  onChange: (filter: CatalogFilter) => void;
}) {
  const [text, setText] = useState(filter.q ?? '');
  const status: StatusValue | undefined =
    filter.active === undefined ? undefined : filter.active ? 'active' : 'inactive';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ ...filter, q: text.trim() || undefined });
  }

  return (
    <form className="filters inline-filters" role="search" aria-label={`Search ${what}`} onSubmit={submit}>
      <Field label={label} type="search" maxLength={100} value={text} onChange={(e) => setText(e.target.value)} />
      <SelectFilter
        label="Status"
        value={status}
        options={STATUS_OPTIONS}
        allText="Any status"
        onChange={(next) => onChange({ ...filter, active: next === undefined ? undefined : next === 'active' })}
      />
      <div className="filters-actions">
        <button type="submit" className="button">
          Search
        </button>
        {filter.q ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setText('');
              onChange({ ...filter, q: undefined });
            }}
          >
            Clear search
          </button>
        ) : null}
      </div>
    </form>
  );
}

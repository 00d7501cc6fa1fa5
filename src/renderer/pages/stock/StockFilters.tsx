import { useId, useState, type FormEvent } from 'react';
import type { StockList } from '../../api/stock.js';
import type { StockFilters as Filters } from './stock-params.js';

/** The filter form. Applying it starts again from the first page. */
export function StockFilters({
  filters,
  products,
  locations,
  onApply,
}: {
  filters: Filters;
  products: StockList['products'];
  locations: StockList['locations'];
  onApply: (filters: Filters) => void;
}) {
  const [draft, setDraft] = useState<Filters>(filters);
  const id = useId();
  const set = (name: 'productId' | 'locationId' | 'search') => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value || undefined }));
  const toggle = (name: 'onlyNegative' | 'onlyDiscrepant') => (event: { target: { checked: boolean } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.checked || undefined }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({ ...draft, search: draft.search?.trim() || undefined });
  }

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter the stock">
      <div className="field">
        <label htmlFor={`${id}-search`}>Search</label>
        <input
          id={`${id}-search`}
          type="search"
          value={draft.search ?? ''}
          onChange={set('search')}
          placeholder="Product name or id"
          maxLength={100}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-product`}>Product</label>
        <select id={`${id}-product`} value={draft.productId ?? ''} onChange={set('productId')}>
          <option value="">All products</option>
          {products.map((product) => (
            <option key={product.id} value={product.id}>
              {product.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-location`}>Location</label>
        <select id={`${id}-location`} value={draft.locationId ?? ''} onChange={set('locationId')}>
          <option value="">All locations</option>
          {locations.map((location) => (
            <option key={location.id} value={location.id}>
              {location.name}
              {location.active ? '' : ' (inactive)'}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="filter-checks">
        <legend className="sr-only">Show only</legend>
        <label className="check">
          <input type="checkbox" checked={draft.onlyNegative ?? false} onChange={toggle('onlyNegative')} />
          Only negative
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.onlyDiscrepant ?? false} onChange={toggle('onlyDiscrepant')} />
          Only discrepant
        </label>
      </fieldset>
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

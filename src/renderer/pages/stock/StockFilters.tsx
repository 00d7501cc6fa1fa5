import type { StockList } from '../../api/stock.js';
import { FilterForm, useFilterDraft } from '../../components/FilterForm.js';
import { SelectFilter } from '../../components/SelectFilter.js';
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
  const { draft, id, set, put } = useFilterDraft<Filters>(filters);
  const toggle = (name: 'onlyNegative' | 'onlyDiscrepant') => (event: { target: { checked: boolean } }) =>
    put(name, event.target.checked || undefined);

  return (
    <FilterForm
      label="Filter the stock"
      onApply={() => onApply({ ...draft, search: draft.search?.trim() || undefined })}
      onClear={() => onApply({})}
    >
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
      <SelectFilter
        label="Product"
        value={draft.productId}
        allText="All products"
        options={products.map((product) => ({ value: product.id, label: product.name }))}
        onChange={(productId) => put('productId', productId)}
      />
      <SelectFilter
        label="Location"
        value={draft.locationId}
        allText="All locations"
        options={locations.map((location) => ({
          value: location.id,
          label: `${location.name}${location.active ? '' : ' (inactive)'}`,
        }))}
        onChange={(locationId) => put('locationId', locationId)}
      />
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
    </FilterForm>
  );
}

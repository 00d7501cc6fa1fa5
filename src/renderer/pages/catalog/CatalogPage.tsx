import { useSearchParams } from 'react-router';
import { useHasRole } from '../../auth/SessionContext.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Tabs } from '../../components/Tabs.js';
import { LocationsSection } from './LocationsSection.js';
import { PriceBookImport } from './PriceBookImport.js';
import { ProductsSection } from './ProductsSection.js';

type View = 'products' | 'locations' | 'import';

const VIEWS: ReadonlyArray<{ value: View; label: string; managerOnly?: boolean }> = [
  { value: 'products', label: 'Products' },
  { value: 'locations', label: 'Locations' },
  { value: 'import', label: 'Import price book', managerOnly: true },
];

/**
 * The Catalog (issue 12): the products tills sell and the locations stock is kept in, and the price-book import.
 * Which of the three is shown lives in the URL, so a reload or a shared link opens the same one.
 */
export function CatalogPage() {
  const isManager = useHasRole('manager');
  const [params, setParams] = useSearchParams();
  const options = VIEWS.filter((view) => isManager || !view.managerOnly);
  const view = options.find((option) => option.value === params.get('view'))?.value ?? 'products';
  return (
    <>
      <PageHeader
        title="Catalog"
        intro="What the tills sell and where stock is kept. Every change is recorded in the ledger, and tills get it on their next sync."
      />
      <Tabs
        label="Catalog view"
        value={view}
        options={options}
        onChange={(next) => setParams(next === 'products' ? {} : { view: next }, { replace: true })}
      />
      {view === 'products' ? <ProductsSection /> : null}
      {view === 'locations' ? <LocationsSection /> : null}
      {view === 'import' ? <PriceBookImport /> : null}
    </>
  );
}

import { createColumnHelper } from '@tanstack/react-table';
import type { StockConflictView, StockList } from '../../api/stock.js';
import { DataTable } from '../../components/DataTable.js';
import { conflictColumns } from '../conflicts/ConflictColumns.js';

const column = createColumnHelper<StockConflictView>();

/** The unresolved conflicts about stock, each linking to where it is decided, with the places it names. */
export function StockConflicts({
  conflicts,
  products,
  locations,
}: {
  conflicts: StockConflictView[];
  products: StockList['products'];
  locations: StockList['locations'];
}) {
  const productNames = new Map(products.map((p) => [p.id, p.name]));
  const locationNames = new Map(locations.map((l) => [l.id, l.name]));
  const where = (conflict: StockConflictView) =>
    conflict.places
      .map(
        (p) => `${productNames.get(p.productId) ?? p.productId} at ${locationNames.get(p.locationId) ?? p.locationId}`,
      )
      .join('; ') || '—';
  const columns = conflictColumns<StockConflictView>([
    column.display({ id: 'where', header: 'Where', cell: ({ row }) => where(row.original) }),
  ]);
  return (
    <DataTable
      caption="Open stock conflicts"
      data={conflicts}
      columns={columns}
      getRowId={(c) => c.id}
      empty="No open stock conflicts: the books hold nothing a person must look at."
    />
  );
}

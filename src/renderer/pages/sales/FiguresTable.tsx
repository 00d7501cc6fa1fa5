import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { SalesFigures } from '../../api/sales.js';
import { DataTable } from '../../components/DataTable.js';
import { formatCount, formatMinor } from '../../format.js';

/**
 * Summed sales figures, one row per bucket (a day, a location, a device, a cashier): what was sold, what went back,
 * the net and how it was paid. Amounts are exact minor units formatted in their row's currency.
 */
export function FiguresTable<T extends SalesFigures>({
  caption,
  rows,
  name,
  nameHeader,
  rowId,
  empty,
}: {
  caption: string;
  rows: T[];
  name: (row: T) => ReactNode;
  nameHeader: string;
  rowId: (row: T) => string;
  empty: string;
}) {
  const column = createColumnHelper<T>();
  const money = (pick: (row: T) => number) => (row: T) => formatMinor(pick(row), row.currency);
  const columns = [
    column.display({ id: 'name', header: nameHeader, cell: ({ row }) => name(row.original) }),
    column.display({ id: 'sales', header: 'Sales', cell: ({ row }) => formatCount(row.original.saleCount) }),
    column.display({ id: 'gross', header: 'Gross', cell: ({ row }) => money((r) => r.gross)(row.original) }),
    column.display({
      id: 'refunds',
      header: 'Refunds',
      cell: ({ row: { original: r } }) => `${formatMinor(r.refunds, r.currency)} (${formatCount(r.refundCount)})`,
    }),
    column.display({
      id: 'voids',
      header: 'Voids',
      cell: ({ row: { original: r } }) => `${formatMinor(r.voids, r.currency)} (${formatCount(r.voidCount)})`,
    }),
    column.display({
      id: 'net',
      header: 'Net',
      cell: ({ row }) => <strong>{money((r) => r.net)(row.original)}</strong>,
    }),
    column.display({ id: 'cash', header: 'Cash', cell: ({ row }) => money((r) => r.cash)(row.original) }),
    column.display({ id: 'card', header: 'Card', cell: ({ row }) => money((r) => r.card)(row.original) }),
  ] as ColumnDef<T, unknown>[];
  return <DataTable caption={caption} data={rows} columns={columns} getRowId={rowId} empty={empty} />;
}

import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { StatusBadge } from '../../components/StatusBadge.js';
import { conflictStatus } from '../../components/sync-status.js';
import { kindLabel } from './conflict-copy.js';

/** What every conflict list shows of a conflict, whichever view of it the hub served. */
export interface ConflictRow {
  id: string;
  kind: string;
  status: string;
  cursor: number;
}

/**
 * A conflict table's columns: its kind, linking to where it is decided; then the list's own columns (`middle`); then
 * the ledger record it was recorded at, and its status.
 */
export function conflictColumns<T extends ConflictRow>(middle: ColumnDef<T, unknown>[]): ColumnDef<T, unknown>[] {
  const column = createColumnHelper<T>();
  return [
    column.display({
      id: 'kind',
      header: 'Conflict',
      cell: ({ row: { original: c } }) => (
        <Link to={`/conflicts/${encodeURIComponent(c.id)}`} className="strong-link">
          {kindLabel(c.kind)}
        </Link>
      ),
    }),
    ...middle,
    column.display({
      id: 'cursor',
      header: 'Recorded at',
      cell: ({ row: { original: c } }) => (
        <Link to={`/activity/${c.cursor}`} className="mono">
          #{c.cursor}
        </Link>
      ),
    }),
    column.display({
      id: 'status',
      header: 'Status',
      cell: ({ row }) => <StatusBadge status={conflictStatus(row.original.status)} />,
    }),
  ];
}

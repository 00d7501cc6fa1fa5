import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import type { StockMovementView } from '../../api/stock.js';
import { DataTable } from '../../components/DataTable.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { recordStatus } from '../../components/sync-status.js';
import { Time } from '../../components/Time.js';
import { formatCount } from '../../format.js';
import { changeText, movementWords, personText, referenceText } from './stock-copy.js';

const column = createColumnHelper<StockMovementView>();

/** A product's history: one row per record and location, newest first, each linking to its ledger record. */
export function MovementTable({ movements }: { movements: StockMovementView[] }) {
  const columns = [
    column.display({
      id: 'recorded',
      header: 'Recorded',
      cell: ({ row }) => <Time iso={row.original.recordedAt} bare />,
    }),
    column.display({
      id: 'what',
      header: 'What',
      cell: ({ row: { original: m } }) => (
        <span className="movement-what">
          <span>{movementWords(m.type)}</span>
          <Link to={`/activity/${m.cursor}`} className="mono small" aria-label={`Event #${m.cursor} ${m.type}`}>
            #{m.cursor} {m.type}
          </Link>
        </span>
      ),
    }),
    column.display({ id: 'location', header: 'Location', cell: ({ row }) => row.original.locationName }),
    column.display({
      id: 'change',
      header: 'Change',
      cell: ({ row: { original: m } }) => (
        <span className={m.count ? undefined : m.delta < 0 ? 'stock-out' : 'stock-in'}>{changeText(m)}</span>
      ),
    }),
    column.display({
      id: 'after',
      header: 'Level after',
      cell: ({ row: { original: m } }) => (
        <span className={m.quantityAfter < 0 ? 'stock-negative' : undefined}>{formatCount(m.quantityAfter)}</span>
      ),
    }),
    column.display({
      id: 'device',
      header: 'Device',
      cell: ({ row: { original: m } }) => m.deviceName ?? m.deviceId ?? <span className="muted">Hub</span>,
    }),
    column.display({ id: 'person', header: 'Person', cell: ({ row }) => personText(row.original) }),
    column.display({
      id: 'about',
      header: 'About',
      cell: ({ row: { original: m } }) => (
        <span className="movement-about">
          {referenceText(m)}
          {m.conflictId ? <Link to={`/conflicts/${encodeURIComponent(m.conflictId)}`}>the conflict</Link> : null}
        </span>
      ),
    }),
    column.display({
      id: 'status',
      header: 'Sync status',
      cell: ({ row }) => <StatusBadge status={recordStatus(row.original.status)} />,
    }),
  ];
  return (
    <DataTable
      caption="Records that changed this product’s stock, newest first"
      data={movements}
      columns={columns}
      getRowId={(m) => `${m.cursor}\u0000${m.locationId}`}
      empty="No record has moved this product’s stock yet."
    />
  );
}

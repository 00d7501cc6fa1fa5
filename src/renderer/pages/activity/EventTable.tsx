import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import type { PulledEvent } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { recordStatus } from '../../components/sync-status.js';
import { Time } from '../../components/Time.js';
import { summarize } from './event-summary.js';

const column = createColumnHelper<PulledEvent>();

/** Who made an event: a device (by name when known) or, for hub-made events, the person or process named as actor. */
function origin(record: PulledEvent, deviceNames: ReadonlyMap<string, string>): string {
  const { deviceId, actor, seq } = record.event as { deviceId?: string; actor?: string; seq?: number };
  if (deviceId) return `${deviceNames.get(deviceId) ?? deviceId}${seq ? ` #${seq}` : ''}`;
  return actor ? `Hub (${actor})` : 'Hub';
}

export function EventTable({
  events,
  deviceNames,
}: {
  events: PulledEvent[];
  deviceNames: ReadonlyMap<string, string>;
}) {
  const columns = [
    column.display({
      id: 'cursor',
      header: 'Cursor',
      cell: ({ row: { original: r } }) => (
        <Link to={`/activity/${r.cursor}`} className="mono strong-link" aria-label={`Event ${r.cursor}`}>
          #{r.cursor}
        </Link>
      ),
    }),
    column.display({ id: 'recorded', header: 'Recorded', cell: ({ row }) => <Time iso={row.original.recordedAt} /> }),
    column.display({
      id: 'type',
      header: 'Type',
      cell: ({ row }) => <span className="mono">{String(row.original.event.type)}</span>,
    }),
    column.display({ id: 'what', header: 'What', cell: ({ row }) => summarize(row.original) }),
    column.display({ id: 'origin', header: 'From', cell: ({ row }) => origin(row.original, deviceNames) }),
    column.display({
      id: 'status',
      header: 'Sync status',
      cell: ({ row }) => <StatusBadge status={recordStatus(row.original.status)} />,
    }),
  ];
  return (
    <DataTable
      caption="Ledger records, newest first"
      data={events}
      columns={columns}
      getRowId={(record) => String(record.cursor)}
      empty="No records match these filters."
    />
  );
}

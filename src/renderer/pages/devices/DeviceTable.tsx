import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import type { Device } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { deviceState, deviceSyncStatus } from '../../components/sync-status.js';
import { Time } from '../../components/Time.js';
import { formatCount, formatSkew } from '../../format.js';

const column = createColumnHelper<Device>();

function columns(onRevoke: ((device: Device) => void) | undefined) {
  return [
    column.display({
      id: 'name',
      header: 'Device',
      cell: ({ row: { original: d } }) => (
        <>
          <Link to={`/activity?deviceId=${encodeURIComponent(d.id)}`} className="strong-link">
            {d.name}
          </Link>
          <div className="muted small">
            {d.kind === 'pos' ? 'Till' : 'Handheld'} · {d.appVersion ?? 'version unknown'}
          </div>
        </>
      ),
    }),
    column.display({
      id: 'state',
      header: 'State',
      cell: ({ row: { original: d } }) => <StatusBadge status={deviceState(d.state)} />,
    }),
    column.display({
      id: 'sync',
      header: 'Sync',
      cell: ({ row: { original: d } }) => <StatusBadge status={deviceSyncStatus(d)} />,
    }),
    column.display({
      id: 'queued',
      header: 'Queued',
      cell: ({ row: { original: d } }) => (d.queued === null ? '—' : formatCount(d.queued)),
    }),
    column.display({
      id: 'lastSeen',
      header: 'Last seen',
      cell: ({ row: { original: d } }) => <Time iso={d.lastSeenAt} />,
    }),
    column.display({
      id: 'skew',
      header: 'Clock skew',
      cell: ({ row: { original: d } }) => formatSkew(d.clockSkewMs),
    }),
    column.display({
      id: 'seq',
      header: 'Last seq',
      cell: ({ row: { original: d } }) => formatCount(d.lastSequence),
    }),
    column.display({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row: { original: d } }) =>
        d.revokedAt ? (
          <span className="muted small" title={d.revokedReason ?? ''}>
            Revoked by {d.revokedBy ?? 'unknown'}: {d.revokedReason}
          </span>
        ) : onRevoke ? (
          <button type="button" className="button small" onClick={() => onRevoke(d)} aria-label={`Revoke ${d.name}`}>
            Revoke
          </button>
        ) : null,
    }),
  ];
}

export function DeviceTable({ devices, onRevoke }: { devices: Device[]; onRevoke?: (device: Device) => void }) {
  return (
    <DataTable
      caption="Paired devices"
      data={devices}
      columns={columns(onRevoke)}
      getRowId={(device) => device.id}
      empty="No devices yet. Pair a till or handheld to start."
    />
  );
}

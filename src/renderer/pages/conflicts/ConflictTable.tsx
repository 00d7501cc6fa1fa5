import { createColumnHelper } from '@tanstack/react-table';
import type { ConflictHeld, ConflictView } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { labelOf } from '../../components/ValueFacts.js';
import { conflictColumns } from './ConflictColumns.js';

const column = createColumnHelper<ConflictView>();

/** "inventory.issue: 5 × cola, location shelf" from the held event kept in the conflict's detail. */
function heldEvent(conflict: ConflictView): string {
  const detail = (conflict.detail ?? {}) as Partial<ConflictHeld>;
  const payload = detail.payload ?? {};
  const figures = Object.entries(payload)
    .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
    .slice(0, 4)
    .map(([key, value]) => `${labelOf(key).toLowerCase()} ${String(value)}`);
  return `${detail.type ?? 'event'}${figures.length ? `: ${figures.join(', ')}` : ''}`;
}

export function ConflictTable({
  conflicts,
  deviceNames,
}: {
  conflicts: ConflictView[];
  deviceNames: ReadonlyMap<string, string>;
}) {
  const columns = conflictColumns<ConflictView>([
    column.display({ id: 'event', header: 'Held event', cell: ({ row }) => heldEvent(row.original) }),
    column.display({
      id: 'device',
      header: 'Device',
      cell: ({ row: { original: c } }) => (c.deviceId ? (deviceNames.get(c.deviceId) ?? c.deviceId) : '—'),
    }),
  ]);
  return (
    <DataTable
      caption="Conflicts"
      data={conflicts}
      columns={columns}
      getRowId={(c) => c.id}
      empty="Nothing here. Conflicts appear when a device’s event cannot simply be applied."
    />
  );
}

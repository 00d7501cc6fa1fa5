import { createColumnHelper } from '@tanstack/react-table';
import { useDrawerKicks, type DrawerKickView, type PrinterView } from '../../api/hardware.js';
import { Card } from '../../components/Card.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { SelectFilter } from '../../components/SelectFilter.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Time } from '../../components/Time.js';
import { useBeforePosition } from '../../hooks/before-pages.js';
import { BeforePages } from '../../components/BeforePager.js';
import { kickStatus, requesterText } from './hardware-copy.js';
import type { Names } from './JobTable.js';

const column = createColumnHelper<DrawerKickView>();

function KickTable({ kicks, names }: { kicks: DrawerKickView[]; names: Names }) {
  const columns = [
    column.display({ id: 'time', header: 'Time', cell: ({ row }) => <Time iso={row.original.requestedAt} /> }),
    column.display({
      id: 'drawer',
      header: 'Drawer',
      cell: ({ row: { original: k } }) => names.printers.get(k.drawerId) ?? k.drawerId,
    }),
    column.display({
      id: 'who',
      header: 'Who',
      cell: ({ row: { original: k } }) => (
        <>
          {requesterText(k.requestedBy, names)}
          {k.cashierId ? <div className="muted small">cashier {k.cashierId}</div> : null}
        </>
      ),
    }),
    column.display({ id: 'reason', header: 'Reason', cell: ({ row }) => row.original.reason }),
    column.display({
      id: 'sale',
      header: 'Sale',
      cell: ({ row: { original: k } }) => (k.saleId ? <span className="mono">{k.saleId}</span> : '—'),
    }),
    column.display({
      id: 'outcome',
      header: 'Outcome',
      cell: ({ row: { original: k } }) => (
        <>
          <StatusBadge status={kickStatus(k)} />
          {k.sentAt ? (
            <div className="small">
              <Time iso={k.sentAt} bare />
            </div>
          ) : null}
          {k.note ? <div className="small job-note">{k.note}</div> : null}
        </>
      ),
    }),
  ];
  return (
    <DataTable
      caption="Drawer openings, newest first"
      data={kicks}
      columns={columns}
      getRowId={(kick) => kick.id}
      empty="No drawer openings recorded."
    />
  );
}

function KickPages({ drawerId, names }: { drawerId: string | undefined; names: Names }) {
  const { position, before, go } = useBeforePosition();
  const pages = useDrawerKicks(drawerId, before);
  return (
    <>
      <ErrorMessage error={pages.error} />
      <BeforePages
        pages={pages}
        label="Drawer log pages"
        position={position}
        onGo={go}
        loading="Loading the drawer log…"
      >
        {(data) => <KickTable kicks={data.kicks} names={names} />}
      </BeforePages>
    </>
  );
}

/** Every drawer opening (DESIGN §7): who, why, which sale, and whether it reached the drawer or was dropped. */
export function DrawerLog({
  printers,
  drawerId,
  onDrawer,
  names,
}: {
  printers: PrinterView[];
  drawerId: string | undefined;
  onDrawer: (drawerId: string | undefined) => void;
  names: Names;
}) {
  const drawers = printers.filter((printer) => printer.drawer || printer.id === drawerId);
  return (
    <Card
      title="Drawer log"
      aside={
        drawers.length > 1 || drawerId ? (
          <SelectFilter
            className="inline-field"
            label="Drawer"
            value={drawerId}
            options={drawers.map((printer) => ({ value: printer.id, label: printer.name }))}
            allText="All drawers"
            onChange={onDrawer}
          />
        ) : null
      }
    >
      <KickPages key={drawerId ?? ''} drawerId={drawerId} names={names} />
    </Card>
  );
}

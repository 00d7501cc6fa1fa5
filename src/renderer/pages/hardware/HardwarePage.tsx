import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useDevices } from '../../api/devices.js';
import { usePrinters, type PrintJobFilter, type PrinterView } from '../../api/hardware.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryView } from '../../components/QueryView.js';
import { PRINT_JOB_STATES, type PrintJobState } from '../../../shared/protocol/printing.js';
import { DrawerLog } from './DrawerLog.js';
import type { Names } from './JobTable.js';
import { OpenDrawerDialog } from './OpenDrawerDialog.js';
import { PrinterCard } from './PrinterCard.js';
import { PrintQueue } from './PrintQueue.js';

/** The queue's filters and the drawer log's drawer live in the URL, so a reload or a shared link shows the same. */
function readParams(params: URLSearchParams): { filter: PrintJobFilter; drawerId: string | undefined } {
  const state = params.get('state');
  return {
    filter: {
      printerId: params.get('printer') || undefined,
      state: state && (PRINT_JOB_STATES as readonly string[]).includes(state) ? (state as PrintJobState) : undefined,
    },
    drawerId: params.get('drawer') || undefined,
  };
}

function writeParams(filter: PrintJobFilter, drawerId: string | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.printerId) params.set('printer', filter.printerId);
  if (filter.state) params.set('state', filter.state);
  if (drawerId) params.set('drawer', drawerId);
  return params;
}

function NoPrinters({ manager }: { manager: boolean }) {
  return (
    <Card title="Printers">
      {manager ? (
        <p className="empty">
          No printers yet — <Link to="/settings#printers">add one in Settings</Link>.
        </p>
      ) : (
        <p className="empty">No printers yet — a manager adds them in Settings.</p>
      )}
    </Card>
  );
}

/** Receipt printers and their cash drawers (DESIGN §7, §10): state, test print, queues and the drawer log. */
export function HardwarePage() {
  const manager = useHasRole('manager');
  const printers = usePrinters();
  const devices = useDevices();
  const [params, setParams] = useSearchParams();
  const { filter, drawerId } = readParams(params);
  const [opening, setOpening] = useState<PrinterView | null>(null);

  const list = printers.data ?? [];
  const names: Names = {
    printers: new Map(list.map((printer) => [printer.id, printer.name])),
    devices: new Map((devices.data ?? []).map((device) => [device.id, device.name])),
  };

  return (
    <>
      <PageHeader
        title="Hardware"
        intro="Receipt printers and cash drawers: what each printer is doing, its queue, and every drawer opening."
      />
      <QueryView query={printers} loading="Loading printers…">
        {(data) =>
          data.length === 0 ? (
            <NoPrinters manager={manager} />
          ) : (
            <div className="cards printer-cards">
              {data.map((printer) => (
                <PrinterCard key={printer.id} printer={printer} canAct={manager} onOpenDrawer={setOpening} />
              ))}
            </div>
          )
        }
      </QueryView>
      <PrintQueue
        printers={list}
        filter={filter}
        onFilter={(next) => setParams(writeParams(next, drawerId), { replace: true })}
        names={names}
        canAct={manager}
      />
      <DrawerLog
        printers={list}
        drawerId={drawerId}
        onDrawer={(next) => setParams(writeParams(filter, next), { replace: true })}
        names={names}
      />
      {opening ? <OpenDrawerDialog printer={opening} onClose={() => setOpening(null)} /> : null}
    </>
  );
}

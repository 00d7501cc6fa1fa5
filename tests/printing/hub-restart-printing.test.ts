/**
 * Jobs survive a hub restart: each queued job prints exactly once afterwards, and a job the stop caught mid-print
 * comes back `uncertain` rather than printed twice.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  startVirtualSerialPrinter,
  type VirtualSerialPrinter,
} from '../../src/device/simulator/virtual-printer/virtual-serial-printer.js';
import type { PrintJobView } from '../../src/shared/protocol/printing.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { tempDir } from '../helpers/ledger-testkit.js';
import { addPrinter, jobBytes, printerView, serialPrinter, until } from './printing-helpers.js';

describe('printing across a hub restart', () => {
  const dataDir = tempDir('backroom-print-restart-');
  let printer: VirtualSerialPrinter | undefined;
  let t: DeviceTestHub | undefined;
  afterAll(async () => {
    await t?.hub.stop();
    await printer?.close();
  });

  it('prints every job queued before the restart exactly once, and marks an interrupted one uncertain', async () => {
    printer = await startVirtualSerialPrinter();
    t = await startDeviceTestHub({ dataDir });
    await addPrinter(t, serialPrinter('front', printer.hostPath));
    printer.responder.state.paperOut = true;
    await until(
      'paper out',
      () => printerView(t!, 'front'),
      (view) => view.waitingFor === 'paper_out',
    );
    const owner = { id: 'owner', name: 'Olga' };
    const jobs: PrintJobView[] = [1, 2, 3].map(() => t!.hub.context.printing.queue.testPrint('front', owner));
    const bytes = jobs.map((job) => jobBytes(t!, job.id));
    // As if the hub had died with this one on the wire.
    const interrupted = t.hub.context.printing.queue.testPrint('front', owner);
    t.hub.context.ledger.db.prepare("UPDATE print_jobs SET state = 'printing' WHERE id = ?").run(interrupted.id);
    await t.hub.stop();
    expect(printer.responder.printed()).toHaveLength(0);

    printer.responder.state.paperOut = false;
    t = await startDeviceTestHub({ dataDir });
    await printer.waitForPrinted(bytes.reduce((sum, b) => sum + b.length, 0));
    await until(
      'all printed',
      () => jobs.map((job) => t!.hub.context.printing.queue.job(job.id).state),
      (states) => states.every((state) => state === 'printed'),
    );
    expect(printer.responder.printed()).toEqual(Buffer.concat(bytes));
    expect(t.hub.context.printing.queue.job(interrupted.id)).toMatchObject({
      state: 'uncertain',
      note: expect.stringMatching(/hub stopped while this job was printing/),
    });
  });
});

/**
 * Receipts and cash drawers through the Device SDK against a REAL hub, with a network receipt printer (a loopback
 * TCP server answering ESC/POS status like an Epson) configured through the admin API: the till asks for a receipt,
 * follows it until printed, opens the drawer, and cannot do either without the hub.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubError, TransportError } from '../../src/device/core/errors.js';
import { Device } from '../../src/device/device.js';
import { HttpsTransport } from '../../src/device/node/https-transport.js';
import {
  startVirtualTcpPrinter,
  type VirtualTcpPrinter,
} from '../../src/device/simulator/virtual-printer/virtual-tcp-printer.js';
import { MemoryStorage } from '../../src/device/storage/memory-storage.js';
import type { DrawerKickView } from '../../src/shared/protocol/printing.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { freePort } from '../helpers/free-port.js';
import { pairSdkTill } from '../helpers/sdk-pairing.js';
import { addPrinter, jobBytes, tcpPrinter, until } from '../printing/printing-helpers.js';
import { sale, tenders } from '../sales/sale-builders.js';

/** `ESC p 0 50 50`: pin 2, 100 ms on, 100 ms off, as the printer config below wires it. */
const KICK_PIN2_100MS = Buffer.from([0x1b, 0x70, 0x00, 0x32, 0x32]);

let t: DeviceTestHub;
let printer: VirtualTcpPrinter;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  t = await startDeviceTestHub();
  await seedCatalog(t, 50);
  printer = await startVirtualTcpPrinter();
  await addPrinter(t, tcpPrinter('front', printer.port));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await t.hub.stop();
  await printer.close();
});

function transportTo(url: string): HttpsTransport {
  const transport = new HttpsTransport({ url, fingerprint: t.hub.status().tlsFingerprint, connectTimeoutMs: 1000 });
  cleanups.push(() => transport.close());
  return transport;
}

async function pairedTill(): Promise<{ device: Device; storage: MemoryStorage }> {
  const storage = new MemoryStorage();
  const transport = transportTo(t.lanUrl);
  await pairSdkTill(t, transport, storage);
  const device = await Device.open({ storage, transport, appVersion: 'printing test' });
  cleanups.push(() => device.stop());
  await device.sync();
  return { device, storage };
}

async function kicksOf(saleId: string): Promise<DrawerKickView[]> {
  const answer = await t.admin<{ kicks: DrawerKickView[] }>('GET', '/v1/admin/drawer-kicks?drawerId=front');
  return answer.json.kicks.filter((kick) => kick.saleId === saleId);
}

describe('a till with the SDK', () => {
  it('asks for a synced sale’s receipt, follows it until printed; the same key is the same job', async () => {
    const { device } = await pairedTill();
    await device.record('sale.complete', { ...sale('sdk-1', 'shelf', [['cola', 2, 450]], tenders(['cash', 900])) });
    await device.sync();
    printer.responder.clear();

    const queued = await device.createPrintJob({ clientKey: 'receipt-sdk-1', kind: 'sale', saleId: 'sdk-1' });
    expect(queued).toMatchObject({ kind: 'sale', saleId: 'sdk-1', printerId: 'front', clientKey: 'receipt-sdk-1' });
    expect(queued.requestedBy).toEqual({ type: 'device', id: device.deviceId });

    const done = await device.waitForPrintJob(queued.id, { timeoutMs: 10_000 });
    expect(done).toMatchObject({ id: queued.id, state: 'printed', statusUnknown: false, waitingFor: null });
    const receipt = jobBytes(t, queued.id);
    expect(printer.responder.printed()).toEqual(receipt);

    const again = await device.createPrintJob({ clientKey: 'receipt-sdk-1', kind: 'sale', saleId: 'sdk-1' });
    expect(again.id).toBe(queued.id);
    expect(await device.printJob(queued.id)).toMatchObject({ state: 'printed', attempts: 1 });
  });

  it('is told clearly when the hub has not got the sale yet, and prints it once synced', async () => {
    const { device } = await pairedTill();
    await device.record('sale.complete', { ...sale('sdk-2', 'shelf', [['cola', 1, 450]], tenders(['cash', 450])) });
    const request = { clientKey: 'receipt-sdk-2', kind: 'sale', saleId: 'sdk-2' } as const;

    const early = await device.createPrintJob(request).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(HubError);
    expect(early).toMatchObject({ status: 404, code: 'UNKNOWN_SALE' });

    await device.sync();
    const job = await device.createPrintJob(request);
    expect((await device.waitForPrintJob(job.id, { timeoutMs: 10_000 })).state).toBe('printed');
  });

  it('opens the drawer with the exact pulse, logged with the reason, the sale and the device', async () => {
    const { device } = await pairedTill();
    printer.responder.clear();

    const kick = await device.openDrawer('front', { reason: 'cash sale', saleId: 'sdk-1', cashierId: 'anna' });
    expect(kick).toMatchObject({ drawerId: 'front', reason: 'cash sale', saleId: 'sdk-1', cashierId: 'anna' });
    expect(['queued', 'sent']).toContain(kick.state);
    await printer.waitForPrinted(KICK_PIN2_100MS.length);
    expect(printer.responder.printed()).toEqual(KICK_PIN2_100MS);
    const logged = await until(
      'the drawer log to say sent',
      () => kicksOf('sdk-1'),
      (kicks) => kicks[0]?.state === 'sent',
    );
    expect(logged[0]).toMatchObject({ id: kick.id, requestedBy: { type: 'device', id: device.deviceId } });

    const unknown = await device.openDrawer('no-such-drawer', { reason: 'x' }).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ status: 404, code: 'UNKNOWN_DRAWER' });
  });

  it('a sale that asks for its receipt is printed by the hub when it arrives, and the till finds it', async () => {
    const { device } = await pairedTill();
    printer.responder.clear();
    await device.record('sale.complete', {
      ...sale('sdk-3', 'shelf', [['cola', 3, 450]], tenders(['cash', 1350]), { printReceipt: true }),
    });
    expect(await device.printJobs({ saleId: 'sdk-3' })).toEqual([]);
    await device.sync();

    const [job, ...more] = await device.printJobs({ saleId: 'sdk-3' });
    expect(more).toEqual([]);
    expect(job).toMatchObject({ kind: 'sale', saleId: 'sdk-3', requestedBy: { type: 'device', id: device.deviceId } });
    expect((await device.waitForPrintJob(job!.id, { timeoutMs: 10_000 })).state).toBe('printed');
    await printer.waitForPrinted(jobBytes(t, job!.id).length);
    expect(printer.responder.printed()).toEqual(jobBytes(t, job!.id));
    expect((await device.printJobs()).map((listed) => listed.id)).toContain(job!.id);
  });

  it('cut off from the hub it can neither print nor open the drawer', async () => {
    const { storage } = await pairedTill();
    const offline = await Device.open({
      storage,
      transport: transportTo(`https://127.0.0.1:${await freePort()}`),
      appVersion: 'printing test',
    });
    cleanups.push(() => offline.stop());

    await expect(offline.openDrawer('front', { reason: 'cash sale' })).rejects.toBeInstanceOf(TransportError);
    await expect(
      offline.createPrintJob({ clientKey: 'k', kind: 'end_of_day', businessDate: '2026-11-22' }),
    ).rejects.toBeInstanceOf(TransportError);
  });
});

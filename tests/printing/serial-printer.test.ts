/**
 * A receipt printer on a virtual serial line (socat pty pair) with an ESC/POS responder on the far end: receipts
 * and drawer pulses arrive byte for byte, and a printer out of paper holds its queue until paper is back.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startVirtualSerialPrinter,
  type VirtualSerialPrinter,
} from '../../src/device/simulator/virtual-printer/virtual-serial-printer.js';
import type { DrawerKickView, PrintJobView } from '../../src/shared/protocol/printing.js';
import { TestDevice } from '../helpers/device-signer.js';
import { sale, tenders } from '../sales/sale-builders.js';
import { push, storeHub } from '../store-ops/helpers.js';
import { addPrinter, auditActions, jobBytes, printerView, serialPrinter, until } from './printing-helpers.js';

const KICK_PIN2_100MS = Buffer.from([0x1b, 0x70, 0x00, 0x32, 0x32]);

describe('a serial receipt printer', () => {
  const store = storeHub([{ productId: 'cola', locationId: 'shelf', quantity: 50 }]);
  const till = new TestDevice();
  let printer: VirtualSerialPrinter;

  beforeAll(async () => {
    printer = await startVirtualSerialPrinter();
    await addPrinter(store.t, serialPrinter('front', printer.hostPath), store.marta);
    await store.t.pair(till, 'Till 1');
  });
  afterAll(() => printer?.close());

  const printJob = (clientKey: string, saleId: string) =>
    store.t.lan<PrintJobView & { error: { code: string } }>('POST', '/v1/print-jobs', {
      token: till.token,
      body: { clientKey, kind: 'sale', saleId },
    });

  it("prints a sale's receipt when the sale asks for it, then opens the drawer with the exact pulse", async () => {
    const { t } = store;
    printer.responder.clear();
    await push(t, till, [
      till.envelope(
        'sale.complete',
        sale('s-1', 'shelf', [['cola', 2, 450]], tenders(['cash', 900]), { printReceipt: true, cashierId: 'anna' }),
      ),
    ]);
    // The till finds the receipt its sale queued by the sale's id.
    const found = await until(
      'the receipt printed',
      () => t.lan<{ jobs: PrintJobView[] }>('GET', '/v1/print-jobs?saleId=s-1', { token: till.token }),
      (answer) => answer.json.jobs[0]?.state === 'printed',
    );
    expect(found.json.jobs).toHaveLength(1);
    const receipt = jobBytes(t, found.json.jobs[0]!.id);
    expect(receipt.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
    await printer.waitForPrinted(receipt.length);
    expect(printer.responder.printed()).toEqual(receipt);

    const opened = await t.lan<DrawerKickView>('POST', '/v1/drawers/front/open', {
      token: till.token,
      body: { reason: 'cash sale', saleId: 's-1', cashierId: 'anna' },
    });
    expect(opened.status, opened.text).toBe(202);
    await printer.waitForPrinted(receipt.length + KICK_PIN2_100MS.length);
    expect(printer.responder.printed()).toEqual(Buffer.concat([receipt, KICK_PIN2_100MS]));

    const log = await until(
      'the drawer log says sent',
      () => t.admin<{ kicks: DrawerKickView[] }>('GET', '/v1/admin/drawer-kicks?drawerId=front'),
      (answer) => answer.json.kicks[0]?.state === 'sent',
    );
    expect(log.json.kicks[0]).toMatchObject({
      reason: 'cash sale',
      saleId: 's-1',
      cashierId: 'anna',
      requestedBy: { type: 'device', id: till.deviceId },
    });
    const opening = auditActions(t, 'drawer.opened')[0]!;
    expect(opening.detail).toMatchObject({ saleId: 's-1', reason: 'cash sale', cashierId: 'anna' });

    const metrics = await fetch(`${t.uiUrl}/metrics`).then((response) => response.text());
    expect(metrics).toMatch(/backroom_drawer_kicks_total\{drawer="front",result="sent"\} 1/);
    expect(metrics).toMatch(/backroom_print_jobs_total\{printer="front",state="printed"\} 1/);
    expect(metrics).toMatch(/backroom_drawer_kick_seconds_count 1/);
    expect(metrics).toMatch(/backroom_print_queue_jobs\{printer="front",state="queued"\} 0/);
  });

  it('holds the queue while out of paper, says why, and prints each held job once when paper is back', async () => {
    const { t } = store;
    await push(t, till, [
      till.envelope('sale.complete', sale('s-2', 'shelf', [['cola', 1, 450]], tenders(['cash', 450]))),
      till.envelope('sale.complete', sale('s-3', 'shelf', [['chips', 1, 699]], tenders(['card', 699, 'pay-3']))),
    ]);
    printer.responder.state.paperOut = true;
    printer.responder.clear();

    const first = await printJob('receipt-s-2', 's-2');
    expect(first.status, first.text).toBe(202);
    const second = await printJob('receipt-s-3', 's-3');
    expect(second.status, second.text).toBe(202);
    await until(
      'the printer to say paper out',
      () => printerView(t, 'front'),
      (view) => view.waitingFor === 'paper_out',
    );
    const held = await until(
      'the job to say what it waits for',
      () => t.lan<PrintJobView>('GET', `/v1/print-jobs/${first.json.id}`, { token: till.token }),
      (answer) => answer.json.waitingFor === 'paper_out',
    );
    expect(held.json.state).toBe('queued');
    await sleep(1_500);
    expect(printer.responder.printed()).toHaveLength(0);

    // Asking again with the same key is the same job, not a third receipt.
    const again = await printJob('receipt-s-2', 's-2');
    expect(again.json.id).toBe(first.json.id);
    const misuse = await printJob('receipt-s-2', 's-3');
    expect(misuse.status).toBe(409);
    expect(misuse.json.error.code).toBe('IDEMPOTENCY_MISMATCH');

    printer.responder.state.paperOut = false;
    const expected = Buffer.concat([jobBytes(t, first.json.id), jobBytes(t, second.json.id)]);
    await printer.waitForPrinted(expected.length);
    await sleep(1_500);
    expect(printer.responder.printed()).toEqual(expected);
    const done = await t.lan<PrintJobView>('GET', `/v1/print-jobs/${second.json.id}`, { token: till.token });
    expect(done.json).toMatchObject({ state: 'printed', statusUnknown: false, attempts: 1, waitingFor: null });
  });

  it('refuses what it cannot print with a clear code', async () => {
    const { t } = store;
    // A sale that reaches the hub an hour after it happened gets no automatic receipt (the customer has left).
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await push(t, till, [
      till.envelope(
        'sale.complete',
        sale('s-late', 'shelf', [['cola', 1, 450]], tenders(['cash', 450]), { printReceipt: true }),
        { occurredAt: anHourAgo, deviceTime: anHourAgo },
      ),
    ]);
    const late = await t.lan<{ jobs: PrintJobView[] }>('GET', '/v1/print-jobs?saleId=s-late', { token: till.token });
    expect(late.json.jobs).toEqual([]);
    const unsynced = await printJob('receipt-nope', 'no-such-sale');
    expect(unsynced.status).toBe(404);
    expect(unsynced.json.error.code).toBe('UNKNOWN_SALE');
    const noDrawer = await t.lan('POST', '/v1/drawers/back/open', { token: till.token, body: { reason: 'x' } });
    expect(noDrawer.status).toBe(404);
    expect(noDrawer.json.error.code).toBe('UNKNOWN_DRAWER');
    const otherDevice = new TestDevice();
    await t.pair(otherDevice, 'Till 2');
    const jobs = t.hub.context.printing.queue.list({ limit: 1 });
    const foreign = await t.lan('GET', `/v1/print-jobs/${jobs[0]!.id}`, { token: otherDevice.token });
    expect(foreign.status).toBe(404);
    const badBody = await t.lan('POST', '/v1/print-jobs', { token: till.token, body: { kind: 'sale' } });
    expect(badBody.status).toBe(400);
  });

  it("prints the day's end-of-day report when a manager asks from the back office, and audits who asked", async () => {
    const { t } = store;
    printer.responder.clear();
    const cashier = await t.admin('POST', '/v1/admin/print-jobs', { kind: 'end_of_day' }, store.kasia);
    expect(cashier.status).toBe(403);
    const asked = await t.admin<PrintJobView>('POST', '/v1/admin/print-jobs', { kind: 'end_of_day' }, store.marta);
    expect(asked.status, asked.text).toBe(202);
    expect(asked.json).toMatchObject({
      kind: 'end_of_day',
      printerId: 'front',
      requestedBy: { type: 'user', id: 'Marta' },
    });
    const report = jobBytes(t, asked.json.id);
    await printer.waitForPrinted(report.length);
    expect(printer.responder.printed()).toEqual(report);
    expect(auditActions(t, 'print.request')[0]!.detail).toMatchObject({ jobId: asked.json.id, kind: 'end_of_day' });
    const withKey = await t.admin('POST', '/v1/admin/print-jobs', { kind: 'end_of_day', clientKey: 'x' }, store.marta);
    expect(withKey.status).toBe(400);
  });
});

/**
 * A network printer (raw port semantics) as a loopback server. A connection cut mid-receipt leaves the job
 * `uncertain`: not reprinted by the hub, until a manager chooses to.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startVirtualTcpPrinter,
  type VirtualTcpPrinter,
} from '../../src/device/simulator/virtual-printer/virtual-tcp-printer.js';
import type { PrintJobView } from '../../src/shared/protocol/printing.js';
import { openStream } from '../helpers/device-client.js';
import { TestDevice } from '../helpers/device-signer.js';
import { sale, tenders } from '../sales/sale-builders.js';
import { push, storeHub } from '../store-ops/helpers.js';
import {
  addPrinter,
  adminJob,
  auditActions,
  jobBytes,
  printerAlerts,
  printerView,
  tcpPrinter,
  until,
} from './printing-helpers.js';

/** The worker asks DLE EOT 1 and DLE EOT 4 (3 bytes each) before a job. */
const STATUS_QUERIES = 6;

describe('a network receipt printer', () => {
  const store = storeHub([{ productId: 'cola', locationId: 'shelf', quantity: 50 }]);
  const till = new TestDevice();
  let printer: VirtualTcpPrinter;

  beforeAll(async () => {
    printer = await startVirtualTcpPrinter();
    await addPrinter(store.t, tcpPrinter('counter', printer.port), store.marta);
    await store.t.pair(till, 'Till 1');
    // The worker's first look at an idle printer; the cut below must hit a job, not this.
    await until(
      'the first status',
      () => printerView(store.t, 'counter'),
      (view) => view.status !== null,
    );
    await until(
      'the probe to hang up',
      () => printer.connections(),
      (open) => open === 0,
    );
  });
  afterAll(() => printer?.close());

  it('leaves a job cut off mid-print uncertain, never prints it again by itself, and reprints it when asked', async () => {
    const { t } = store;
    const stream = await openStream(`${t.lanUrl.replace('https', 'wss')}/v1/stream`, {
      header: `Bearer ${till.token}`,
    });
    printer.responder.clear();
    printer.dropAfterBytes(STATUS_QUERIES + 40);
    await push(t, till, [
      till.envelope(
        'sale.complete',
        sale('s-1', 'shelf', [['cola', 3, 450]], tenders(['cash', 1350]), { printReceipt: true }),
      ),
    ]);
    const [queued] = t.hub.context.printing.queue.list({ limit: 1 });
    const cut = await until(
      'the job to end uncertain',
      () => adminJob(t, queued!.id),
      (job) => job.state === 'uncertain',
    );
    expect(cut.note).toMatch(/link failed mid-job|stopped answering/);
    // The till hears it on its stream, without polling.
    const told = await stream.waitFor((message) => message.type === 'print_job' && message.jobId === cut.id);
    expect(told).toEqual({ type: 'print_job', jobId: cut.id, saleId: 's-1', state: 'uncertain', note: cut.note });
    const full = jobBytes(t, cut.id);
    expect(printer.responder.printed()).toEqual(full.subarray(0, 40));

    // Nothing comes back on its own, not even after the worker has had time to reconnect and look again.
    await sleep(2_500);
    expect(printer.responder.printed()).toHaveLength(40);
    expect((await adminJob(t, cut.id)).state).toBe('uncertain');
    expect(printerView(t, 'counter').uncertain).toBe(1);
    expect(printerAlerts(t).get('uncertain-receipts:counter')?.message).toBe(
      '1 receipt on Printer counter may not have printed: reprint or drop on the Hardware screen',
    );

    // Another receipt still prints: the printer is fine, only that one job is in doubt.
    printer.responder.clear();
    const next = await t.lan<PrintJobView>('POST', '/v1/print-jobs', {
      token: till.token,
      body: { clientKey: 'k-2', kind: 'sale', saleId: 's-1' },
    });
    expect(next.status, next.text).toBe(202);
    await printer.waitForPrinted(jobBytes(t, next.json.id).length);
    expect(printer.responder.printed()).toEqual(jobBytes(t, next.json.id));

    const cashierTry = await t.admin('POST', `/v1/admin/print-jobs/${cut.id}/reprint`, undefined, store.kasia);
    expect(cashierTry.status).toBe(403);
    printer.responder.clear();
    const reprint = await t.admin<PrintJobView>(
      'POST',
      `/v1/admin/print-jobs/${cut.id}/reprint`,
      undefined,
      store.marta,
    );
    expect(reprint.status, reprint.text).toBe(200);
    await printer.waitForPrinted(full.length);
    expect(printer.responder.printed()).toEqual(full);
    const reprinted = await until(
      'the reprint',
      () => adminJob(t, cut.id),
      (job) => job.state === 'printed',
    );
    expect(reprinted.attempts).toBe(2);
    await stream.waitFor((message) => message.jobId === cut.id && message.state === 'queued');
    await stream.waitFor((message) => message.jobId === cut.id && message.state === 'printed');
    stream.close();
    expect(auditActions(t, 'print.reprint')[0]!.detail).toMatchObject({ jobId: cut.id, saleId: 's-1' });
    const twice = await t.admin('POST', `/v1/admin/print-jobs/${cut.id}/reprint`, undefined, store.marta);
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe('JOB_NOT_UNCERTAIN');
    expect(printerAlerts(t).has('uncertain-receipts:counter')).toBe(false);
  });

  it('holds jobs while the printer cannot be reached and drops them only when a manager says so', async () => {
    const { t } = store;
    const dead = await startVirtualTcpPrinter();
    const port = dead.port;
    await dead.close();
    await addPrinter(t, tcpPrinter('gone', port, { receiptDefault: false, drawer: null }), store.marta);
    const job = await t.lan<PrintJobView>('POST', '/v1/print-jobs', {
      token: till.token,
      body: { clientKey: 'k-gone', kind: 'sale', saleId: 's-1', printerId: 'gone' },
    });
    expect(job.status, job.text).toBe(202);
    await until(
      'unreachable',
      () => adminJob(t, job.json.id),
      (view) => view.waitingFor === 'unreachable',
    );
    expect(printerAlerts(t).get('printer-trouble:gone')?.message).toBe(
      'Printer gone cannot be reached (cable, power or network?); 1 receipt waiting',
    );
    const refused = await t.admin('DELETE', '/v1/admin/printers/gone', undefined, store.marta);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('PRINTER_HAS_JOBS');
    const dropped = await t.admin<PrintJobView>(
      'POST',
      `/v1/admin/print-jobs/${job.json.id}/drop`,
      { reason: 'customer left' },
      store.marta,
    );
    expect(dropped.json).toMatchObject({ state: 'dropped', note: 'dropped by Marta: customer left' });
    const removed = await t.admin('DELETE', '/v1/admin/printers/gone', undefined, store.marta);
    expect(removed.status, removed.text).toBe(204);
  });

  it('prints to a printer that never answers status, and marks the job status unknown', async () => {
    const { t } = store;
    const mute = await startVirtualTcpPrinter();
    try {
      mute.responder.state.answersStatus = false;
      await addPrinter(t, tcpPrinter('mute', mute.port, { receiptDefault: false }), store.marta);
      const job = await t.lan<PrintJobView>('POST', '/v1/print-jobs', {
        token: till.token,
        body: { clientKey: 'k-mute', kind: 'sale', saleId: 's-1', printerId: 'mute' },
      });
      expect(job.status, job.text).toBe(202);
      const done = await until(
        'printed',
        () => adminJob(t, job.json.id),
        (view) => view.state === 'printed',
      );
      expect(done.statusUnknown).toBe(true);
      expect(mute.responder.printed()).toEqual(jobBytes(t, job.json.id));
      expect(printerView(t, 'mute').state).toBe('unknown');
    } finally {
      await mute.close();
    }
  });
});

/**
 * Shared steps of the printer tests: a printer configured through the admin API, jobs' rendered bytes read back
 * from the ledger database, and polling for states the worker reaches in its own time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  startVirtualSerialPrinter,
  type VirtualSerialPrinter,
} from '../../src/device/simulator/virtual-printer/virtual-serial-printer.js';
import type { PrinterConfig, PrinterView, PrintJobView } from '../../src/shared/protocol/printing.js';
import type { DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { storeHub, type StoreHub } from '../store-ops/helpers.js';

export function serialPrinter(id: string, path: string, overrides: Partial<PrinterConfig> = {}): PrinterConfig {
  return {
    id,
    name: `Printer ${id}`,
    connection: { type: 'serial', path, baudRate: 115_200 },
    model: 'epson',
    paperWidth: 80,
    drawer: { pins: 'pin2', pulseMs: 100 },
    receiptDefault: true,
    enabled: true,
    ...overrides,
  };
}

export interface DrawerStore {
  store: StoreHub;
  till: TestDevice;
  printer: VirtualSerialPrinter;
}

/** A store hub with a paired till and a virtual serial printer `front` (socat pty) wired to `drawer`. */
export function storeWithDrawer(drawer: NonNullable<PrinterConfig['drawer']>): DrawerStore {
  const setup = { store: storeHub(), till: new TestDevice() } as DrawerStore;
  beforeAll(async () => {
    setup.printer = await startVirtualSerialPrinter();
    await addPrinter(setup.store.t, serialPrinter('front', setup.printer.hostPath, { drawer }));
    await setup.store.t.pair(setup.till, 'Till 1');
  });
  afterAll(() => setup.printer?.close());
  return setup;
}

export function tcpPrinter(id: string, port: number, overrides: Partial<PrinterConfig> = {}): PrinterConfig {
  return serialPrinter(id, '', { connection: { type: 'tcp', host: '127.0.0.1', port }, ...overrides });
}

export async function addPrinter(t: DeviceTestHub, config: PrinterConfig, cookie?: string): Promise<PrinterView> {
  const answer = await t.admin<PrinterView>('POST', '/v1/admin/printers', config, cookie);
  expect(answer.status, answer.text).toBe(201);
  return answer.json;
}

/** The bytes the hub rendered for a job, as stored in its queue. */
export function jobBytes(t: DeviceTestHub, jobId: string): Buffer {
  const row = t.hub.context.ledger.db.prepare('SELECT bytes FROM print_jobs WHERE id = ?').get(jobId) as
    { bytes: Buffer } | undefined;
  if (!row) throw new Error(`no job ${jobId}`);
  return row.bytes;
}

export async function until<T>(what: string, read: () => Promise<T> | T, ok: (value: T) => boolean, ms = 8_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await sleep(25);
  }
}

export async function adminJob(t: DeviceTestHub, jobId: string): Promise<PrintJobView> {
  const answer = await t.admin<{ jobs: PrintJobView[] }>('GET', '/v1/admin/print-jobs?limit=200');
  const job = answer.json.jobs.find((candidate) => candidate.id === jobId);
  if (!job) throw new Error(`job ${jobId} is not listed`);
  return job;
}

export function printerView(t: DeviceTestHub, id: string): PrinterView {
  return t.hub.context.printing.view(id);
}

export function auditActions(t: DeviceTestHub, prefix: string) {
  return t.hub.context.audit.list({ limit: 500 }).filter((entry) => entry.action.startsWith(prefix));
}

/** Runs the alert rules now and returns the active alerts about printers, by key. */
export function printerAlerts(t: DeviceTestHub): Map<string, { severity: string; message: string }> {
  t.hub.context.alerts.evaluate();
  const rows = t.hub.context.alerts.list('active', 500).filter((alert) => alert.subject.startsWith('printer:'));
  return new Map(rows.map((row) => [row.key, { severity: row.severity, message: row.message }]));
}

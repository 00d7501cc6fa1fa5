/**
 * The simulated store with a receipt printer: a virtual serial printer (socat pty pair + ESC/POS responder) added
 * through the admin API, tills whose sales ask for their receipt and whose cash sales open the drawer through the
 * hub, and what reached the serial line held against the bytes the hub rendered for each job.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DaySummary } from '../../src/device/simulator/day-summary.js';
import { simulateStoreDay } from '../../src/device/simulator/simulate.js';
import { storeDayPolicy } from '../../src/device/simulator/store-catalog.js';
import { SIMULATOR_PRINTER_ID, StorePrinter } from '../../src/device/simulator/store-printer.js';
import { UsageError } from '../../src/main/hub/cli/cli-config.js';
import type { DrawerKickView, PrinterView } from '../../src/shared/protocol/printing.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { simulateJson } from './simulate-cli.js';

/** `ESC p 0 50 50`: pin 2, 100 ms, as the simulator wires its drawer. */
const KICK_PIN2_100MS = Buffer.from([0x1b, 0x70, 0x00, 0x32, 0x32]);

describe('a store day with a virtual serial printer', () => {
  let t: DeviceTestHub;
  let printer: StorePrinter;
  let summary: DaySummary;

  beforeAll(async () => {
    t = await startDeviceTestHub();
    const admin = { url: t.uiUrl, name: 'Olga', pin: '13579' };
    printer = await StorePrinter.attach(admin);
    summary = await simulateStoreDay({
      hub: {
        hubUrl: t.lanUrl,
        fingerprint: t.hub.status().tlsFingerprint,
        pairingCode: async () => (await t.admin<{ code: string }>('POST', '/v1/admin/pairing-codes')).json.code,
      },
      hubLabel: 'the test hub',
      admin,
      tills: 2,
      handhelds: 0,
      timeZone: 'Europe/Warsaw',
      actionsPerDevice: 16,
      conflictRate: 0,
      offlineForMs: 600,
      approvalWaitMs: 1_000,
      autoApprove: true,
      policy: storeDayPolicy(),
      seed: 7,
      report: () => undefined,
      verbose: false,
      printer,
    });
  });
  afterAll(async () => {
    await printer?.close();
    await t?.hub.stop();
  });

  it('prints every receipt the tills asked for and opens the drawer for cash, and the day checks out', () => {
    expect(summary.checks.filter((check) => !check.ok)).toEqual([]);
    const printing = summary.printing!;
    expect(printing.receipts.asked).toBeGreaterThan(0);
    expect((printing.printedByKind.sale ?? 0) + (printing.printedByKind.refund ?? 0)).toBe(printing.receipts.asked);
    expect(printing.printedByKind.end_of_day).toBe(1);
    expect(printing.jobs).toMatchObject({ queued: 0, printing: 0, uncertain: 0, dropped: 0 });
    expect(printing.drawerOpenings.asked).toBeGreaterThan(0);
    expect(printing.drawerOpenings).toMatchObject({ sent: printing.drawerOpenings.asked, dropped: 0, queued: 0 });
    // The afternoon outage: tills sold without the hub, so neither receipts nor drawer went through it.
    expect(printing.receipts.skippedOffline).toBeGreaterThan(0);
    expect(printing.bytes.received).toBe(printer.virtual.responder.received().length);
  });

  it("puts a cash sale's receipt and its drawer pulse on the serial line byte for byte", async () => {
    const kicks = await t.admin<{ kicks: DrawerKickView[] }>(
      'GET',
      `/v1/admin/drawer-kicks?drawerId=${SIMULATOR_PRINTER_ID}&limit=200`,
    );
    const kick = kicks.json.kicks.find((candidate) => candidate.reason === 'cash sale' && candidate.state === 'sent');
    expect(kick, 'a cash sale opened the drawer').toBeDefined();
    expect(kick!.requestedBy.type).toBe('device');
    expect(kick!.cashierId).toMatch(/^cashier-/);

    const { db } = t.hub.context.ledger;
    const receipt = db
      .prepare<[string], { bytes: Buffer; state: string }>(
        "SELECT bytes, state FROM print_jobs WHERE sale_id = ? AND kind = 'sale'",
      )
      .get(kick!.saleId!);
    expect(receipt?.state).toBe('printed');
    const line = printer.virtual.responder.received();
    expect(line.indexOf(receipt!.bytes)).toBeGreaterThanOrEqual(0);
    expect(line.indexOf(KICK_PIN2_100MS)).toBeGreaterThanOrEqual(0);

    // Nothing but the jobs and the pulses reached paper or the drawer: every job whole, each pulse 5 bytes.
    const jobs = db
      .prepare<[string], { bytes: Buffer }>("SELECT bytes FROM print_jobs WHERE printer_id = ? AND state = 'printed'")
      .all(SIMULATOR_PRINTER_ID);
    const printed = printer.virtual.responder.printed();
    for (const job of jobs) expect(printed.indexOf(job.bytes)).toBeGreaterThanOrEqual(0);
    const jobBytes = jobs.reduce((sum, job) => sum + job.bytes.length, 0);
    expect(printed.length).toBe(jobBytes + KICK_PIN2_100MS.length * summary.printing!.drawerOpenings.sent);
  });

  it('takes its printer off the hub when it closes', async () => {
    await printer.close();
    const listed = await t.admin<{ printers: PrinterView[] }>('GET', '/v1/admin/printers');
    expect(listed.json.printers.map((p) => p.id)).not.toContain(SIMULATOR_PRINTER_ID);
  });
});

describe('backroom simulate --virtual-printer', () => {
  const path = process.env.PATH;
  afterEach(() => {
    vi.restoreAllMocks();
    process.env.PATH = path;
    process.exitCode = undefined;
  });

  it('reports receipts, drawer openings and bytes in the summary', async () => {
    const printed = await simulateJson([
      ...['--devices', '1', '--events', '10', '--offline-for', '0', '--seed', '2', '--auto-approve'],
      '--virtual-printer',
    ]);
    expect(printed.ok).toBe(true);
    expect(printed.printing).toMatchObject({ jobs: { printed: expect.any(Number), queued: 0, uncertain: 0 } });
    expect(printed.printing!.printedByKind.end_of_day).toBe(1);
    expect(printed.printing!.bytes.printed).toBeGreaterThan(0);
  });

  it('fails clearly without socat', async () => {
    process.env.PATH = '/nonexistent';
    await expect(simulateJson(['--events', '1', '--virtual-printer'])).rejects.toThrow(UsageError);
    await expect(simulateJson(['--events', '1', '--virtual-printer'])).rejects.toThrow(/needs socat/);
  });
});

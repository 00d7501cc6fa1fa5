import { spawnSync } from 'node:child_process';
import type {
  DrawerKickState,
  DrawerKickView,
  PrinterConfig,
  PrinterView,
  PrintJobState,
  PrintJobView,
} from '../../shared/protocol/printing.js';
import { AdminApiError, AdminClient } from './admin-client.js';
import type { CheckLine } from './day-check.js';
import { verdict } from './day-check.js';
import { pause } from './pause.js';
import type { Tally } from './tally.js';
import { startVirtualSerialPrinter, type VirtualSerialPrinter } from './virtual-printer/virtual-serial-printer.js';

/** The printer the simulator adds; the same id every run, so a hub it attaches to keeps one entry, not one a run. */
export const SIMULATOR_PRINTER_ID = 'simulator-printer';

/** What a till needs to know to print and open its drawer. */
export interface TillPrinting {
  /** the printer, and the drawer wired to it (a drawer's id is its printer's id) */
  printerId: string;
  /** the hub's default receipt printer: sales need not name it */
  receiptDefault: boolean;
}

/** The tally names tills count under, which the printing summary reads back. */
export const PRINT_TALLY = {
  receiptsAsked: 'receipts asked for',
  receiptsSkipped: 'receipts not asked for (till offline)',
  invoicesAsked: 'invoices asked to be printed',
  drawerAsked: 'drawer openings asked for',
  drawerSkipped: 'drawer not opened (till offline)',
} as const;

/** The printer's day: what the tills asked for, what the hub did with it, and what reached the line. */
export interface PrintingSummary {
  printer: string;
  /** sales and refunds whose receipt the tills asked for, and those rung up while cut off from the hub */
  receipts: { asked: number; skippedOffline: number };
  /** VAT invoices the tills asked the hub to print with their QR codes */
  invoices: { asked: number };
  /** every job the hub queued on this printer during the day, by state, and the printed ones by kind */
  jobs: Record<PrintJobState, number>;
  printedByKind: Record<string, number>;
  drawerOpenings: { asked: number; skippedOffline: number } & Record<DrawerKickState, number>;
  /** on the virtual serial line: everything, and what would reach paper or the drawer (status queries taken out) */
  bytes: { received: number; printed: number };
}

const JOB_STATES: readonly PrintJobState[] = ['queued', 'printing', 'printed', 'uncertain', 'dropped'];
const KICK_STATES: readonly DrawerKickState[] = ['queued', 'sent', 'dropped'];
const PAGE = 200;
const SETTLE_POLL_MS = 200;

/** Is `socat` on the PATH? The virtual serial printer is a socat pty pair. */
export function socatAvailable(): boolean {
  const probe = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * A receipt printer with a cash drawer on pin 2 for the simulated store: a virtual serial printer (socat pty pair
 * and an ESC/POS responder) added to the hub through the admin API, as a manager adds a USB-serial printer. The hub
 * must run on this machine, since it opens the pty. Removed from the hub again by `close()`.
 */
export class StorePrinter {
  private closed = false;

  private constructor(
    private readonly admin: AdminClient,
    readonly virtual: VirtualSerialPrinter,
    private readonly settings: Omit<PrinterConfig, 'id'>,
    readonly forTills: TillPrinting,
    /** jobs and kicks from before this (an earlier run's) are not the day's */
    private readonly since: string,
  ) {}

  static async attach(admin: { url: string; name: string; pin: string }): Promise<StorePrinter> {
    const client = new AdminClient(admin.url);
    await client.login(admin.name, admin.pin);
    const since = new Date().toISOString();
    const virtual = await startVirtualSerialPrinter();
    try {
      const { printers } = await client.get<{ printers: PrinterView[] }>('/v1/admin/printers');
      // Saving a default takes it from the printer that had it: a store's own default receipt printer stays so.
      const otherDefault = printers.some((p) => p.id !== SIMULATOR_PRINTER_ID && p.receiptDefault && p.enabled);
      const { id, ...settings }: PrinterConfig = {
        id: SIMULATOR_PRINTER_ID,
        name: 'Simulator receipt printer (virtual serial)',
        connection: { type: 'serial', path: virtual.hostPath, baudRate: 115_200 },
        model: 'epson',
        paperWidth: 80,
        drawer: { pins: 'pin2', pulseMs: 100 },
        receiptDefault: !otherDefault,
        enabled: true,
      };
      if (printers.some((p) => p.id === id)) await client.put(`/v1/admin/printers/${id}`, settings);
      else await client.post('/v1/admin/printers', { id, ...settings });
      const forTills: TillPrinting = { printerId: id, receiptDefault: settings.receiptDefault };
      return new StorePrinter(client, virtual, settings, forTills, since);
    } catch (error) {
      await virtual.close();
      throw error;
    }
  }

  get label(): string {
    return `virtual serial printer ${SIMULATOR_PRINTER_ID} on ${this.virtual.hostPath}`;
  }

  /** Waits (at most `timeoutMs`) until nothing of the day is queued or printing, then sums the day up. */
  async settle(tally: Tally, timeoutMs = 20_000): Promise<PrintingSummary> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const [jobs, kicks] = await Promise.all([this.jobs(), this.kicks()]);
      const busy =
        jobs.some((job) => job.state === 'queued' || job.state === 'printing') ||
        kicks.some((kick) => kick.state === 'queued');
      if (!busy || performance.now() > deadline) return this.summary(tally, jobs, kicks);
      await pause(SETTLE_POLL_MS);
    }
  }

  /** Takes the printer off the hub (disabled instead if the hub still owes jobs on it), then unplugs it. Once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.admin.delete(`/v1/admin/printers/${SIMULATOR_PRINTER_ID}`);
    } catch (error) {
      if (!(error instanceof AdminApiError && error.code === 'PRINTER_HAS_JOBS')) throw error;
      await this.admin.put(`/v1/admin/printers/${SIMULATOR_PRINTER_ID}`, { ...this.settings, enabled: false });
    } finally {
      await this.virtual.close();
    }
  }

  private summary(tally: Tally, jobs: PrintJobView[], kicks: DrawerKickView[]): PrintingSummary {
    const counts = tally.toJSON();
    const printedByKind: Record<string, number> = {};
    for (const job of jobs) if (job.state === 'printed') printedByKind[job.kind] = (printedByKind[job.kind] ?? 0) + 1;
    return {
      printer: this.label,
      receipts: {
        asked: counts[PRINT_TALLY.receiptsAsked] ?? 0,
        skippedOffline: counts[PRINT_TALLY.receiptsSkipped] ?? 0,
      },
      invoices: { asked: counts[PRINT_TALLY.invoicesAsked] ?? 0 },
      jobs: countStates(jobs, JOB_STATES),
      printedByKind,
      drawerOpenings: {
        asked: counts[PRINT_TALLY.drawerAsked] ?? 0,
        skippedOffline: counts[PRINT_TALLY.drawerSkipped] ?? 0,
        ...countStates(kicks, KICK_STATES),
      },
      bytes: { received: this.virtual.responder.received().length, printed: this.virtual.responder.printed().length },
    };
  }

  private jobs(): Promise<PrintJobView[]> {
    return this.pages<PrintJobView>(
      '/v1/admin/print-jobs',
      'jobs',
      `printerId=${SIMULATOR_PRINTER_ID}`,
      (job) => job.createdAt,
    );
  }

  private kicks(): Promise<DrawerKickView[]> {
    return this.pages<DrawerKickView>(
      '/v1/admin/drawer-kicks',
      'kicks',
      `drawerId=${SIMULATOR_PRINTER_ID}`,
      (kick) => kick.requestedAt,
    );
  }

  /** Newest first, page by page, down to the first item from before the day. */
  private async pages<T extends { id: string }>(
    path: string,
    key: string,
    filter: string,
    at: (item: T) => string,
  ): Promise<T[]> {
    const items: T[] = [];
    let before: string | null = null;
    for (;;) {
      const query: string = `${filter}&limit=${PAGE}${before ? `&before=${encodeURIComponent(before)}` : ''}`;
      const page = await this.admin.get<Record<string, unknown> & { nextBefore: string | null }>(`${path}?${query}`);
      const listed = page[key] as T[];
      const today = listed.filter((item) => at(item) >= this.since);
      items.push(...today);
      if (today.length < listed.length || !page.nextBefore) return items;
      before = page.nextBefore;
    }
  }
}

/** Every receipt the tills asked for printed once, every drawer opening sent: the printer was ready all day. */
export function checkPrinting(printing: PrintingSummary): CheckLine {
  const { jobs, receipts, invoices, drawerOpenings } = printing;
  const salesAndRefunds = (printing.printedByKind.sale ?? 0) + (printing.printedByKind.refund ?? 0);
  const invoicesPrinted = printing.printedByKind.invoice ?? 0;
  const differences = [
    ...(['queued', 'printing', 'uncertain', 'dropped'] as const)
      .filter((state) => jobs[state] > 0)
      .map((state) => `${jobs[state]} jobs ${state}`),
    ...(salesAndRefunds === receipts.asked
      ? []
      : [`tills asked for ${receipts.asked} receipts, ${salesAndRefunds} printed`]),
    ...(invoicesPrinted === invoices.asked
      ? []
      : [`tills asked for ${invoices.asked} invoices on paper, ${invoicesPrinted} printed`]),
    ...(['queued', 'dropped'] as const)
      .filter((state) => drawerOpenings[state] > 0)
      .map((state) => `${drawerOpenings[state]} drawer openings ${state}`),
    ...(drawerOpenings.sent === drawerOpenings.asked
      ? []
      : [`tills asked for ${drawerOpenings.asked} drawer openings, ${drawerOpenings.sent} sent`]),
  ];
  return verdict(
    'receipts printed and drawers opened',
    differences,
    `${salesAndRefunds} receipts, ${invoicesPrinted} invoices with their QR codes, ${drawerOpenings.sent} drawer ` +
      `openings, ${printing.bytes.received} bytes on the line`,
  );
}

function countStates<S extends string>(items: ReadonlyArray<{ state: S }>, states: readonly S[]): Record<S, number> {
  const counts = Object.fromEntries(states.map((state) => [state, 0])) as Record<S, number>;
  for (const item of items) counts[item.state] += 1;
  return counts;
}

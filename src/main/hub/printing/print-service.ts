import type { Registry } from 'prom-client';
import { canonicalJson } from '../../../shared/canonical-json.js';
import type {
  PrinterConfig,
  PrinterConnection,
  PrinterSettings,
  PrinterView,
} from '../../../shared/protocol/printing.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Notifier } from '../notifications/notifier.js';
import type { Logger } from '../observability/logger.js';
import type { ForegroundHolds } from '../scheduling/foreground-holds.js';
import { DrawerDesk } from './drawer-desk.js';
import { openPrinterLink } from './links/open-link.js';
import type { PrinterLink } from './links/printer-link.js';
import { PrintError } from './print-errors.js';
import { PrintQueue } from './print-queue.js';
import { DEFAULT_TIMING, PrinterWorker, type WorkerTiming } from './printer-worker.js';
import { announce, stamp, type ActingUser, type PrintingContext } from './printing-context.js';
import { PrintingMetrics } from './printing-metrics.js';
import type { StoreHeader } from './receipts/render-receipt.js';
import { DrawerKickStore } from './store/drawer-kick-store.js';
import { PrintJobStore } from './store/print-job-store.js';
import { PrinterStore } from './store/printer-store.js';

export interface PrintServiceOptions {
  ledger: Ledger;
  audit: AuditTrail;
  notifier: Notifier;
  registry: Registry;
  logger: Logger;
  foreground: ForegroundHolds;
  store: StoreHeader;
  timing?: Partial<WorkerTiming>;
  openLink?: (connection: PrinterConnection) => Promise<PrinterLink>;
}

/** A store has a handful of printers; the cap keeps a script from starting workers without end. */
export const MAX_PRINTERS = 32;

/**
 * Printers and what hangs off them (DESIGN §7): the printers a manager configures, one worker per printer, the print
 * queue (`queue`) and the cash drawers (`drawers`).
 */
export class PrintService {
  readonly queue: PrintQueue;
  readonly drawers: DrawerDesk;
  private readonly context: PrintingContext;
  private readonly workers = new Map<string, PrinterWorker>();
  private readonly timing: WorkerTiming;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: PrintServiceOptions) {
    const { db } = options.ledger;
    this.context = {
      ...options,
      printers: new PrinterStore(db),
      jobs: new PrintJobStore(db),
      kicks: new DrawerKickStore(db),
      worker: (printerId) => this.workers.get(printerId),
    };
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    const metrics = new PrintingMetrics(options.registry, () => this.views());
    this.queue = new PrintQueue(this.context, metrics, options.store);
    this.drawers = new DrawerDesk(this.context, metrics);
  }

  /** Jobs a stop caught mid-print become uncertain (never silently reprinted), then every printer gets its worker. */
  start(): void {
    const interrupted = this.context.jobs.markInterrupted(stamp());
    if (interrupted.length > 0) {
      this.options.logger.warn({ jobs: interrupted }, 'print jobs interrupted by the last stop are now uncertain');
    }
    this.unsubscribe = this.options.ledger.onRecord((record) => this.queue.printForRecord(record));
    for (const printer of this.context.printers.list()) this.startWorker(printer);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.workers.clear();
  }

  views(): PrinterView[] {
    return this.context.printers.views();
  }

  view(printerId: string): PrinterView {
    const view = this.views().find((printer) => printer.id === printerId);
    if (!view) throw new PrintError('UNKNOWN_PRINTER', `no printer ${printerId}`);
    return view;
  }

  async create(config: PrinterConfig, user: ActingUser): Promise<PrinterView> {
    const { printers } = this.context;
    if (printers.find(config.id)) throw new PrintError('PRINTER_EXISTS', `printer ${config.id} already exists`);
    if (printers.list().length >= MAX_PRINTERS) {
      throw new PrintError('TOO_MANY_PRINTERS', `a hub drives at most ${MAX_PRINTERS} printers`);
    }
    return this.save(config, user, 'printer.create');
  }

  async update(id: string, settings: PrinterSettings, user: ActingUser): Promise<PrinterView> {
    if (!this.context.printers.find(id)) throw new PrintError('UNKNOWN_PRINTER', `no printer ${id}`);
    return this.save({ id, ...settings }, user, 'printer.update');
  }

  async remove(id: string, user: ActingUser): Promise<void> {
    if (!this.context.printers.find(id)) throw new PrintError('UNKNOWN_PRINTER', `no printer ${id}`);
    const open = this.context.jobs.openJobs(id);
    if (open > 0) {
      throw new PrintError('PRINTER_HAS_JOBS', `printer ${id} still has ${open} queued or uncertain jobs`);
    }
    await this.stopWorker(id);
    this.drawers.dropQueued(id, 'the printer was removed');
    this.options.ledger.transaction(() => {
      this.context.printers.delete(id);
      this.options.audit.record({ actor: user.id, action: 'printer.delete', detail: { printerId: id } });
    });
    announce(this.context, id);
  }

  private async save(config: PrinterConfig, user: ActingUser, action: string): Promise<PrinterView> {
    // Two workers on one port would interleave their bytes and read each other's status answers.
    const sharing = this.context.printers
      .list()
      .find((other) => other.id !== config.id && canonicalJson(other.connection) === canonicalJson(config.connection));
    if (sharing) {
      throw new PrintError('CONNECTION_IN_USE', `printer ${sharing.id} already uses this connection`);
    }
    await this.stopWorker(config.id);
    if (!config.enabled) this.drawers.dropQueued(config.id, 'the printer was disabled');
    this.options.ledger.transaction(() => {
      this.context.printers.save(config, stamp());
      this.options.audit.record({ actor: user.id, action, detail: { printer: config } });
    });
    this.startWorker(config);
    announce(this.context, config.id);
    return this.view(config.id);
  }

  private startWorker(printer: PrinterConfig): void {
    const worker = new PrinterWorker({
      printer,
      jobs: this.context.jobs,
      kicks: this.context.kicks,
      openLink: this.options.openLink ?? openPrinterLink,
      timing: this.timing,
      logger: this.options.logger,
      events: {
        liveState: (live) => {
          this.context.printers.recordLiveState(printer.id, live, stamp());
          announce(this.context, printer.id);
        },
        kickSettled: (kick, outcome, note) => this.drawers.settled(kick, outcome, note),
        jobSettled: (jobId) => this.queue.settled(jobId),
      },
    });
    this.workers.set(printer.id, worker);
    worker.start();
  }

  private async stopWorker(id: string): Promise<void> {
    const worker = this.workers.get(id);
    this.workers.delete(id);
    await worker?.stop();
  }
}

import type { Registry } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';
import { canonicalJson } from '../../../shared/canonical-json.js';
import type {
  DrawerKickView,
  DrawerOpenRequest,
  PrinterConfig,
  PrinterConnection,
  PrinterSettings,
  PrinterView,
  PrintJobRequest,
  PrintJobView,
  Requester,
} from '../../../shared/protocol/printing.js';
import type { SaleCompletePayload, SaleRefundPayload } from '../../../shared/protocol/sales-payloads.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { StoredRecord } from '../ledger/event-log.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Logger } from '../observability/logger.js';
import type { Notifier } from '../sync/notifier.js';
import { openPrinterLink } from './links/open-link.js';
import type { PrinterLink } from './links/printer-link.js';
import { PrintError } from './print-errors.js';
import { DEFAULT_TIMING, PrinterWorker, type WorkerTiming } from './printer-worker.js';
import { PrintingMetrics } from './printing-metrics.js';
import { ReceiptDataError } from './receipts/receipt-data-error.js';
import { renderReceipt, type ReceiptRequest, type StoreHeader } from './receipts/render-receipt.js';
import { DrawerKickStore, type KickListFilter } from './store/drawer-kick-store.js';
import { PrintJobStore, type JobListFilter } from './store/print-job-store.js';
import { PrinterStore } from './store/printer-store.js';

export interface PrintServiceOptions {
  ledger: Ledger;
  audit: AuditTrail;
  notifier: Notifier;
  registry: Registry;
  logger: Logger;
  store: StoreHeader;
  timing?: Partial<WorkerTiming>;
  openLink?: (connection: PrinterConnection) => Promise<PrinterLink>;
}

/** A store has a handful of printers; the cap keeps a script from starting workers without end. */
export const MAX_PRINTERS = 32;
/** Jobs one printer may owe at once. Beyond it a till gets 429 rather than a queue that would print for hours. */
export const MAX_QUEUED_JOBS = 500;

/**
 * A sale synced later than this after it happened gets no automatic receipt: its customer has left, and a till back
 * from an outage would otherwise spill a stack of stale receipts. The till can still ask with `POST /v1/print-jobs`.
 */
export const AUTO_RECEIPT_MAX_AGE_MS = 15 * 60_000;

/** An admin user acting from the back office. */
export interface ActingUser {
  id: string;
  name: string;
}

/**
 * Printers, their queues and drawers (DESIGN §7): keeps one worker per configured printer, takes print jobs and
 * drawer openings from devices, managers and the ledger (sales that ask for their receipt), and writes the audit.
 */
export class PrintService {
  readonly printers: PrinterStore;
  private readonly jobs: PrintJobStore;
  private readonly kicks: DrawerKickStore;
  private readonly workers = new Map<string, PrinterWorker>();
  private readonly metrics: PrintingMetrics;
  private readonly timing: WorkerTiming;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: PrintServiceOptions) {
    const { db } = options.ledger;
    this.printers = new PrinterStore(db);
    this.jobs = new PrintJobStore(db);
    this.kicks = new DrawerKickStore(db);
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.metrics = new PrintingMetrics(options.registry, () => this.views());
  }

  /** Jobs a stop caught mid-print become uncertain (never silently reprinted), then every printer gets its worker. */
  start(): void {
    const interrupted = this.jobs.markInterrupted(this.stamp());
    if (interrupted.length > 0) {
      this.options.logger.warn({ jobs: interrupted }, 'print jobs interrupted by the last stop are now uncertain');
    }
    this.unsubscribe = this.options.ledger.onRecord((record) => this.printForRecord(record));
    for (const printer of this.printers.list()) this.startWorker(printer);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.workers.clear();
  }

  views(): PrinterView[] {
    return this.printers.views();
  }

  view(printerId: string): PrinterView {
    const view = this.views().find((printer) => printer.id === printerId);
    if (!view) throw new PrintError('UNKNOWN_PRINTER', `no printer ${printerId}`);
    return view;
  }

  async create(config: PrinterConfig, user: ActingUser): Promise<PrinterView> {
    if (this.printers.find(config.id)) throw new PrintError('PRINTER_EXISTS', `printer ${config.id} already exists`);
    if (this.printers.list().length >= MAX_PRINTERS) {
      throw new PrintError('TOO_MANY_PRINTERS', `a hub drives at most ${MAX_PRINTERS} printers`);
    }
    return this.save(config, user, 'printer.create');
  }

  async update(id: string, settings: PrinterSettings, user: ActingUser): Promise<PrinterView> {
    if (!this.printers.find(id)) throw new PrintError('UNKNOWN_PRINTER', `no printer ${id}`);
    return this.save({ id, ...settings }, user, 'printer.update');
  }

  async remove(id: string, user: ActingUser): Promise<void> {
    if (!this.printers.find(id)) throw new PrintError('UNKNOWN_PRINTER', `no printer ${id}`);
    const open = this.jobs.openJobs(id);
    if (open > 0) {
      throw new PrintError('PRINTER_HAS_JOBS', `printer ${id} still has ${open} queued or uncertain jobs`);
    }
    await this.stopWorker(id);
    this.options.ledger.transaction(() => {
      this.printers.delete(id);
      this.options.audit.record({ actor: user.id, action: 'printer.delete', detail: { printerId: id } });
    });
    this.changed(id);
  }

  /** Idempotent on (requester, clientKey): the same request returns its job; a different one is refused. */
  submit(request: PrintJobRequest, requester: Requester): { job: PrintJobView; replayed: boolean } {
    const { clientKey, printerId: asked, ...receipt } = request;
    const canonical = canonicalJson(request);
    return this.options.ledger.transaction(() => {
      const existing = this.jobs.byClientKey(requester, clientKey);
      if (existing) {
        if (existing.request !== canonical) {
          throw new PrintError('IDEMPOTENCY_MISMATCH', `client key ${clientKey} was used for a different print job`);
        }
        const { request: _request, ...job } = existing;
        return { job: this.withWaiting(job), replayed: true };
      }
      const printer = this.printerFor(asked);
      const job = this.enqueue(printer, receipt, requester, clientKey, canonical);
      return { job, replayed: false };
    });
  }

  testPrint(printerId: string, user: ActingUser): PrintJobView {
    return this.printAsUser({ printerId, kind: 'test' }, user, 'printer.test_print');
  }

  /** A receipt or report a manager asked for from the back office; every ask is its own job, audited. */
  printAsUser(
    request: ReceiptRequest & { printerId?: string | undefined },
    user: ActingUser,
    action = 'print.request',
  ): PrintJobView {
    const { printerId, ...receipt } = request;
    const printer = this.printerFor(printerId);
    return this.options.ledger.transaction(() => {
      const key = `admin:${uuidv7()}`;
      const job = this.enqueue(
        printer,
        receipt,
        { type: 'user', id: user.name },
        key,
        canonicalJson({ ...request, key }),
      );
      this.options.audit.record({
        actor: user.id,
        action,
        detail: { printerId: printer.id, jobId: job.id, ...receipt },
      });
      return job;
    });
  }

  job(id: string): PrintJobView {
    const job = this.jobs.view(id);
    if (!job) throw new PrintError('UNKNOWN_PRINT_JOB', `no print job ${id}`);
    return this.withWaiting(job);
  }

  listJobs(filter: JobListFilter): PrintJobView[] {
    return this.jobs.list(filter, (printerId) => this.workers.get(printerId)?.waitingFor ?? null);
  }

  /** A manager decided an uncertain receipt did not reach paper: it goes back into its queue, once. */
  reprint(jobId: string, user: ActingUser): PrintJobView {
    const job = this.job(jobId);
    this.options.ledger.transaction(() => {
      if (!this.jobs.transition(jobId, ['uncertain'], 'queued', this.stamp(), { note: null })) {
        throw new PrintError('JOB_NOT_UNCERTAIN', `job ${jobId} is ${job.state}: only uncertain jobs are reprinted`);
      }
      this.options.audit.record({
        actor: user.id,
        action: 'print.reprint',
        detail: { jobId, printerId: job.printerId, kind: job.kind, saleId: job.saleId, previousNote: job.note },
      });
    });
    this.changed(job.printerId);
    this.workers.get(job.printerId)?.wake();
    const requeued = this.job(jobId);
    this.tellDevice(requeued);
    return requeued;
  }

  drop(jobId: string, user: ActingUser, reason: string | undefined): PrintJobView {
    const job = this.job(jobId);
    const note = `dropped by ${user.name}${reason ? `: ${reason}` : ''}`;
    this.options.ledger.transaction(() => {
      if (!this.jobs.transition(jobId, ['queued', 'uncertain'], 'dropped', this.stamp(), { note })) {
        throw new PrintError('JOB_NOT_DROPPABLE', `job ${jobId} is ${job.state}: only queued or uncertain jobs drop`);
      }
      this.options.audit.record({
        actor: user.id,
        action: 'print.drop',
        detail: { jobId, printerId: job.printerId, kind: job.kind, saleId: job.saleId, was: job.state, reason },
      });
    });
    this.changed(job.printerId);
    const dropped = this.job(jobId);
    this.tellDevice(dropped);
    return dropped;
  }

  /** Queues a drawer pulse; the request itself is audited at once, its sending or dropping when it happens. */
  openDrawer(drawerId: string, request: DrawerOpenRequest, requester: Requester): DrawerKickView {
    const printer = this.printers.find(drawerId);
    if (!printer) throw new PrintError('UNKNOWN_DRAWER', `no drawer ${drawerId}`);
    if (!printer.drawer) throw new PrintError('DRAWER_NOT_WIRED', `printer ${drawerId} has no drawer wired to it`);
    if (!printer.enabled) throw new PrintError('PRINTER_DISABLED', `printer ${drawerId} is disabled`);
    const kick = this.options.ledger.transaction(() => {
      const kick = this.kicks.insert({ drawerId, requester, ...request }, this.stamp());
      this.options.audit.record({
        actor: actorOf(requester),
        action: 'drawer.open_requested',
        detail: { kickId: kick.id, drawerId, reason: kick.reason, saleId: kick.saleId, cashierId: kick.cashierId },
      });
      return kick;
    });
    this.workers.get(drawerId)?.wake();
    this.changed(drawerId);
    return kick;
  }

  kick(id: string): DrawerKickView | undefined {
    return this.kicks.view(id);
  }

  listKicks(filter: KickListFilter): DrawerKickView[] {
    return this.kicks.list(filter);
  }

  private async save(config: PrinterConfig, user: ActingUser, action: string): Promise<PrinterView> {
    // Two workers on one port would interleave their bytes and read each other's status answers.
    const sharing = this.printers
      .list()
      .find((other) => other.id !== config.id && canonicalJson(other.connection) === canonicalJson(config.connection));
    if (sharing) {
      throw new PrintError('CONNECTION_IN_USE', `printer ${sharing.id} already uses this connection`);
    }
    await this.stopWorker(config.id);
    this.options.ledger.transaction(() => {
      this.printers.save(config, this.stamp());
      this.options.audit.record({ actor: user.id, action, detail: { printer: config } });
    });
    this.startWorker(config);
    this.changed(config.id);
    return this.view(config.id);
  }

  private printerFor(printerId: string | undefined): PrinterConfig {
    const printer = printerId ? this.printers.find(printerId) : this.printers.receiptDefault();
    if (!printer) {
      throw printerId
        ? new PrintError('UNKNOWN_PRINTER', `no printer ${printerId}`)
        : new PrintError('NO_RECEIPT_PRINTER', 'no printer named and no default receipt printer is set');
    }
    if (!printer.enabled) throw new PrintError('PRINTER_DISABLED', `printer ${printer.id} is disabled`);
    return printer;
  }

  /** Renders now, from the ledger as it stands, and stores the bytes: a reprint prints exactly the same receipt. */
  private enqueue(
    printer: PrinterConfig,
    receipt: ReceiptRequest,
    requester: Requester,
    clientKey: string,
    canonical: string,
  ): PrintJobView {
    if (this.jobs.openJobs(printer.id) >= MAX_QUEUED_JOBS) {
      throw new PrintError('QUEUE_FULL', `printer ${printer.id} already owes ${MAX_QUEUED_JOBS} jobs`);
    }
    let bytes: Buffer;
    try {
      bytes = renderReceipt(this.options.ledger.db, receipt, printer, this.options.store);
    } catch (error) {
      if (error instanceof ReceiptDataError) throw new PrintError(error.code, error.message);
      throw error;
    }
    const job = this.jobs.insert(
      {
        printerId: printer.id,
        requester,
        clientKey,
        request: canonical,
        kind: receipt.kind,
        saleId: receipt.saleId,
        bytes,
      },
      this.stamp(),
    );
    // The worker reads the queue after this transaction commits; waking it early only makes it look sooner.
    setImmediate(() => {
      this.workers.get(printer.id)?.wake();
      this.changed(printer.id);
    });
    return this.withWaiting(job);
  }

  /**
   * A sale or refund that asked for its receipt gets it queued in the transaction that records it. A failure here
   * never costs the sale: it is logged, and the till can still ask through `POST /v1/print-jobs`.
   */
  private printForRecord(record: StoredRecord): void {
    if (record.status !== 'accepted' || !record.event.deviceId) return;
    const type = record.event.type;
    if (type !== 'sale.complete' && type !== 'sale.refund') return;
    const payload = record.event.payload as unknown as SaleCompletePayload | SaleRefundPayload;
    if (!payload.printReceipt) return;
    const lateMs = Date.parse(record.recordedAt) - Date.parse(record.event.occurredAt);
    if (lateMs > AUTO_RECEIPT_MAX_AGE_MS) {
      this.options.logger.info(
        { eventId: record.event.id, saleId: payload.saleId, lateMs },
        'no automatic receipt for a sale that reached the hub long after it happened',
      );
      return;
    }
    const receipt: ReceiptRequest =
      type === 'sale.complete'
        ? { kind: 'sale', saleId: payload.saleId }
        : { kind: 'refund', saleId: payload.saleId, refundId: (payload as SaleRefundPayload).refundId };
    const clientKey = `auto:${type}:${record.event.id}`;
    try {
      const printer = this.printerFor(payload.receiptPrinterId);
      this.options.ledger.db.transaction(() =>
        this.enqueue(
          printer,
          receipt,
          { type: 'device', id: record.event.deviceId! },
          clientKey,
          canonicalJson({ ...receipt, clientKey, printerId: printer.id }),
        ),
      )();
    } catch (error) {
      this.options.logger.warn(
        { err: error, eventId: record.event.id, saleId: payload.saleId },
        'the receipt this sale asked for was not queued',
      );
    }
  }

  private startWorker(printer: PrinterConfig): void {
    const worker = new PrinterWorker({
      printer,
      jobs: this.jobs,
      kicks: this.kicks,
      openLink: this.options.openLink ?? openPrinterLink,
      timing: this.timing,
      logger: this.options.logger,
      events: {
        liveState: (live) => {
          this.printers.recordLiveState(printer.id, live, this.stamp());
          this.changed(printer.id);
        },
        kickSettled: (kick, outcome, note) => {
          const now = new Date();
          this.metrics.kickSettled(kick.drawerId, outcome, kick.requestedAt, now);
          this.options.audit.record({
            actor: 'system',
            action: outcome === 'sent' ? 'drawer.opened' : 'drawer.kick_dropped',
            detail: {
              kickId: kick.id,
              drawerId: kick.drawerId,
              reason: kick.reason,
              saleId: kick.saleId,
              cashierId: kick.cashierId,
              requestedBy: kick.requestedBy,
              requestedAt: kick.requestedAt,
              ...(note ? { note } : {}),
            },
          });
          this.changed(printer.id);
        },
        jobSettled: (jobId) => {
          const job = this.jobs.view(jobId);
          if (job?.state === 'printed' || job?.state === 'uncertain') {
            this.metrics.jobSettled(printer.id, job.state);
            this.tellDevice(job);
          }
          this.changed(printer.id);
        },
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

  /** The till that asked hears on its stream what became of its receipt. */
  private tellDevice(job: PrintJobView): void {
    if (job.requestedBy.type !== 'device') return;
    this.options.notifier.publish({
      type: 'print_job',
      deviceId: job.requestedBy.id,
      jobId: job.id,
      saleId: job.saleId,
      state: job.state,
      note: job.note,
    });
  }

  private withWaiting(job: PrintJobView): PrintJobView {
    return job.state === 'queued' ? { ...job, waitingFor: this.workers.get(job.printerId)?.waitingFor ?? null } : job;
  }

  private changed(printerId: string): void {
    this.options.notifier.publish({ type: 'hardware', printerId });
  }

  private stamp(): string {
    return new Date().toISOString();
  }
}

/** Users are named by name in the drawer log (it is read by people); the audit keeps the same label. */
function actorOf(requester: Requester): string {
  return `${requester.type}:${requester.id}`;
}

import { uuidv7 } from '../uuid-v7.js';
import { canonicalJson } from '../../../shared/canonical-json.js';
import type { PrinterConfig, PrintJobRequest, PrintJobView, Requester } from '../../../shared/protocol/printing.js';
import type { StoredRecord } from '../ledger/event-log.js';
import { autoReceiptFor } from './auto-receipts.js';
import { PrintError } from './print-errors.js';
import { announce, stamp, type ActingUser, type PrintingContext } from './printing-context.js';
import type { PrintingMetrics } from './printing-metrics.js';
import { ReceiptDataError } from './receipts/receipt-data-error.js';
import { renderReceipt, type ReceiptRequest, type StoreHeader } from './receipts/render-receipt.js';
import type { JobListFilter } from './store/print-job-store.js';

/** Jobs one printer may owe at once. Beyond it a till gets 429 rather than a queue that would print for hours. */
export const MAX_QUEUED_JOBS = 500;

/**
 * The print jobs of every printer (DESIGN §7): taken from devices (idempotent on their client key), from managers and
 * from the ledger (sales that ask for their receipt), rendered from the ledger when taken, and decided by a manager
 * when a worker left them uncertain. The till that asked hears on its stream what became of its receipt.
 */
export class PrintQueue {
  constructor(
    private readonly context: PrintingContext,
    private readonly metrics: PrintingMetrics,
    private readonly store: StoreHeader,
  ) {}

  /** Idempotent on (requester, clientKey): the same request returns its job; a different one is refused. */
  submit(request: PrintJobRequest, requester: Requester): { job: PrintJobView; replayed: boolean } {
    const { clientKey, printerId: asked, ...receipt } = request;
    const canonical = canonicalJson(request);
    return this.context.ledger.transaction(() => {
      const existing = this.context.jobs.byClientKey(requester, clientKey);
      if (existing) {
        if (existing.request !== canonical) {
          throw new PrintError('IDEMPOTENCY_MISMATCH', `client key ${clientKey} was used for a different print job`);
        }
        const { request: _request, ...job } = existing;
        return { job: this.withWaiting(job), replayed: true };
      }
      const job = this.enqueue(this.printerFor(asked), receipt, requester, clientKey, canonical);
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
    return this.context.ledger.transaction(() => {
      const key = `admin:${uuidv7()}`;
      const requester: Requester = { type: 'user', id: user.name };
      const job = this.enqueue(printer, receipt, requester, key, canonicalJson({ ...request, key }));
      this.context.audit.record({
        actor: user.id,
        action,
        detail: { printerId: printer.id, jobId: job.id, ...receipt },
      });
      return job;
    });
  }

  job(id: string): PrintJobView {
    const job = this.context.jobs.view(id);
    if (!job) throw new PrintError('UNKNOWN_PRINT_JOB', `no print job ${id}`);
    return this.withWaiting(job);
  }

  list(filter: JobListFilter): PrintJobView[] {
    return this.context.jobs.list(filter, (printerId) => this.context.worker(printerId)?.waitingFor ?? null);
  }

  /** A manager decided an uncertain receipt did not reach paper: it goes back into its queue, once. */
  reprint(jobId: string, user: ActingUser): PrintJobView {
    const job = this.job(jobId);
    this.context.ledger.transaction(() => {
      if (!this.context.jobs.transition(jobId, ['uncertain'], 'queued', stamp(), { note: null })) {
        throw new PrintError('JOB_NOT_UNCERTAIN', `job ${jobId} is ${job.state}: only uncertain jobs are reprinted`);
      }
      this.context.audit.record({
        actor: user.id,
        action: 'print.reprint',
        detail: { jobId, printerId: job.printerId, kind: job.kind, saleId: job.saleId, previousNote: job.note },
      });
    });
    this.context.worker(job.printerId)?.wake();
    return this.changed(jobId);
  }

  drop(jobId: string, user: ActingUser, reason: string | undefined): PrintJobView {
    const job = this.job(jobId);
    const note = `dropped by ${user.name}${reason ? `: ${reason}` : ''}`;
    this.context.ledger.transaction(() => {
      if (!this.context.jobs.transition(jobId, ['queued', 'uncertain'], 'dropped', stamp(), { note })) {
        throw new PrintError('JOB_NOT_DROPPABLE', `job ${jobId} is ${job.state}: only queued or uncertain jobs drop`);
      }
      this.context.audit.record({
        actor: user.id,
        action: 'print.drop',
        detail: { jobId, printerId: job.printerId, kind: job.kind, saleId: job.saleId, was: job.state, reason },
      });
    });
    return this.changed(jobId);
  }

  /** A worker moved a job (printing, printed, uncertain). */
  settled(jobId: string): void {
    const job = this.context.jobs.view(jobId);
    if (!job) return;
    if (job.state === 'printed' || job.state === 'uncertain') {
      this.metrics.jobSettled(job.printerId, job.state);
      this.tellDevice(job);
    }
    announce(this.context, job.printerId);
  }

  /**
   * A sale or refund that asked for its receipt, or an invoice a till asked printed, gets it queued in the transaction
   * that records it. A failure here never costs the sale or the invoice: it is logged, and the till can still ask
   * through `POST /v1/print-jobs`. An offline invoice's KOD II is signed by invoicing's own record listener, which
   * the hub registers before this one, so the printout renders with it.
   */
  printForRecord(record: StoredRecord): void {
    const auto = autoReceiptFor(record);
    if (!auto) return;
    if (!auto.print) {
      this.context.logger.info(auto, 'no automatic printout for an event that reached the hub long after it happened');
      return;
    }
    const { receipt, clientKey } = auto;
    try {
      const printer = this.printerFor(auto.printerId);
      const canonical = canonicalJson({ ...receipt, clientKey, printerId: printer.id });
      // A savepoint: a printout that cannot be queued rolls back alone, never the sale or invoice around it.
      this.context.ledger.db.transaction(() =>
        this.enqueue(printer, receipt, { type: 'device', id: auto.deviceId }, clientKey, canonical),
      )();
    } catch (error) {
      this.context.logger.warn(
        { err: error, eventId: record.event.id, kind: receipt.kind, saleId: receipt.saleId },
        'the printout this event asked for was not queued',
      );
    }
  }

  private printerFor(printerId: string | undefined): PrinterConfig {
    const { printers } = this.context;
    const printer = printerId ? printers.find(printerId) : printers.receiptDefault();
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
    const { jobs, ledger } = this.context;
    if (jobs.openJobs(printer.id) >= MAX_QUEUED_JOBS) {
      throw new PrintError('QUEUE_FULL', `printer ${printer.id} already owes ${MAX_QUEUED_JOBS} jobs`);
    }
    let bytes: Buffer;
    try {
      bytes = renderReceipt(ledger.db, receipt, printer, this.store);
    } catch (error) {
      if (error instanceof ReceiptDataError) throw new PrintError(error.code, error.message);
      throw error;
    }
    const job = jobs.insert(
      {
        printerId: printer.id,
        requester,
        clientKey,
        request: canonical,
        kind: receipt.kind,
        saleId: receipt.saleId,
        bytes,
      },
      stamp(),
    );
    // The worker reads the queue after this transaction commits; waking it early only makes it look sooner.
    setImmediate(() => {
      this.context.worker(printer.id)?.wake();
      announce(this.context, printer.id);
    });
    return this.withWaiting(job);
  }

  /** After a manager's decision: the screens and the till that asked are told, and the job is returned as it is. */
  private changed(jobId: string): PrintJobView {
    const job = this.job(jobId);
    announce(this.context, job.printerId);
    this.tellDevice(job);
    return job;
  }

  /** The till that asked hears on its stream what became of its receipt. */
  private tellDevice(job: PrintJobView): void {
    if (job.requestedBy.type !== 'device') return;
    this.context.notifier.publish({
      type: 'print_job',
      deviceId: job.requestedBy.id,
      jobId: job.id,
      saleId: job.saleId,
      state: job.state,
      note: job.note,
    });
  }

  private withWaiting(job: PrintJobView): PrintJobView {
    if (job.state !== 'queued') return job;
    return { ...job, waitingFor: this.context.worker(job.printerId)?.waitingFor ?? null };
  }
}

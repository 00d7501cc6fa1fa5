import type { Database } from 'better-sqlite3';
import type { InvoiceMode } from '../../../../shared/protocol/invoice-views.js';
import { ksefStatus } from '../../invoicing/decide-invoice-request.js';
import { deadlineOf } from '../../invoicing/invoice-reads.js';
import type { Clock } from '../../upstream/clock/clock.js';
import {
  checkUpo,
  type InvoiceStatusView,
  type InvoiceToSend,
  type KsefClient,
} from '../../upstream/ksef/ksef-client.js';
import { isValidKsefNumber } from '../../upstream/ksef/ksef-number.js';
import type { UpstreamJob } from '../../upstream/outbox/upstream-job.js';
import type { Connector, JobOutcome } from '../../upstream/workers/connector.js';
import { UpstreamError } from '../../upstream/workers/upstream-error.js';
import { KSEF_CONNECTOR, parseKsefJob, type KsefJobResult } from './ksef-jobs.js';
import { IN_PROGRESS_CODES, type Submission, type SubmissionStore } from './ksef-submissions.js';
import { planSends, type SendPolicy } from './send-plan.js';

export interface KsefConnectorOptions {
  db: Database;
  /** A client for the seller and token set up now; null while either is missing. */
  client: () => KsefClient | null;
  submissions: SubmissionStore;
  clock: Clock;
  timeZone: () => string;
  policy: () => SendPolicy;
  /** How long one perform waits for KSeF to number what it sent before handing the jobs back to the queue. */
  monitorBudgetMs: number;
  /** Most invoices claimed at once: one KSeF session's limit (research §10). */
  batchLimit?: number | undefined;
}

interface InvoiceToForward {
  job: UpstreamJob;
  invoiceId: string;
  number: string;
  mode: InvoiceMode;
  xml: string;
  sha256: string;
  correctedHash: string | null;
  dueAt: string | null;
  submission?: Submission;
}

interface InvoiceRow {
  invoice_id: string;
  number: string;
  mode: InvoiceMode;
  status: string;
  issue_date: string;
  xml: string;
  sha256: string;
  corrected_hash: string | null;
  correction_of: string | null;
  ksef_number: string | null;
}

const OFFLINE_MODES: ReadonlySet<InvoiceMode> = new Set(['offline24', 'offline', 'awaryjny']);
const POLL_FIRST_MS = 500;
const POLL_MAX_MS = 15_000;
/** UPO links are not rate-limited (research §10); a few at once keeps a big batch's drain short. */
const UPO_DOWNLOADS = 8;

const ok = (result: KsefJobResult): JobOutcome => ({ ok: true, result });
const failed = (error: unknown): JobOutcome => ({ ok: false, error });

/**
 * The KSeF connector (issue 10, research §4–§6, §9): takes every due invoice at once, sends the few by interactive
 * session and a backlog by batch session, then watches KSeF until each is numbered or refused and brings back its
 * number and UPO. Each send is written down the moment KSeF acknowledges it (SubmissionStore), so an attempt cut
 * short — a crash, a timeout, KSeF still processing — looks the invoice up where it was sent instead of sending it
 * twice; and a send whose acknowledgement was lost comes back from KSeF as a duplicate (440) that is reconciled with
 * the original number, never sent again.
 */
export class KsefConnector implements Connector {
  readonly name = KSEF_CONNECTOR;
  readonly batchLimit: number;

  constructor(private readonly options: KsefConnectorOptions) {
    this.batchLimit = options.batchLimit ?? 10_000;
  }

  perform(job: UpstreamJob, signal: AbortSignal): Promise<unknown> {
    return this.performMany([job], signal).then((outcomes) => {
      const outcome = outcomes.get(job.id)!;
      if (!outcome.ok) throw outcome.error;
      return outcome.result;
    });
  }

  async performMany(
    jobs: UpstreamJob[],
    signal: AbortSignal,
    report: (jobId: string, outcome: JobOutcome) => void = () => undefined,
  ): Promise<Map<string, JobOutcome>> {
    const client = this.options.client();
    if (!client) throw new UpstreamError('not_ready', 'KSeF sending is not set up (seller and KSeF token)');
    const outcomes = new Map<string, JobOutcome>();
    const due: InvoiceToForward[] = [];
    for (const job of jobs) {
      const prepared = this.prepare(job);
      if ('ok' in prepared) outcomes.set(job.id, prepared);
      else due.push(prepared);
    }
    for (const invoice of due) {
      const submission = this.options.submissions.open(invoice.invoiceId, invoice.sha256);
      if (submission) invoice.submission = submission;
    }
    await this.send(
      client,
      due.filter((invoice) => !invoice.submission),
      outcomes,
      signal,
    );
    await this.watch(
      client,
      due.filter((invoice) => invoice.submission && !outcomes.has(invoice.job.id)),
      (invoice, outcome) => {
        outcomes.set(invoice.job.id, outcome);
        report(invoice.job.id, outcome);
      },
      signal,
    );
    return outcomes;
  }

  /** The invoice a job sends, as it stands now; or the job's outcome when there is nothing (more) to send. */
  private prepare(job: UpstreamJob): InvoiceToForward | JobOutcome {
    let payload;
    try {
      payload = parseKsefJob(job.kind, job.payload);
    } catch (error) {
      return failed(error);
    }
    const { db } = this.options;
    const row = db
      .prepare<[string], InvoiceRow>(
        `SELECT invoice_id, number, mode, status, issue_date, xml, sha256, corrected_hash, correction_of, ksef_number
         FROM invoices WHERE invoice_id = ?`,
      )
      .get(payload.invoiceId);
    if (!row) return failed(new UpstreamError('validation', `no invoice ${payload.invoiceId}`));
    if (row.ksef_number) return ok({ outcome: 'settled', reason: `numbered ${row.ksef_number} already` });
    if (row.sha256 !== payload.sha256) return ok({ outcome: 'settled', reason: 'a correction replaced these bytes' });
    if (row.status !== 'awaiting_send') return ok({ outcome: 'settled', reason: `the invoice is ${row.status}` });
    if (row.correction_of) {
      const original = db
        .prepare<[string], { number: string; ksef_number: string | null }>(
          'SELECT number, ksef_number FROM invoices WHERE invoice_id = ?',
        )
        .get(row.correction_of)!;
      // Research §7: a correcting invoice may go to KSeF only once the invoice it corrects has its KSeF number.
      if (!original.ksef_number) {
        return failed(new UpstreamError('not_ready', `waiting for ${original.number} to get its KSeF number first`));
      }
    }
    const { announcements } = ksefStatus(db);
    const deadline = deadlineOf({ ...row, status: 'awaiting_send' }, announcements, this.options.timeZone());
    return {
      job,
      invoiceId: row.invoice_id,
      number: row.number,
      mode: row.mode,
      xml: row.xml,
      sha256: row.sha256,
      correctedHash: row.corrected_hash,
      dueAt: deadline.kind === 'due' ? deadline.dueAt : null,
    };
  }

  private async send(
    client: KsefClient,
    invoices: InvoiceToForward[],
    outcomes: Map<string, JobOutcome>,
    signal: AbortSignal,
  ): Promise<void> {
    if (invoices.length === 0) return;
    const byId = new Map(invoices.map((invoice) => [invoice.invoiceId, invoice]));
    const now = this.options.clock.now();
    const plan = planSends(
      invoices.map((invoice) => ({
        id: invoice.invoiceId,
        offline: OFFLINE_MODES.has(invoice.mode),
        correction: invoice.correctedHash !== null,
        dueAt: invoice.dueAt,
      })),
      this.options.policy(),
      now,
      this.options.timeZone(),
    );
    const sentAt = now.toISOString();
    if (plan.batch.length > 0 && plan.batchAt) {
      const wait = new UpstreamError('not_ready', `a backlog of ${plan.batch.length} waits for the night window`, {
        retryAfter: String(Math.ceil((plan.batchAt.getTime() - now.getTime()) / 1000)),
      });
      for (const id of plan.batch) outcomes.set(byId.get(id)!.job.id, failed(wait));
    } else if (plan.batch.length > 0) {
      const batch = plan.batch.map((id) => byId.get(id)!);
      const { sessionRef } = await client.sendBatch(batch.map(toSend), {
        signal,
        offlineMode: true,
        onOpened: (ref) =>
          this.options.submissions.recordAll(
            batch.map((invoice) => ({
              invoiceId: invoice.invoiceId,
              sha256: invoice.sha256,
              sessionRef: ref,
              invoiceRef: null,
              kind: 'batch',
              sentAt,
            })),
          ),
      });
      for (const invoice of batch) {
        invoice.submission = { ...submissionOf(invoice, sessionRef, null, sentAt), kind: 'batch' };
      }
    }
    if (plan.interactive.length === 0) return;
    const interactive = plan.interactive.map((id) => byId.get(id)!);
    const results = await client.sendInteractive(interactive.map(toSend), {
      signal,
      onSent: (sent) => {
        const invoice = byId.get(sent.id)!;
        invoice.submission = submissionOf(invoice, sent.sessionRef, sent.invoiceRef, sentAt);
        this.options.submissions.record(invoice.submission);
      },
    });
    for (const invoice of interactive) {
      const result = results.get(invoice.invoiceId);
      if (result instanceof Error) outcomes.set(invoice.job.id, failed(result));
    }
  }

  /**
   * Polls each session KSeF has these invoices in, with a growing pause, until every one has a final status or the
   * budget is spent; what is still processing then goes back to the queue and is looked up again next time.
   */
  private async watch(
    client: KsefClient,
    invoices: InvoiceToForward[],
    settle: (invoice: InvoiceToForward, outcome: JobOutcome) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const { clock } = this.options;
    const giveUpAt = clock.now().getTime() + this.options.monitorBudgetMs;
    const done = new Set<InvoiceToForward>();
    const finish = (invoice: InvoiceToForward, outcome: JobOutcome) => {
      done.add(invoice);
      settle(invoice, outcome);
    };
    let waiting = invoices;
    for (let pause = POLL_FIRST_MS; waiting.length > 0; pause = Math.min(POLL_MAX_MS, pause * 2)) {
      for (const [sessionRef, sent] of bySession(waiting)) {
        const statuses = await client.sessionInvoices(sessionRef, signal);
        const missing: InvoiceToForward[] = [];
        const final: Array<[InvoiceToForward, InvoiceStatusView]> = [];
        for (const invoice of sent) {
          const status = statusOf(invoice, statuses);
          if (!status) missing.push(invoice);
          else if (!IN_PROGRESS_CODES.has(status.status.code)) final.push([invoice, status]);
        }
        // Each is recorded as soon as its UPO is in: a big batch shows progress, and a crash loses little.
        await inParallel(final, UPO_DOWNLOADS, async ([invoice, status]) =>
          finish(invoice, await this.settleStatus(client, invoice, status, signal)),
        );
        if (missing.length > 0) await this.missingFrom(client, sessionRef, missing, finish, signal);
      }
      waiting = waiting.filter((invoice) => !done.has(invoice));
      if (waiting.length === 0) return;
      if (clock.now().getTime() + pause > giveUpAt) break;
      await sleep(clock, pause, signal);
    }
    const still = new UpstreamError('not_ready', 'KSeF is still processing the invoice; it is looked up again');
    for (const invoice of waiting) finish(invoice, failed(still));
  }

  /**
   * Invoices sent but not listed in their session: a batch KSeF has not unpacked yet waits; a session that ended
   * without them (a batch never closed because the hub died mid-upload, one KSeF cancelled) means they were never
   * received, so they are sent again — a copy that did arrive comes back as a 440 duplicate, never a second number.
   */
  private async missingFrom(
    client: KsefClient,
    sessionRef: string,
    missing: InvoiceToForward[],
    finish: (invoice: InvoiceToForward, outcome: JobOutcome) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const session = await client.sessionStatus(sessionRef, signal);
    // A batch is watched only after its upload closed it, so one still "started" is a close that never happened.
    const abandoned = session.code === 100 && missing[0]!.submission!.kind === 'batch';
    if (session.code < 200 && !abandoned) return;
    // KSeF cancels a batch never closed once its upload time runs out (440): the send is over either way.
    const code = abandoned ? 440 : session.code;
    for (const invoice of missing) {
      this.options.submissions.setCode(invoice.submission!, code);
      finish(
        invoice,
        failed(new UpstreamError('server', `KSeF session ${sessionRef} ended (${code}) without it; sent again`)),
      );
    }
  }

  private async settleStatus(
    client: KsefClient,
    invoice: InvoiceToForward,
    status: InvoiceStatusView,
    signal: AbortSignal,
  ): Promise<JobOutcome> {
    const { code } = status.status;
    const submission = invoice.submission!;
    if (code === 200) return this.numbered(client, invoice, status, submission.sessionRef, false, signal);
    this.options.submissions.setCode(submission, code);
    if (code === 550) {
      return failed(new UpstreamError('server', 'KSeF cancelled processing the invoice (550); it is sent again'));
    }
    const originalSession = status.status.extensions?.['originalSessionReferenceNumber'];
    if (code === 440 && originalSession) {
      const original = await this.original(client, originalSession, status, signal);
      if (original?.invoiceHash === invoice.sha256) {
        return this.numbered(client, invoice, original, originalSession, true, signal);
      }
    }
    return ok({
      outcome: 'rejected',
      rejected: {
        invoiceId: invoice.invoiceId,
        invoiceHash: invoice.sha256,
        sessionRef: submission.sessionRef,
        invoiceRef: status.referenceNumber,
        code,
        description: status.status.description.slice(0, 1000),
        details: status.status.details.slice(0, 20).map((detail) => detail.slice(0, 1000)),
      },
    });
  }

  /** The invoice a 440 names as the original, as its own session lists it. */
  private async original(
    client: KsefClient,
    sessionRef: string,
    duplicate: InvoiceStatusView,
    signal: AbortSignal,
  ): Promise<InvoiceStatusView | undefined> {
    const ksefNumber = duplicate.status.extensions?.['originalKsefNumber'];
    if (!ksefNumber) return undefined;
    const listed = await client.sessionInvoices(sessionRef, signal);
    return listed.find((status) => status.ksefNumber === ksefNumber && status.status.code === 200);
  }

  private async numbered(
    client: KsefClient,
    invoice: InvoiceToForward,
    status: InvoiceStatusView,
    sessionRef: string,
    reconciled: boolean,
    signal: AbortSignal,
  ): Promise<JobOutcome> {
    const { ksefNumber } = status;
    if (!ksefNumber || !isValidKsefNumber(ksefNumber)) {
      return failed(new UpstreamError('server', `KSeF reported a malformed KSeF number: ${String(ksefNumber)}`));
    }
    const upo = await this.upo(client, { ...status, ksefNumber }, sessionRef, signal);
    const check = checkUpo(upo, { ksefNumber, invoiceHash: invoice.sha256, invoiceNumber: invoice.number });
    // The send is marked numbered with the ledger fact (KsefForwarding.settle), never before: a hub killed in between
    // looks the number up again instead of sending the invoice a second time.
    return ok({
      outcome: 'numbered',
      numbered: {
        invoiceId: invoice.invoiceId,
        invoiceHash: invoice.sha256,
        ksefNumber,
        invoicingMode: status.invoicingMode ?? (OFFLINE_MODES.has(invoice.mode) ? 'Offline' : 'Online'),
        acquisitionDate: status.acquisitionDate ?? this.options.clock.now().toISOString(),
        sessionRef,
        invoiceRef: status.referenceNumber,
        reconciled,
        upo: upo.toString('base64'),
        upoProblems: check.problems.slice(0, 20).map((problem) => problem.slice(0, 500)),
      },
    });
  }

  /** The UPO by its pre-signed link; a link that expired meanwhile is replaced by asking for it by KSeF number. */
  private async upo(
    client: KsefClient,
    status: InvoiceStatusView & { ksefNumber: string },
    sessionRef: string,
    signal: AbortSignal,
  ): Promise<Buffer> {
    try {
      if (status.upoDownloadUrl) return await client.downloadUpo(status.upoDownloadUrl, signal);
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.kind !== 'conflict') throw error;
    }
    return client.upoByKsefNumber(sessionRef, status.ksefNumber, signal);
  }
}

function toSend(invoice: InvoiceToForward): InvoiceToSend {
  return {
    id: invoice.invoiceId,
    bytes: Buffer.from(invoice.xml, 'utf8'),
    offlineMode: OFFLINE_MODES.has(invoice.mode) || invoice.correctedHash !== null,
    ...(invoice.correctedHash ? { hashOfCorrectedInvoice: invoice.correctedHash } : {}),
  };
}

function submissionOf(
  invoice: InvoiceToForward,
  sessionRef: string,
  invoiceRef: string | null,
  sentAt: string,
): Submission {
  return { invoiceId: invoice.invoiceId, sha256: invoice.sha256, sessionRef, invoiceRef, kind: 'online', sentAt };
}

/** Its own send by reference; a batch's by the hash of its bytes (research §5). */
function statusOf(invoice: InvoiceToForward, statuses: readonly InvoiceStatusView[]): InvoiceStatusView | undefined {
  const { invoiceRef } = invoice.submission!;
  return invoiceRef
    ? statuses.find((status) => status.referenceNumber === invoiceRef)
    : statuses.findLast((status) => status.invoiceHash === invoice.sha256);
}

function bySession(invoices: readonly InvoiceToForward[]): Map<string, InvoiceToForward[]> {
  const sessions = new Map<string, InvoiceToForward[]>();
  for (const invoice of invoices) {
    const sessionRef = invoice.submission!.sessionRef;
    const listed = sessions.get(sessionRef);
    if (listed) listed.push(invoice);
    else sessions.set(sessionRef, [invoice]);
  }
  return sessions;
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[(next += 1) - 1]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const cancel = clock.schedule(ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

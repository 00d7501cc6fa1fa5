import type { Database } from 'better-sqlite3';
import type { KsefConnectionTest, KsefOverview, KsefSessionView } from '../../../../shared/protocol/ksef-views.js';
import type { UpstreamSettings } from '../../config/settings-schema.js';
import { hubEvent } from '../../inventory/hub-events.js';
import { ksefStatus } from '../../invoicing/decide-invoice-request.js';
import { owedInvoices } from '../../invoicing/invoice-reads.js';
import { invoicingSettings } from '../../invoicing/invoicing-settings.js';
import type { StoredRecord } from '../../ledger/event-log.js';
import type { Ledger } from '../../ledger/ledger.js';
import type { InvoiceOutcome, TechnicalCorrectionOutcome } from '../../ledger/projections/invoices-projector.js';
import type { Logger } from '../../observability/logger.js';
import { storeTimeZone } from '../../sales/store-time-zone.js';
import type { SecretStore } from '../../security/secret-store.js';
import type { Clock } from '../../upstream/clock/clock.js';
import type { Probe } from '../../upstream/connectivity/connectivity-monitor.js';
import { httpProbe } from '../../upstream/connectivity/http-probe.js';
import { KsefClient } from '../../upstream/ksef/ksef-client.js';
import type { OutboxStore } from '../../upstream/outbox/outbox-store.js';
import type { UpstreamJob } from '../../upstream/outbox/upstream-job.js';
import { ConnectorWorkerPool } from '../../upstream/workers/connector-worker-pool.js';
import { KsefConnector } from './ksef-connector.js';
import { ksefApiBase } from './ksef-endpoints.js';
import { KSEF_CONNECTOR, KSEF_JOB_KIND, type KsefJobPayload, type KsefJobResult } from './ksef-jobs.js';
import { SubmissionStore } from './ksef-submissions.js';
import { KsefTokenStore } from './ksef-token.js';

const ACTOR = 'system: KSeF';
const HOUR_MS = 3_600_000;
const SESSIONS_SHOWN = 10;
/** Availabilities in which KSeF takes no invoices: the pool waits for the announcement to end. */
const NOT_TAKING: Record<string, string> = {
  maintenance: 'KSeF announced maintenance: invoices wait until it ends.',
  failure: 'KSeF announced a failure: invoices wait until it ends (7 business days to send them after).',
  total_failure: 'KSeF announced a total failure: invoices issued now are not sent to KSeF.',
};

export interface KsefForwardingOptions {
  ledger: Ledger;
  outbox: OutboxStore;
  secrets: SecretStore;
  settings: UpstreamSettings['ksef'];
  clock: Clock;
  logger: Logger;
}

/** What KSeF made of the token: unknown until a test or a send says. */
type TokenVerdict = { state: 'unchecked' } | { state: 'accepted' } | { state: 'refused'; message: string };

/**
 * Sending invoices to KSeF wired into the hub (issue 10): every invoice owed to KSeF (and every technical correction)
 * becomes an outbox job in the transaction that records it; the pool sends them with the seller's KSeF token while
 * KSeF takes invoices; each number (with its UPO) or refusal becomes a ledger fact in the transaction that marks the
 * job done. The screens read the connector's state here.
 */
export class KsefForwarding {
  readonly pool: ConnectorWorkerPool;
  readonly token: KsefTokenStore;
  private readonly db: Database;
  private readonly submissions: SubmissionStore;
  private hasToken = false;
  private verdict: TokenVerdict = { state: 'unchecked' };
  private cached: { key: string; client: KsefClient } | undefined;

  constructor(private readonly options: KsefForwardingOptions) {
    const { ledger, outbox, clock, settings } = options;
    this.db = ledger.db;
    this.token = new KsefTokenStore(this.db, options.secrets);
    this.submissions = new SubmissionStore(this.db);
    const connector = new KsefConnector({
      db: this.db,
      client: () => this.client(),
      submissions: this.submissions,
      clock,
      timeZone: () => storeTimeZone(this.db),
      policy: () => ({ batchThreshold: settings.batchThreshold, nightBatchMin: settings.nightBatchMin }),
      monitorBudgetMs: settings.monitorBudgetSeconds * 1000,
    });
    this.pool = new ConnectorWorkerPool({
      connector,
      outbox,
      // One attempt at a time: each takes every due invoice, and KSeF's limits are per seller and address.
      concurrency: 1,
      // Sending a big batch, then waiting for KSeF to number it.
      performTimeoutMs: (settings.monitorBudgetSeconds + 15 * 60) * 1000,
      clock,
      settle: (job, result, complete) => this.settle(job, result as KsefJobResult, complete),
    });
    ledger.onRecord((record) => this.onRecord(record));
  }

  async load(): Promise<void> {
    this.hasToken = (await this.token.get()) !== null;
  }

  /** A seller to send for and a token to send with. */
  get configured(): boolean {
    return this.hasToken && invoicingSettings(this.db) !== undefined;
  }

  /** Why invoices cannot go to KSeF now, in plain words, not counting reachability (the monitor's); null: they can. */
  problem(): string | null {
    if (!invoicingSettings(this.db)) return 'No seller is set up: Settings → Invoicing.';
    if (!this.hasToken) return 'No KSeF token is set: add it in Settings → Connectors.';
    if (this.verdict.state === 'refused') return `KSeF refused the token: ${this.verdict.message}`;
    return NOT_TAKING[ksefStatus(this.db).availability] ?? null;
  }

  /** A problem only a person can fix, as opposed to waiting for KSeF. */
  misconfiguration(): string | null {
    const problem = this.problem();
    return problem && !Object.values(NOT_TAKING).includes(problem) ? problem : null;
  }

  /** Probes the API the connector sends to, so the Upstream screen shows KSeF's reachability like any upstream's. */
  probe(): Probe {
    return (signal) => httpProbe({ url: this.apiBase() })(signal);
  }

  /** Stores a new token (never logged or shown back), drops the old sessions' credentials and tries it. */
  async setToken(token: string, by: string): Promise<KsefConnectionTest> {
    await this.token.set(token, by, this.options.clock.now());
    this.hasToken = true;
    this.cached = undefined;
    this.verdict = { state: 'unchecked' };
    return this.test();
  }

  async test(): Promise<KsefConnectionTest> {
    const client = this.client();
    if (!client) return { ok: false, message: this.problem() ?? 'KSeF sending is not set up.', latencyMs: 0 };
    const result = await client.testConnection(AbortSignal.timeout(this.options.settings.timeoutSeconds * 1000));
    // A failed test may be the network's fault; only a send refused for authentication marks the token refused.
    if (result.ok) this.verdict = { state: 'accepted' };
    return result;
  }

  /** A send refused for authentication: the token is the store's configuration, so the pool waits for a new one. */
  refused(message: string): void {
    this.verdict = { state: 'refused', message };
  }

  overview(now = this.options.clock.now()): KsefOverview {
    // Every figure but the rate comes from the one list of what is owed: its items already say sent or rejected.
    const owed = owedInvoices(this.db);
    const status = this.db
      .prepare<[], { availability: KsefOverview['availability']; detail: string; recorded_at: string }>(
        'SELECT availability, detail, recorded_at FROM ksef_status WHERE id = 1',
      )
      .get();
    const numberedLastHour = this.db
      .prepare<[string], { n: number }>(
        "SELECT COUNT(*) AS n FROM invoices WHERE status = 'accepted' AND ksef_acquired_at >= ?",
      )
      .get(new Date(now.getTime() - HOUR_MS).toISOString())!.n;
    const nearest = owed
      .flatMap((invoice) =>
        invoice.deadline.kind === 'due'
          ? [{ invoiceId: invoice.invoiceId, number: invoice.number, dueAt: invoice.deadline.dueAt }]
          : [],
      )
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      .at(0);
    const hoursNeeded = numberedLastHour > 0 ? owed.length / numberedLastHour : null;
    const hoursLeft = nearest ? (Date.parse(nearest.dueAt) - now.getTime()) / HOUR_MS : null;
    return {
      token: this.token.view(),
      availability: status?.availability ?? 'unreachable',
      availabilityDetail: status?.detail ?? 'KSeF has not been looked at yet.',
      availabilitySince: status?.recorded_at ?? null,
      backlog: owed.length,
      sending: owed.filter((invoice) => invoice.status === 'sent').length,
      rejected: owed.filter((invoice) => invoice.status === 'rejected').length,
      numberedLastHour,
      nearestDeadline: nearest ?? null,
      drain: {
        hoursNeeded,
        // With nothing numbered in the last hour there is no rate to go by: a day's margin is asked for instead.
        atRisk:
          hoursLeft !== null && (hoursNeeded === null ? hoursLeft < 24 && owed.length > 0 : hoursNeeded > hoursLeft),
      },
      sessions: this.sessions(),
    };
  }

  private sessions(): KsefSessionView[] {
    return this.db
      .prepare<[number], KsefSessionView>(
        `SELECT session_ref AS sessionRef, kind, MIN(sent_at) AS firstSentAt, COUNT(*) AS invoices,
           SUM(last_code = 200) AS numbered, SUM(last_code >= 300 AND last_code <> 550) AS rejected,
           SUM(last_code IS NULL OR last_code IN (100, 150)) AS waiting
         FROM ksef_submissions GROUP BY session_ref ORDER BY MIN(sent_at) DESC, session_ref LIMIT ?`,
      )
      .all(SESSIONS_SHOWN);
  }

  private apiBase(): string {
    return ksefApiBase(this.options.settings, invoicingSettings(this.db)?.environment ?? 'TE');
  }

  /** One client per seller and API base, so its access token is reused across attempts. */
  private client(): KsefClient | null {
    const seller = invoicingSettings(this.db)?.seller;
    if (!seller || !this.hasToken) return null;
    const key = `${this.apiBase()}|${seller.nip}`;
    if (this.cached?.key !== key) {
      const { logger, clock } = this.options;
      const client = new KsefClient({
        apiBase: this.apiBase(),
        contextNip: seller.nip,
        token: () => this.token.get(),
        clock,
        log: (message) => logger.warn({ connector: KSEF_CONNECTOR }, message),
      });
      this.cached = { key, client };
    }
    return this.cached.client;
  }

  /** KSeF's answer and the job's completion commit together: a number is never recorded twice nor lost. */
  private settle(job: UpstreamJob, result: KsefJobResult, complete: () => UpstreamJob): UpstreamJob {
    const { ledger } = this.options;
    return ledger.transaction(() => {
      const done = complete();
      if (result.outcome === 'numbered') {
        ledger.append([{ status: 'accepted', event: hubEvent('invoice.numbered', result.numbered, ACTOR) }]);
        this.submissions.closeOpen(result.numbered.invoiceId, result.numbered.invoiceHash, 200);
      } else if (result.outcome === 'rejected') {
        ledger.append([{ status: 'accepted', event: hubEvent('invoice.rejected', result.rejected, ACTOR) }]);
      }
      return done;
    });
  }

  /** An invoice owed to KSeF, or a correction's new bytes, is queued with the fact that makes it owed. */
  private onRecord(record: StoredRecord): void {
    if (record.status !== 'accepted') return;
    let payload: KsefJobPayload | undefined;
    let online = false;
    if (record.event.type === 'invoice.request') {
      const invoice = record.outcome!.invoice as InvoiceOutcome;
      if (invoice.mode === 'total_failure') return;
      payload = { invoiceId: invoice.invoiceId, sha256: invoice.sha256 };
      online = invoice.mode === 'online';
    } else if (record.event.type === 'invoice.technical_correction') {
      const correction = record.outcome!.correction as TechnicalCorrectionOutcome;
      payload = { invoiceId: correction.invoiceId, sha256: correction.sha256 };
    }
    if (!payload) return;
    this.options.outbox.enqueue({
      connector: KSEF_CONNECTOR,
      kind: KSEF_JOB_KIND,
      payload,
      source: { cursor: record.cursor, eventId: record.event.id },
      // An online invoice is issued "in KSeF": it goes before the offline ones, which have days.
      priority: online ? 1 : 0,
    });
  }
}

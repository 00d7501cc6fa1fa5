import type {
  ConexxusSettingsUpdate,
  ConexxusSettingsView,
  EndOfDayView,
} from '../../../shared/protocol/conexxus-views.js';
import type { ConnectorView, UpstreamOverview } from '../../../shared/protocol/upstream-views.js';
import type { UpstreamSettings } from '../config/settings-schema.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Notifier } from '../notifications/notifier.js';
import type { Logger } from '../observability/logger.js';
import { findOfflinePayment } from '../payments/payment-reads.js';
import { recordProcessorResult } from '../payments/processor-results.js';
import type { SecretStore } from '../security/secret-store.js';
import { systemClock, type Clock } from '../upstream/clock/clock.js';
import { ConnectivityMonitor } from '../upstream/connectivity/connectivity-monitor.js';
import { httpProbe } from '../upstream/connectivity/http-probe.js';
import type { TargetStatus } from '../upstream/connectivity/reachability.js';
import { OutboxStore } from '../upstream/outbox/outbox-store.js';
import type { UpstreamJob } from '../upstream/outbox/upstream-job.js';
import type { ConnectionTestResult } from '../upstream/stripe/index.js';
import { REQUESTS_PER_JOB, STRIPE_CONNECTOR, type StripeJobResult } from '../upstream/stripe/stripe-jobs.js';
import { CONEXXUS_CONNECTOR } from '../upstream/naxml/naxml-jobs.js';
import type { KsefConnectionTest, KsefOverview } from '../../../shared/protocol/ksef-views.js';
import { KSEF_CONNECTOR } from './ksef/ksef-jobs.js';
import { KsefForwarding } from './ksef/ksef-forwarding.js';
import { ConnectorWorkerPool } from '../upstream/workers/connector-worker-pool.js';
import type { UpstreamError } from '../upstream/workers/upstream-error.js';
import { ConexxusForwarding } from './conexxus/conexxus-forwarding.js';
import { listEndOfDays } from './conexxus/conexxus-reads.js';
import { enqueueEffectsOnRecord } from './enqueue-effects.js';
import { ProbeTargets, type ProbeUrls } from './probe-targets.js';
import { StripeBinding } from './stripe-binding.js';
import { StripeKeyStore, type StripeKeyMeta } from './stripe-key.js';
import { processorResultOf } from './stripe-results.js';
import { doneSince } from './upstream-reads.js';
import { UpstreamMetrics } from './upstream-metrics.js';
import type { Registry } from 'prom-client';

export const INTERNET = 'internet';
const LABELS: Record<string, string> = {
  [STRIPE_CONNECTOR]: 'Stripe (card payments)',
  [CONEXXUS_CONNECTOR]: 'Conexxus (NAXML back office)',
  [KSEF_CONNECTOR]: 'KSeF (e-invoices)',
};
/** Every connector the hub forwards to, in the order screens list them. */
export const CONNECTORS = [STRIPE_CONNECTOR, CONEXXUS_CONNECTOR, KSEF_CONNECTOR] as const;
const HOUR_MS = 3_600_000;

/** What Stripe made of the stored key: unknown until a test or a job says. */
type KeyVerdict = { state: 'unchecked' } | { state: 'accepted' } | { state: 'refused'; message: string };

export interface UpstreamForwardingOptions {
  ledger: Ledger;
  secrets: SecretStore;
  settings: UpstreamSettings;
  /** The hub's store id: the first guess at the store's Conexxus location id. */
  storeId: string;
  notifier: Notifier;
  logger: Logger;
  registry?: Registry | undefined;
  clock?: Clock | undefined;
}

/**
 * Forwarding wired into the hub (DESIGN §6): every recorded fact's upstream effects become outbox jobs in its own
 * transaction; the Stripe pool performs them while Stripe is reachable and a key Stripe accepts is set; each result
 * becomes a ledger fact in the transaction that marks its job done. Conexxus reporting (conexxus/) runs beside it
 * on the same outbox and monitor. The screens, alerts and metrics read it here.
 */
export class UpstreamForwarding {
  readonly outbox: OutboxStore;
  readonly monitor: ConnectivityMonitor;
  readonly pool: ConnectorWorkerPool;
  readonly probes: ProbeTargets;
  readonly conexxus: ConexxusForwarding;
  readonly ksef: KsefForwarding;
  private readonly keys: StripeKeyStore;
  private readonly stripe: StripeBinding;
  private readonly clock: Clock;
  private verdict: KeyVerdict = { state: 'unchecked' };

  constructor(private readonly options: UpstreamForwardingOptions) {
    const { ledger, settings } = options;
    this.clock = options.clock ?? systemClock;
    this.outbox = new OutboxStore(ledger.db, this.clock);
    // Before anything can record a fact: from here on every append carries its jobs.
    enqueueEffectsOnRecord(ledger, this.outbox);
    this.keys = new StripeKeyStore(ledger.db, options.secrets);
    this.probes = new ProbeTargets(ledger.db, settings);
    this.stripe = new StripeBinding(settings.stripe, this.clock);
    this.conexxus = new ConexxusForwarding({
      ledger,
      outbox: this.outbox,
      secrets: options.secrets,
      storeId: options.storeId,
      settings: settings.conexxus,
      clock: this.clock,
      logger: options.logger,
    });
    this.ksef = new KsefForwarding({
      ledger,
      outbox: this.outbox,
      secrets: options.secrets,
      settings: settings.ksef,
      clock: this.clock,
      logger: options.logger,
    });
    const probeOf = (target: keyof ProbeUrls) => (signal: AbortSignal) =>
      httpProbe({ url: this.probes.urls()[target] })(signal);
    this.monitor = new ConnectivityMonitor({
      targets: [
        { name: INTERNET, probe: probeOf('internet') },
        { name: STRIPE_CONNECTOR, probe: probeOf('stripe') },
        { name: CONEXXUS_CONNECTOR, probe: this.conexxus.probe() },
        { name: KSEF_CONNECTOR, probe: this.ksef.probe() },
      ],
      intervalMs: settings.probes.intervalSeconds * 1000,
      failureIntervalMs: settings.probes.failureIntervalSeconds * 1000,
      timeoutMs: settings.probes.timeoutSeconds * 1000,
      clock: this.clock,
    });
    this.pool = new ConnectorWorkerPool({
      connector: this.stripe.connector,
      outbox: this.outbox,
      concurrency: settings.stripe.concurrency,
      rateLimit: { perSecond: settings.stripe.ratePerSecond / REQUESTS_PER_JOB },
      performTimeoutMs: settings.stripe.timeoutSeconds * 1000,
      clock: this.clock,
      settle: (job, result, complete) => this.settle(job, result as StripeJobResult, complete),
    });
    if (options.registry) new UpstreamMetrics(options.registry, this);
    this.listen();
  }

  /** Jobs a dead process left in flight go back to the queue before the pool claims anything. */
  async start(): Promise<void> {
    this.outbox.requeueInFlight();
    const key = await this.keys.get();
    if (key) this.stripe.useKey(key);
    await this.conexxus.settings.load();
    await this.ksef.load();
    this.gate();
    this.startProbingOnceConfigured();
    this.pool.start();
    this.conexxus.start();
    this.ksef.pool.start();
  }

  async stop(graceMs = 5_000): Promise<void> {
    this.monitor.stop();
    await Promise.all([this.pool.stop(graceMs), this.conexxus.stop(graceMs), this.ksef.pool.stop(graceMs)]);
  }

  pools(): ConnectorWorkerPool[] {
    return [this.pool, this.conexxus.pool, this.ksef.pool];
  }

  poolOf(connector: string): ConnectorWorkerPool | undefined {
    return this.pools().find((pool) => pool.name === connector);
  }

  connectorNames(): readonly string[] {
    return CONNECTORS;
  }

  ksefOverview(now = this.clock.now()): KsefOverview {
    return this.ksef.overview(now);
  }

  statuses(): TargetStatus[] {
    return this.monitor.statuses();
  }

  overview(now = this.clock.now()): UpstreamOverview {
    return { internet: this.monitor.status(INTERNET)!, connectors: CONNECTORS.map((c) => this.connectorView(c, now)) };
  }

  /** Why a connector cannot forward now, in plain words; null when it can. */
  problem(connector: string): string | null {
    if (connector === CONEXXUS_CONNECTOR) return this.conexxusProblem();
    if (connector === KSEF_CONNECTOR) return this.ksefProblem();
    if (connector !== STRIPE_CONNECTOR) return null;
    if (!this.stripe.hasKey) return 'No Stripe secret key is set: add it in Settings → Connectors.';
    if (this.verdict.state === 'refused') return `Stripe refused the secret key (401): ${this.verdict.message}`;
    const reach = this.monitor.status(STRIPE_CONNECTOR)!;
    if (reach.state === 'offline') return `Stripe cannot be reached: ${reach.lastError ?? 'no answer'}`;
    return null;
  }

  private conexxusProblem(): string | null {
    if (!this.conexxus.configured) return 'Conexxus reporting is off: turn it on in Settings → Connectors.';
    const reach = this.monitor.status(CONEXXUS_CONNECTOR)!;
    if (reach.state === 'offline') return `The back office cannot be reached: ${reach.lastError ?? 'no answer'}`;
    return null;
  }

  private ksefProblem(): string | null {
    const problem = this.ksef.problem();
    if (problem) return problem;
    const reach = this.monitor.status(KSEF_CONNECTOR)!;
    return reach.state === 'offline' ? `KSeF cannot be reached: ${reach.lastError ?? 'no answer'}` : null;
  }

  /**
   * A problem only a person can fix (no Stripe key, a refused key, Conexxus switched off), as opposed to waiting for
   * the network.
   */
  misconfiguration(connector: string): string | null {
    if (connector === CONEXXUS_CONNECTOR) return this.conexxus.configured ? null : this.problem(connector);
    if (connector === KSEF_CONNECTOR) return this.ksef.misconfiguration();
    if (connector !== STRIPE_CONNECTOR) return null;
    return !this.stripe.hasKey || this.verdict.state === 'refused' ? this.problem(connector) : null;
  }

  keyMeta(): StripeKeyMeta | undefined {
    return this.keys.meta();
  }

  /** Stores a new key (never logged or shown back), checks it with Stripe and resumes forwarding if it is accepted. */
  async setStripeKey(secretKey: string, by: string): Promise<ConnectionTestResult> {
    await this.keys.set(secretKey, by, this.clock.now());
    this.stripe.useKey(secretKey);
    this.verdict = { state: 'unchecked' };
    // Probing starts after the key's verdict, so the first "Stripe is reachable" cannot resume the pool with a key
    // Stripe is about to refuse.
    const result = await this.testStripe();
    this.startProbingOnceConfigured();
    return result;
  }

  /**
   * A hub with no connector set up has nothing to forward, so it sends nothing out of the store: targets stay
   * `unknown` ("not checked yet") until the first key is set. This also keeps a hub started for a test or a demo
   * from reaching for the internet.
   */
  private startProbingOnceConfigured(): void {
    if (this.anyConfigured()) this.monitor.start();
  }

  private anyConfigured(): boolean {
    return this.stripe.hasKey || this.conexxus.configured || this.ksef.configured;
  }

  /** Stores the seller's KSeF token (never logged or shown back), tries it and lets the KSeF pool go if it can. */
  async setKsefToken(token: string, by: string): Promise<KsefConnectionTest> {
    const result = await this.ksef.setToken(token, by);
    this.ksefChanged();
    return result;
  }

  /**
   * The KSeF pool's conditions changed outside it (a token, the seller in Settings → Invoicing, the hub's recorded
   * word on KSeF): gate it again and start probing if this made KSeF the first connector set up.
   */
  ksefChanged(): void {
    this.gate();
    this.startProbingOnceConfigured();
    void this.probeNow(KSEF_CONNECTOR);
    this.notify('connector', KSEF_CONNECTOR, null, this.ksef.pool.status().state);
  }

  /** Business dates of the last two weeks past their acknowledge-by time without being settled (alerts). */
  overdueEndOfDays(now: Date): EndOfDayView[] {
    const { days } = listEndOfDays(this.options.ledger.db, { limit: 14 }, (d) => this.conexxus.acknowledgeBy(d), now);
    return days.filter((day) => day.overdue);
  }

  conexxusSettings(): ConexxusSettingsView {
    return this.conexxus.settings.view();
  }

  /** Saves the Conexxus settings and lets the pool go (or stops it) at once; an unusable transport is refused. */
  async saveConexxusSettings(update: Omit<ConexxusSettingsUpdate, 'pin'>, by: string): Promise<ConexxusSettingsView> {
    const now = this.clock.now();
    const view = await this.conexxus.settings.save(update, by, now, this.conexxus.today(now));
    this.gate();
    this.startProbingOnceConfigured();
    void this.probeNow(CONEXXUS_CONNECTOR);
    this.notify('connector', CONEXXUS_CONNECTOR, null, this.conexxus.pool.status().state);
    return view;
  }

  /** One real call with the stored key; a refusal pauses the pool until a new key is set. */
  async testStripe(): Promise<ConnectionTestResult> {
    const result = await this.stripe.test();
    if (!result) return { ok: false, message: 'No Stripe secret key is set.', latencyMs: 0 };
    // connection-test.ts words a 401 with "(401)"; any other failure says nothing about the key.
    if (result.ok) this.verdict = { state: 'accepted' };
    else if (result.message.includes('(401)')) this.verdict = { state: 'refused', message: result.message };
    this.gate();
    this.notify('connector', STRIPE_CONNECTOR, null, this.pool.status().state);
    return result;
  }

  saveProbes(urls: ProbeUrls): ProbeUrls {
    const saved = this.probes.save(urls);
    void this.probeNow();
    return saved;
  }

  /**
   * Probes at once rather than at the next interval (sync now, new probe URLs), but only once a connector is set up:
   * a manager's click must not break the rule that an unconfigured hub sends nothing out of the store.
   */
  async probeNow(target?: string): Promise<void> {
    if (this.anyConfigured()) await this.monitor.probeNow(target);
  }

  private settle(job: UpstreamJob, result: StripeJobResult, complete: () => UpstreamJob): UpstreamJob {
    const { ledger } = this.options;
    return ledger.transaction(() => {
      const done = complete();
      const payload = job.payload as { paymentId: string; amount?: { currency: string } };
      // Capture and refund jobs carry their currency; a cancel names only the payment.
      const currency = payload.amount?.currency ?? findOfflinePayment(ledger.db, payload.paymentId)?.currency;
      // Throwing rolls the completion back: a job done without its ledger fact would leave the payment counted as
      // exposure for ever. The pool reports the fault; the job stays in flight until the next start requeues it.
      if (!currency) throw new Error(`stripe job ${job.id}: no offline payment ${payload.paymentId} to record it on`);
      recordProcessorResult(ledger, processorResultOf(done, result, currency), STRIPE_CONNECTOR);
      return done;
    });
  }

  /**
   * Each pool is paused while it cannot forward (no Stripe key or a refused one, Conexxus off, its target offline)
   * and resumed the moment none holds. Degraded keeps working (DESIGN §6).
   */
  private gate(): void {
    for (const pool of this.pools()) {
      const reason = this.problem(pool.name);
      if (reason && this.pauses(pool.name)) pool.pause(reason);
      else pool.resume();
    }
  }

  private pauses(connector: string): boolean {
    // KSeF also waits out an announced maintenance or failure: it takes no invoices then.
    if (connector === KSEF_CONNECTOR) return this.problem(connector) !== null;
    return this.misconfiguration(connector) !== null || this.monitor.status(connector)!.state === 'offline';
  }

  private listen(): void {
    const { logger } = this.options;
    this.outbox.onWork((connector) => this.notify('job', connector, null, 'queued'));
    for (const pool of this.pools()) {
      pool.on('done', (job) => this.notify('job', job.connector, job.id, job.state));
      pool.on('retry', (job) => this.notify('job', job.connector, job.id, job.state));
      pool.on('dead', (job, error) => this.onDead(job, error));
      pool.on('paused', (reason) => {
        logger.info({ connector: pool.name, reason }, 'upstream connector paused');
        this.notify('connector', pool.name, null, 'paused');
      });
      pool.on('resumed', () => this.notify('connector', pool.name, null, 'running'));
      pool.on('fault', (error, job) => logger.error({ err: error, jobId: job?.id }, 'upstream worker fault'));
    }
    // The hub's recorded word on KSeF decides whether KSeF takes invoices; gated once the record has committed.
    this.options.ledger.onRecord((record) => {
      if (record.event.type === 'ksef.status') queueMicrotask(() => this.ksefChanged());
    });
    this.monitor.subscribe((status, previous) => {
      logger.info({ target: status.target, state: status.state, was: previous.state }, 'connectivity changed');
      this.gate();
      this.notify('connectivity', status.target, null, status.state);
    });
  }

  /**
   * A refused key is the store's configuration, not the job's fault: the job goes back to the queue and the pool
   * waits for a new key, so a wrong key loses nothing and costs no retry storm.
   */
  private onDead(job: UpstreamJob, error: UpstreamError): void {
    if (job.connector === STRIPE_CONNECTOR && error.kind === 'auth' && error.status === 401) {
      this.verdict = { state: 'refused', message: error.message };
      this.gate();
      this.outbox.retryNow(job.id);
    } else if (job.connector === KSEF_CONNECTOR && error.kind === 'auth') {
      this.ksef.refused(error.message);
      this.gate();
      this.outbox.retryNow(job.id);
    } else {
      this.options.logger.warn({ jobId: job.id, connector: job.connector, error: job.lastError }, 'upstream job dead');
    }
    this.notify('job', job.connector, job.id, this.outbox.get(job.id)?.state ?? job.state);
  }

  private notify(change: 'job' | 'connector' | 'connectivity', subject: string, jobId: string | null, state: string) {
    this.options.notifier.publish({ type: 'upstream', change, subject, jobId, state });
  }

  private configuredConnector(name: string): boolean {
    if (name === STRIPE_CONNECTOR) return this.stripe.hasKey;
    return name === CONEXXUS_CONNECTOR ? this.conexxus.configured : this.ksef.configured;
  }

  private connectorView(name: string, now: Date): ConnectorView {
    const [stats] = this.outbox.stats(now, [name]).filter((s) => s.connector === name);
    return {
      name,
      label: LABELS[name] ?? name,
      configured: this.configuredConnector(name),
      problem: this.problem(name),
      paused: this.poolOf(name)!.status().state === 'paused',
      reachability: this.monitor.status(name)!,
      depth: stats!.depth,
      oldestQueuedAt: stats!.oldestQueuedAt,
      oldestQueuedAgeMs: stats!.oldestQueuedAgeMs,
      counts: stats!.counts,
      doneLastHour: doneSince(this.options.ledger.db, name, new Date(now.getTime() - HOUR_MS)),
    };
  }
}

import { randomBytes } from 'node:crypto';
import { startStripeFake, type StripeFake } from '../../fakes/stripe/index.js';
import type { ConflictView } from '../../shared/protocol/device-api.js';
import type {
  AtRiskPaymentList,
  ConnectionTestResult,
  ConnectorSettingsView,
  ConnectorView,
  UpstreamJobState,
  UpstreamOverview,
} from '../../shared/protocol/upstream-views.js';
import { AdminClient } from './admin-client.js';
import { SimulatedCardReaders } from './card-readers.js';
import { StoreBackOffice, type BackOfficeTransport } from './store-back-office.js';
import { StoreKsef } from './store-ksef.js';
import type { Tally } from './tally.js';
import type { CheckLine } from './day-check.js';
import { InternetProbeTarget } from './internet-probe-target.js';
import type { InternetLine } from './outages.js';
import { pause } from './pause.js';
import { Random } from './random.js';
import {
  checkAtRisk,
  checkExactlyOnce,
  checkOutagesNoticed,
  checkQueue,
  NOTHING_APPLIED,
  owesStripe,
  seconds,
  type SettledPayment,
  type UpstreamsSummary,
} from './upstream-check.js';

/** The card payments' day and its checks, once the hub's Stripe queue settled. */
export interface UpstreamsDay {
  summary: UpstreamsSummary;
  checks: CheckLine[];
}

const STRIPE = 'stripe';
const POLL_MS = 200;
/** Probing every second, offline after two failures: the hub should see an outage in a few seconds. */
const NOTICE_TIMEOUT_MS = 15_000;
const DRAIN_TIMEOUT_MS = 30_000;
/** Every request while the line is down: no real outage ends by itself. */
const WHOLE_OUTAGE = Number.MAX_SAFE_INTEGER;
const JOB_STATES: readonly UpstreamJobState[] = ['queued', 'in_flight', 'done', 'dead', 'cancelled'];

/**
 * The store's connection to its payment processor, all on loopback: the Stripe fake, the tills' card readers
 * forwarding to it, and an internet probe target, so the hub's connectivity monitor, outbox and Stripe connector run
 * as in a shop. Cutting the line switches the probe target off and makes the fake drop every connection, and the
 * readers keep what they take; restoring it forwards what they kept.
 */
export class StoreUpstreams implements InternetLine {
  readonly readers: SimulatedCardReaders;
  private admin: AdminClient | undefined;
  /** while the line is down: since when, and how long until the hub saw it (null: not within the timeout) */
  private outage: { cutAt: number; noticing: Promise<number | null | { failed: unknown }> } | undefined;
  private readonly outages: { lengthMs: number; noticedAfterMs: number | null }[] = [];
  private backlogAtRestore = 0;

  private constructor(
    readonly fake: StripeFake,
    private readonly probeTarget: InternetProbeTarget,
    readonly backOffice: StoreBackOffice,
    readonly ksef: StoreKsef,
    seed: number,
  ) {
    this.readers = new SimulatedCardReaders(fake, new Random(seed));
  }

  static async start(seed: number, conexxus: BackOfficeTransport = 'https'): Promise<StoreUpstreams> {
    // The hub only takes keys shaped like Stripe's: letters and digits after the mode.
    const fake = await startStripeFake({ apiKey: `sk_test_simulator${randomBytes(12).toString('hex')}` });
    const backOffice = await StoreBackOffice.start(conexxus).catch(async (error: unknown) => {
      await fake.close();
      throw error;
    });
    const ksef = await StoreKsef.start().catch(async (error: unknown) => {
      await Promise.all([fake.close(), backOffice.close()]);
      throw error;
    });
    try {
      return new StoreUpstreams(fake, await InternetProbeTarget.start(), backOffice, ksef, seed);
    } catch (error) {
      await Promise.all([fake.close(), backOffice.close(), ksef.close()]);
      throw error;
    }
  }

  /** The hub's `upstream.*` settings: the fake as Stripe, both probes on loopback, an outage noticed in seconds. */
  hubSettings(): Record<string, string | number> {
    const { internet, stripe } = this.probeUrls();
    return {
      'upstream.stripe.apiBase': this.fake.url,
      'upstream.probes.internet': internet,
      'upstream.probes.stripe': stripe,
      'upstream.probes.intervalSeconds': 1,
      'upstream.probes.failureIntervalSeconds': 1,
      'upstream.probes.timeoutSeconds': 1,
      ...this.ksef.hubSettings(),
    };
  }

  get label(): string {
    return `the Stripe fake on ${this.fake.url}`;
  }

  /**
   * As the manager on Settings → Connectors: the probe targets (they may be kept from an earlier run in the same
   * data directory), then the fake's key with the PIN, which the hub tests at once and which starts its probing.
   */
  async connect(admin: { url: string; name: string; pin: string }): Promise<void> {
    const client = new AdminClient(admin.url);
    await client.login(admin.name, admin.pin);
    await client.put('/v1/admin/settings/connectors/probes', this.probeUrls());
    const { probes } = await client.put<ConnectorSettingsView>('/v1/admin/settings/connectors/stripe', {
      secretKey: this.fake.apiKey,
      pin: admin.pin,
    });
    const away = Object.values(probes).filter((url) => new URL(url).hostname !== '127.0.0.1');
    if (away.length > 0) throw new Error(`the hub would probe beyond loopback: ${away.join(', ')}`);
    const test = await client.post<ConnectionTestResult>('/v1/admin/settings/connectors/stripe/test');
    if (!test.ok) throw new Error(`the hub cannot use the Stripe fake: ${test.message}`);
    await this.backOffice.connect(client, admin.pin);
    await this.ksef.connect(client, admin.pin);
    this.admin = client;
  }

  async cut(): Promise<string> {
    this.readers.goOffline();
    this.fake.injectFault({}, { kind: 'drop', apply: false }, WHOLE_OUTAGE);
    this.backOffice.cut();
    this.ksef.cut();
    await this.probeTarget.switchOff();
    // Awaited only by restore(): a failure waits there as a value rather than going unhandled meanwhile.
    const noticing = this.waitFor(
      (stripe) => stripe.reachability.state === 'offline' && stripe.paused,
      NOTICE_TIMEOUT_MS,
    ).catch((error: unknown) => ({ failed: error }));
    this.outage = { cutAt: performance.now(), noticing };
    return (
      'INTERNET DOWN: the probe target is off, Stripe, KSeF and the back office drop every connection, card ' +
      'readers store payments, invoices are issued offline'
    );
  }

  async restore(): Promise<string> {
    if (!this.outage) throw new Error('the internet line is not cut');
    const noticedAfterMs = await this.outage.noticing;
    if (typeof noticedAfterMs === 'object' && noticedAfterMs !== null) throw noticedAfterMs.failed;
    const lengthMs = performance.now() - this.outage.cutAt;
    this.outage = undefined;
    const backlog = (await this.stripe()).depth;
    this.backlogAtRestore = Math.max(this.backlogAtRestore, backlog);
    // The readers first, so the hub, once it sees Stripe again, finds every payment the tills took meanwhile.
    const forwarded = this.readers.goOnline();
    this.fake.clearFaults();
    this.backOffice.restore();
    this.ksef.restore();
    await this.probeTarget.switchOn();
    this.outages.push({ lengthMs, noticedAfterMs });
    const noticed = noticedAfterMs === null ? 'never noticed by the hub' : `noticed ${seconds(noticedAfterMs)} s in`;
    return (
      `INTERNET BACK after ${seconds(lengthMs)} s (${noticed}): readers forwarded ${forwarded} stored payments, ` +
      `the hub owes Stripe ${backlog} jobs`
    );
  }

  /** After the store closed: waits (bounded) for the hub's Stripe queue to empty, then holds the fake to the day. */
  async settle(tally: Tally): Promise<UpstreamsDay> {
    const admin = this.connected();
    const drainMs = await this.waitFor((stripe) => stripe.depth === 0, DRAIN_TIMEOUT_MS);
    const [stripe, { payments: atRisk }, { conflicts }] = await Promise.all([
      this.stripe(),
      admin.get<AtRiskPaymentList>('/v1/admin/upstream/stripe/at-risk'),
      admin.get<{ conflicts: ConflictView[] }>('/v1/admin/conflicts'),
    ]);
    const held = heldPayments(conflicts);
    const reporting = await this.backOffice.settle(admin);
    const invoicing = await this.ksef.settle(admin, tally.toJSON()['invoices requested'] ?? 0);
    const payments: SettledPayment[] = this.readers.records().map((record) => ({
      ...record,
      applied: record.paymentIntentId ? this.fake.applied(record.paymentIntentId) : NOTHING_APPLIED,
      held: held.has(record.paymentId),
    }));
    const sum = (key: 'captures' | 'cancels' | 'refunds') => payments.reduce((n, p) => n + p.applied[key], 0);
    const lengths = this.outages.map((outage) => outage.lengthMs);
    const notices = this.outages.map((outage) => outage.noticedAfterMs);
    const summary: UpstreamsSummary = {
      stripe: this.label,
      payments: payments.length,
      owed: payments.filter(owesStripe).length,
      declined: payments.filter((payment) => payment.declineCode !== undefined).length,
      heldForManager: payments.filter((payment) => payment.held).length,
      applied: { captures: sum('captures'), cancels: sum('cancels'), refunds: sum('refunds') },
      atRisk: atRisk.length,
      outages: {
        count: this.outages.length,
        totalMs: Math.round(lengths.reduce((total, ms) => total + ms, 0)),
        longestMs: Math.round(Math.max(0, ...lengths)),
        slowestNoticeMs: notices.includes(null) ? null : Math.round(Math.max(0, ...(notices as number[]))),
      },
      backlogAtRestore: this.backlogAtRestore,
      drainMs: drainMs === null ? null : Math.round(drainMs),
      jobs: Object.fromEntries(JOB_STATES.map((state) => [state, stripe.counts[state]])) as UpstreamsSummary['jobs'],
      conexxus: reporting.summary,
      invoicing: invoicing.summary,
    };
    return {
      summary,
      checks: [
        checkExactlyOnce(payments),
        checkAtRisk(payments, atRisk),
        checkQueue(summary),
        checkOutagesNoticed(notices),
        ...reporting.checks,
        ...invoicing.checks,
      ],
    };
  }

  async close(): Promise<void> {
    try {
      await this.probeTarget.switchOff();
    } finally {
      await Promise.all([this.fake.close(), this.backOffice.close(), this.ksef.close()]);
    }
  }

  private probeUrls(): { internet: string; stripe: string } {
    return { internet: this.probeTarget.url, stripe: `${this.fake.url}/v1/` };
  }

  private connected(): AdminClient {
    if (!this.admin) throw new Error('StoreUpstreams.connect() first: the hub does not know the Stripe fake yet');
    return this.admin;
  }

  private async stripe(): Promise<ConnectorView> {
    const overview = await this.connected().get<UpstreamOverview>('/v1/admin/upstream');
    const stripe = overview.connectors.find((connector) => connector.name === STRIPE);
    if (!stripe) throw new Error('the hub shows no Stripe connector');
    return stripe;
  }

  /** How long until the hub's Stripe connector shows `condition`, or null if it did not within `timeoutMs`. */
  private async waitFor(condition: (stripe: ConnectorView) => boolean, timeoutMs: number): Promise<number | null> {
    const started = performance.now();
    for (;;) {
      if (condition(await this.stripe())) return performance.now() - started;
      if (performance.now() - started > timeoutMs) return null;
      await pause(POLL_MS);
    }
  }
}

/** Payments beyond the offline limits that the hub holds as a conflict until the manager decides. */
function heldPayments(conflicts: readonly ConflictView[]): Set<string> {
  return new Set(
    conflicts
      .filter((conflict) => conflict.kind === 'offline_limit_exceeded' && conflict.status !== 'resolved')
      .flatMap((conflict) => {
        const paymentId = (conflict.detail as { requested?: { paymentId?: string } } | null)?.requested?.paymentId;
        return paymentId ? [paymentId] : [];
      }),
  );
}

import type { Database, Statement } from 'better-sqlite3';
import type { UpstreamSettings } from '../../config/settings-schema.js';
import type { LedgerRecord } from '../../ledger/event-log.js';
import type { Ledger } from '../../ledger/ledger.js';
import type { Logger } from '../../observability/logger.js';
import { addDays, businessDate as businessDateOf, instantAt } from '../../../../shared/store-calendar.js';
import { storeTimeZone } from '../../sales/store-time-zone.js';
import { REPORTED_EVENT_TYPES, storeTransactionOf } from '../../sales/store-transactions.js';
import type { SecretStore } from '../../security/secret-store.js';
import type { Clock } from '../../upstream/clock/clock.js';
import type { Probe } from '../../upstream/connectivity/connectivity-monitor.js';
import { httpProbe } from '../../upstream/connectivity/http-probe.js';
import { NaxmlConnector } from '../../upstream/naxml/naxml-connector.js';
import { NAXML_MAX_ATTEMPTS } from '../../upstream/naxml/naxml-jobs.js';
import type { OutboxStore } from '../../upstream/outbox/outbox-store.js';
import { ConnectorWorkerPool } from '../../upstream/workers/connector-worker-pool.js';
import { journalJob } from './conexxus-documents.js';
import { ConexxusSettingsStore } from './conexxus-settings.js';
import { EndOfDay, type EndOfDayRun } from './end-of-day.js';
import { journalEntryOf } from './naxml-journal.js';
import { access, constants } from 'node:fs/promises';

/** How many closed days one scheduler pass reports at most: a hub off for a month catches up over a few minutes. */
const CATCH_UP_PER_PASS = 31;

export interface ConexxusForwardingOptions {
  ledger: Ledger;
  outbox: OutboxStore;
  secrets: SecretStore;
  storeId: string;
  settings: UpstreamSettings['conexxus'];
  clock: Clock;
  logger: Logger;
}

/**
 * Conexxus reporting wired into the hub (DESIGN §6, issue 8): a POS journal document queued with every recorded sale,
 * refund and void; the end of day made for each closed business date at the store's configured time; a correction
 * for a day whose facts changed after its report; the pool that delivers them by folder drop or HTTPS.
 */
export class ConexxusForwarding {
  readonly settings: ConexxusSettingsStore;
  readonly endOfDay: EndOfDay;
  readonly pool: ConnectorWorkerPool;
  private readonly reported: Statement<[string], { one: number }>;
  private readonly markStale: Statement<[string, number]>;
  private readonly unreported: Statement<[{ from: string; to: string }], { day: string }>;
  private readonly staleDays: Statement<[], { business_date: string; first_cursor: number }>;
  private readonly lastReported: Statement<[string], { revision: number }>;
  private cancelTick: (() => void) | undefined;

  constructor(private readonly options: ConexxusForwardingOptions) {
    const { ledger, outbox, clock } = options;
    const db: Database = ledger.db;
    this.settings = new ConexxusSettingsStore(db, options.secrets, options.storeId);
    this.endOfDay = new EndOfDay(ledger, outbox, this.settings);
    this.pool = new ConnectorWorkerPool({
      connector: new NaxmlConnector({ transport: () => this.settings.transport(), clock }),
      outbox,
      concurrency: options.settings.concurrency,
      maxAttempts: NAXML_MAX_ATTEMPTS,
      performTimeoutMs: options.settings.timeoutSeconds * 1000,
      clock,
    });
    this.reported = db.prepare('SELECT 1 AS one FROM conexxus_reports WHERE business_date = ? LIMIT 1');
    this.markStale = db.prepare(
      'INSERT INTO conexxus_stale_days (business_date, first_cursor) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.unreported = db.prepare(
      `WITH RECURSIVE days(day) AS (SELECT @from UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < @to)
       SELECT day FROM days WHERE day NOT IN (SELECT business_date FROM conexxus_reports) ORDER BY day`,
    );
    this.staleDays = db.prepare('SELECT business_date, first_cursor FROM conexxus_stale_days ORDER BY business_date');
    this.lastReported = db.prepare('SELECT MAX(revision) AS revision FROM conexxus_reports WHERE business_date = ?');
    // Before anything can record a fact: from here on every sale, refund and void carries its journal entry.
    ledger.onRecord((record) => this.onRecord(record));
  }

  /** After `settings.load()` and the host's first gate, so no job is tried before the pool knows it may. */
  start(): void {
    this.pool.start();
    this.scheduleTick(0);
  }

  async stop(graceMs: number): Promise<void> {
    this.cancelTick?.();
    this.cancelTick = undefined;
    await this.pool.stop(graceMs);
  }

  /** True once Conexxus is on and its transport has what it needs. */
  get configured(): boolean {
    return this.settings.transport() !== null;
  }

  /** Folder drop has no network target; HTTPS is probed at the back office's origin. */
  probe(): Probe {
    return async (signal) => {
      const transport = this.settings.transport();
      if (!transport) return;
      if (transport.kind === 'folder') {
        await access(transport.folder, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
          throw new Error(`${transport.folder}: ${error.code ?? error.message}`);
        });
        return;
      }
      await httpProbe({ url: new URL('/', transport.url).toString() })(signal);
    };
  }

  timeZone(): string {
    return storeTimeZone(this.options.ledger.db);
  }

  /** The store's business date at `now`. */
  today(now: Date): string {
    return businessDateOf(now.toISOString(), this.timeZone());
  }

  /** When `businessDate` closes: its end of day runs at `endOfDayAt` on the next calendar day. */
  closesAt(businessDate: string): Date {
    return instantAt(addDays(businessDate, 1), this.settings.settings().endOfDayAt, this.timeZone());
  }

  /** When its reports should be acknowledged: the next morning at `acknowledgedBy`. */
  acknowledgeBy(businessDate: string): Date {
    return instantAt(addDays(businessDate, 1), this.settings.settings().acknowledgedBy, this.timeZone());
  }

  /** A manager's end of day for any date up to today; the same run twice makes nothing new. */
  runEndOfDay(businessDate: string, by: string): EndOfDayRun {
    const before = this.lastReported.get(businessDate)?.revision;
    const reason = before ? `run again by ${by} after revision ${before}` : `run by ${by}`;
    return this.endOfDay.run(businessDate, by, reason, this.options.clock.now());
  }

  /**
   * Every closed day since reporting began gets its end of day, and every closed day whose facts changed after its
   * report gets a correction. Runs once a minute; catches up after the hub was off. Only while Conexxus is on.
   */
  tick(now = this.options.clock.now()): EndOfDayRun[] {
    const settings = this.settings.settings();
    if (!settings.enabled || !settings.reportsFrom) return [];
    const runs: EndOfDayRun[] = [];
    let lastClosed = addDays(this.today(now), -1);
    if (this.closesAt(lastClosed) > now) lastClosed = addDays(lastClosed, -1);
    if (lastClosed >= settings.reportsFrom) {
      for (const { day } of this.unreported.all({ from: settings.reportsFrom, to: lastClosed })) {
        if (runs.length >= CATCH_UP_PER_PASS) break;
        this.attempt(runs, day, () => this.endOfDay.run(day, 'schedule', `end of day at ${settings.endOfDayAt}`, now));
      }
    }
    for (const { business_date: day, first_cursor: cursor } of this.staleDays.all()) {
      if (day > lastClosed) continue;
      const revision = this.lastReported.get(day)?.revision;
      const reason = `sales, refunds or voids recorded after revision ${revision} (first at ledger cursor ${cursor})`;
      this.attempt(runs, day, () => this.endOfDay.run(day, 'correction', reason, now));
    }
    return runs;
  }

  /** One day that cannot be reported (a day mixing currencies) must not stop the others, nor the timer. */
  private attempt(runs: EndOfDayRun[], day: string, run: () => EndOfDayRun): void {
    try {
      runs.push(run());
    } catch (error) {
      this.options.logger.error({ err: error, businessDate: day }, 'conexxus end of day failed');
    }
  }

  private scheduleTick(ms: number): void {
    this.cancelTick = this.options.clock.schedule(ms, () => {
      try {
        this.tick();
      } finally {
        this.scheduleTick(this.options.settings.scheduleCheckSeconds * 1000);
      }
    });
  }

  /** Inside the fact's transaction: its journal entry, and the mark that its day's report is now out of date. */
  private onRecord(record: LedgerRecord): void {
    if (record.status !== 'accepted' || !REPORTED_EVENT_TYPES.has(record.event.type)) return;
    const outcome = record.outcome as Record<string, { businessDate: string } | undefined>;
    const day = (outcome.sale ?? outcome.refund ?? outcome.void)!.businessDate;
    if (this.reported.get(day)) this.markStale.run(day, record.cursor);
    const settings = this.settings.settings();
    if (!settings.enabled) return;
    const tx = storeTransactionOf(this.options.ledger.db, record)!;
    const entry = journalEntryOf(tx, this.endOfDay.header(), this.timeZone(), settings.defaultMerchandiseCode);
    this.options.outbox.enqueue({
      ...journalJob(entry, tx.saleId),
      source: { cursor: record.cursor, eventId: record.event.id },
    });
  }
}

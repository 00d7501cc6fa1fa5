import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson } from '../../../../shared/canonical-json.js';
import type { Ledger } from '../../ledger/ledger.js';
import { storeTransactionsOn } from '../../sales/store-transactions.js';
import type { OutboxStore } from '../../upstream/outbox/outbox-store.js';
import type { TransmissionHeader } from '../../upstream/naxml/naxml-documents.js';
import { CONEXXUS_CONNECTOR } from '../../upstream/naxml/naxml-jobs.js';
import { movementJobs } from './conexxus-documents.js';
import type { ConexxusSettingsStore } from './conexxus-settings.js';
import { dayFigures } from './naxml-day.js';

export interface EndOfDayRun {
  businessDate: string;
  revision: number;
  /** False when the day's figures are those of its latest revision: nothing new is made or sent. */
  created: boolean;
}

interface RevisionRow {
  revision: number;
  fingerprint: string;
}

/** NAXML's VendorModelVersion: the hub's own version, as registers send theirs. */
export const VENDOR_MODEL_VERSION = '0.1.0';

/**
 * Makes a business date's end of day (DESIGN §6): its four movement reports, from the ledger's projections, as one
 * revision whose documents are queued in the same transaction. A day whose figures have not changed since its
 * latest revision makes nothing new, so running it twice gives the same documents under the same names, sent once.
 * Changed figures (a till that synced late, a manager's re-run after a catalog fix) make the next revision.
 */
export class EndOfDay {
  private readonly latest: Statement<[string], RevisionRow>;
  private readonly insert: Statement<Record<string, string | number | null>>;
  private readonly clearStale: Statement<[string]>;
  private readonly superseded: Statement<[string, number], { id: string }>;

  constructor(
    private readonly ledger: Ledger,
    private readonly outbox: OutboxStore,
    private readonly settings: ConexxusSettingsStore,
  ) {
    const db: Database = ledger.db;
    this.latest = db.prepare(
      'SELECT revision, fingerprint FROM conexxus_reports WHERE business_date = ? ORDER BY revision DESC LIMIT 1',
    );
    this.insert = db.prepare(
      `INSERT INTO conexxus_reports (business_date, revision, fingerprint, created_at, created_by, reason, currency,
         gross, net, transactions)
       VALUES (@businessDate, @revision, @fingerprint, @createdAt, @createdBy, @reason, @currency, @gross, @net,
         @transactions)`,
    );
    this.clearStale = db.prepare('DELETE FROM conexxus_stale_days WHERE business_date = ?');
    this.superseded = db.prepare(
      `SELECT id FROM upstream_jobs
       WHERE connector = '${CONEXXUS_CONNECTOR}' AND kind = 'movement' AND json_extract(payload, '$.businessDate') = ?
         AND json_extract(payload, '$.revision') < ? AND state IN ('queued', 'dead')`,
    );
  }

  header(): TransmissionHeader {
    const s = this.settings.settings();
    return { storeLocationId: s.storeLocationId, vendorName: s.vendorName, vendorModelVersion: VENDOR_MODEL_VERSION };
  }

  run(businessDate: string, createdBy: string, reason: string, now: Date): EndOfDayRun {
    const db = this.ledger.db;
    return this.ledger.transaction(() => {
      const settings = this.settings.settings();
      const figures = dayFigures(
        storeTransactionsOn(db, businessDate),
        this.header(),
        businessDate,
        settings.defaultMerchandiseCode,
      );
      const fingerprint = createHash('sha256').update(canonicalJson(figures)).digest('hex');
      const latest = this.latest.get(businessDate);
      this.clearStale.run(businessDate);
      if (latest?.fingerprint === fingerprint) return { businessDate, revision: latest.revision, created: false };
      const revision = (latest?.revision ?? 0) + 1;
      this.insert.run({
        businessDate,
        revision,
        fingerprint,
        createdAt: now.toISOString(),
        createdBy,
        reason,
        currency: figures.currency,
        gross: figures.totals.gross,
        net: figures.totals.net,
        transactions: figures.totals.saleCount + figures.totals.refundCount + figures.totals.voidCount,
      });
      // An older revision still waiting would only tell the back office figures it is about to be corrected on.
      for (const { id } of this.superseded.all(businessDate, revision)) {
        this.outbox.cancel(id, `system: superseded by revision ${revision}`);
      }
      for (const job of movementJobs(figures, revision)) this.outbox.enqueue(job);
      return { businessDate, revision, created: true };
    });
  }
}

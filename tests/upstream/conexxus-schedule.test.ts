/**
 * When the hub makes end-of-day reports by itself (issue 8): a business date closes at `endOfDayAt` the next day
 * in the store's zone; every closed day since reporting began gets one, a hub that was off catches up, a day whose
 * facts changed after its report gets a correction once it is closed (also after a restart), and journal documents
 * are made only while Conexxus is on. A real ledger file and outbox on a manual clock; no network.
 */
import { describe, expect, it } from 'vitest';
import { conexxusRejected, conexxusUnacknowledged } from '../../src/main/hub/alerts/rules/upstream/conexxus-reports.js';
import { ConexxusForwarding } from '../../src/main/hub/forwarding/conexxus/conexxus-forwarding.js';
import { listEndOfDays } from '../../src/main/hub/forwarding/conexxus/conexxus-reads.js';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import type { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { createLogger } from '../../src/main/hub/observability/logger.js';
import { businessDate } from '../../src/shared/store-calendar.js';
import { MemorySecretStore } from '../../src/main/hub/security/memory-secret-store.js';
import { ManualClock } from '../../src/main/hub/upstream/clock/manual-clock.js';
import type { NaxmlJobPayload } from '../../src/main/hub/upstream/naxml/naxml-jobs.js';
import { tempDir } from '../helpers/ledger-testkit.js';
import { openOutbox, type OutboxKit } from './upstream-testkit.js';

const SETTINGS = { concurrency: 1, timeoutSeconds: 5, scheduleCheckSeconds: 60 };

function conexxusOn(kit: OutboxKit, secrets = new MemorySecretStore()): ConexxusForwarding {
  return new ConexxusForwarding({
    ledger: kit.ledger,
    outbox: kit.outbox,
    secrets,
    storeId: 'store-1',
    settings: SETTINGS,
    clock: kit.clock,
    logger: createLogger('silent'),
  });
}

async function enable(conexxus: ConexxusForwarding, kit: OutboxKit, folder = tempDir('backroom-naxml-')) {
  const now = kit.clock.now();
  await conexxus.settings.save(
    {
      enabled: true,
      storeLocationId: '7',
      vendorName: 'Backroom',
      transport: 'folder',
      folder,
      url: '',
      auth: 'none',
      username: '',
      endOfDayAt: '02:00',
      acknowledgedBy: '09:00',
      defaultMerchandiseCode: '0',
    },
    'Olga',
    now,
    conexxus.today(now),
  );
}

let saleNo = 0;
/** An accepted sale as the deciders would record it (payload and decided outcome), dated in the store's zone. */
function sell(ledger: Ledger, occurredAt: string, amount = 500, currency = 'PLN'): void {
  saleNo += 1;
  const event = {
    ...hubEvent(
      'sale.complete',
      {
        saleId: `s${saleNo}`,
        locationId: 'shelf',
        lines: [{ productId: 'tea', quantity: 1, unitPrice: { amount, currency }, taxRate: '23' }],
        tenders: [{ method: 'cash', amount: { amount, currency } }],
      },
      'test',
    ),
    occurredAt,
  };
  const sale = {
    total: amount,
    cash: amount,
    card: 0,
    currency,
    businessDate: businessDate(occurredAt, 'Europe/Warsaw'),
  };
  ledger.append([{ status: 'accepted', event, outcome: { sale, stock: [] } }]);
}

function seedCatalog(ledger: Ledger): void {
  ledger.append([
    { status: 'accepted', event: hubEvent('catalog.location', { id: 'shelf', name: 'Shelf', active: true }, 'test') },
    { status: 'accepted', event: hubEvent('catalog.product', { id: 'tea', name: 'Tea', unit: 'pcs' }, 'test') },
  ]);
}

/** No timers are pending here (the schedule is driven by hand), so advancing only moves the time. */
const to = (clock: ManualClock, iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());

const movementJobs = (kit: OutboxKit) =>
  kit.outbox
    .list({ connector: 'conexxus', kind: 'movement', limit: 500 })
    .sort((a, b) => a.seq - b.seq)
    .map((job) => ({ state: job.state, ...(job.payload as NaxmlJobPayload) }));
const reportedDays = (kit: OutboxKit) =>
  kit.ledger.db
    .prepare<[], { business_date: string; revision: number; created_by: string }>(
      'SELECT business_date, revision, created_by FROM conexxus_reports ORDER BY business_date, revision',
    )
    .all();

describe('the Conexxus end-of-day schedule', () => {
  it('journals nothing and reports nothing while Conexxus is off', async () => {
    const kit = openOutbox(tempDir(), new ManualClock('2026-12-01T10:00:00.000Z'));
    const conexxus = conexxusOn(kit);
    seedCatalog(kit.ledger);
    sell(kit.ledger, '2026-12-01T10:00:00.000Z');
    expect(kit.outbox.list({ connector: 'conexxus', limit: 10 })).toEqual([]);
    await to(kit.clock, '2026-12-05T10:00:00.000Z');
    expect(conexxus.tick()).toEqual([]);
  });

  it('reports a day only once it closes, at endOfDayAt the next morning in the store zone', async () => {
    // 2026-12-01, 11:00 in Warsaw (UTC+1): Conexxus turned on today, so today is the first day reported.
    const kit = openOutbox(tempDir(), new ManualClock('2026-12-01T10:00:00.000Z'));
    const conexxus = conexxusOn(kit);
    seedCatalog(kit.ledger);
    await enable(conexxus, kit);
    sell(kit.ledger, '2026-12-01T10:05:00.000Z');
    expect(kit.outbox.list({ connector: 'conexxus', kind: 'journal', limit: 10 })).toHaveLength(1);

    await to(kit.clock, '2026-12-02T00:59:00.000Z'); // 01:59 in Warsaw: the 1st is not closed yet
    expect(conexxus.tick()).toEqual([]);
    await to(kit.clock, '2026-12-02T01:00:00.000Z'); // 02:00
    expect(conexxus.tick()).toEqual([{ businessDate: '2026-12-01', revision: 1, created: true }]);
    expect(conexxus.tick()).toEqual([]);
    expect(movementJobs(kit).map((job) => job.fileName)).toEqual(
      ['ISM', 'MCM', 'TLM', 'MSM'].map((type) => `${type}340_7_20261201_R01.xml`),
    );
  });

  it('catches up every closed day after the hub was off, and makes empty days too', async () => {
    const kit = openOutbox(tempDir(), new ManualClock('2026-12-01T10:00:00.000Z'));
    const conexxus = conexxusOn(kit);
    seedCatalog(kit.ledger);
    await enable(conexxus, kit);
    sell(kit.ledger, '2026-12-01T12:00:00.000Z');
    sell(kit.ledger, '2026-12-03T12:00:00.000Z');
    await to(kit.clock, '2026-12-05T12:00:00.000Z');
    const runs = conexxus.tick();
    expect(runs.map((run) => run.businessDate)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    const empty = movementJobs(kit).find((job) => job.type === 'ISM' && job.businessDate === '2026-12-02')!;
    expect(empty.document).not.toContain('<ISMDetail>');
  });

  it('a fact recorded late for a reported day makes a correction once the day is closed, also after a restart', async () => {
    const dataDir = tempDir();
    const clock = new ManualClock('2026-12-01T10:00:00.000Z');
    const kit = openOutbox(dataDir, clock);
    const conexxus = conexxusOn(kit);
    seedCatalog(kit.ledger);
    await enable(conexxus, kit);
    sell(kit.ledger, '2026-12-01T12:00:00.000Z');
    // The manager runs today's end of day early; a later sale today must not make a correction every minute.
    expect(conexxus.runEndOfDay('2026-12-01', 'Olga')).toEqual({
      businessDate: '2026-12-01',
      revision: 1,
      created: true,
    });
    sell(kit.ledger, '2026-12-01T13:00:00.000Z');
    expect(conexxus.tick()).toEqual([]);
    kit.ledger.close();

    // Restarted after the day closed: the late sale's mark survived, so the correction is made.
    await to(clock, '2026-12-02T06:00:00.000Z');
    const again = openOutbox(dataDir, clock);
    const restarted = conexxusOn(again);
    await restarted.settings.load();
    expect(restarted.tick()).toEqual([{ businessDate: '2026-12-01', revision: 2, created: true }]);
    expect(reportedDays(again)).toEqual([
      { business_date: '2026-12-01', revision: 1, created_by: 'Olga' },
      { business_date: '2026-12-01', revision: 2, created_by: 'correction' },
    ]);
    // Revision 1 had not gone out yet: it is withdrawn rather than sending figures about to be corrected.
    const states = movementJobs(again).map((job) => `${job.revision}:${job.state}`);
    expect(states).toEqual([
      '1:cancelled',
      '1:cancelled',
      '1:cancelled',
      '1:cancelled',
      '2:queued',
      '2:queued',
      '2:queued',
      '2:queued',
    ]);
    // Another late sale from a till back online: a third revision.
    sell(again.ledger, '2026-12-01T20:00:00.000Z', 900);
    expect(restarted.tick()).toEqual([{ businessDate: '2026-12-01', revision: 3, created: true }]);
  });

  it('a day that cannot be reported does not stop the others', async () => {
    const kit = openOutbox(tempDir(), new ManualClock('2026-12-01T10:00:00.000Z'));
    const conexxus = conexxusOn(kit);
    seedCatalog(kit.ledger);
    await enable(conexxus, kit);
    sell(kit.ledger, '2026-12-01T12:00:00.000Z', 500, 'PLN');
    sell(kit.ledger, '2026-12-01T13:00:00.000Z', 500, 'EUR');
    sell(kit.ledger, '2026-12-02T12:00:00.000Z');
    await to(kit.clock, '2026-12-03T12:00:00.000Z');
    expect(conexxus.tick()).toEqual([{ businessDate: '2026-12-02', revision: 1, created: true }]);
    expect(() => conexxus.runEndOfDay('2026-12-01', 'Olga')).toThrow(/PLN and EUR/);
  });

  it('alerts when a day is not acknowledged by acknowledgedBy the next morning', async () => {
    const kit = openOutbox(tempDir(), new ManualClock('2026-12-01T10:00:00.000Z'));
    const conexxus = conexxusOn(kit);
    seedCatalog(kit.ledger);
    await enable(conexxus, kit);
    sell(kit.ledger, '2026-12-01T12:00:00.000Z');
    await to(kit.clock, '2026-12-02T01:00:00.000Z');
    conexxus.tick();
    const source = {
      overdueEndOfDays: (now: Date) =>
        listEndOfDays(kit.ledger.db, { limit: 14 }, (day) => conexxus.acknowledgeBy(day), now).days.filter(
          (day) => day.overdue,
        ),
    };
    const rule = conexxusUnacknowledged(source);
    // Nothing delivered (no pool runs here): at 08:59 in Warsaw there is still time, at 09:00 there is not.
    await to(kit.clock, '2026-12-02T07:59:00.000Z');
    expect(rule(kit.ledger.db, kit.clock.now(), {} as never)).toEqual([]);
    await to(kit.clock, '2026-12-02T08:00:01.000Z');
    expect(rule(kit.ledger.db, kit.clock.now(), {} as never)).toEqual([
      expect.objectContaining({
        key: 'conexxus-unacknowledged:2026-12-01',
        severity: 'warning',
        message: expect.stringMatching(/2026-12-01 is still waiting to be delivered.*2026-12-02T08:00:00.000Z/),
      }),
    ]);
  });

  it('a document the back office refused is an alert with its reason, and its day is failed', async () => {
    const kit = openOutbox(tempDir(), new ManualClock('2026-12-01T10:00:00.000Z'));
    const conexxus = conexxusOn(kit);
    seedCatalog(kit.ledger);
    await enable(conexxus, kit);
    sell(kit.ledger, '2026-12-01T12:00:00.000Z');
    conexxus.runEndOfDay('2026-12-01', 'Olga');
    // What the pool does with a FatalError acknowledgement: the job dies with the back office's words. The journal
    // entry goes first (it has priority), then the day's first report.
    const reason = 'business: the back office refused it (FatalError): line 12: unknown department 0';
    const refused = [kit.outbox.claimNext('conexxus')!, kit.outbox.claimNext('conexxus')!];
    for (const job of refused) kit.ledger.transaction(() => kit.outbox.kill(job.id, reason));
    expect(refused.map((job) => job.kind)).toEqual(['journal', 'movement']);
    expect(conexxusRejected(kit.ledger.db, kit.clock.now(), {} as never)).toEqual(
      refused.map((job) =>
        expect.objectContaining({
          key: `conexxus-rejected:${job.id}`,
          severity: 'critical',
          message: `${(job.payload as NaxmlJobPayload).fileName} was not accepted: ${reason}`,
        }),
      ),
    );
    const { days } = listEndOfDays(kit.ledger.db, { limit: 5 }, (day) => conexxus.acknowledgeBy(day), kit.clock.now());
    expect(days[0]).toMatchObject({ businessDate: '2026-12-01', state: 'failed' });
  });
});

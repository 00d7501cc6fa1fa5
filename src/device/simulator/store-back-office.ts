import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { startNaxmlFake, type NaxmlFake } from '../../fakes/naxml/index.js';
import type { EndOfDayList, RunEndOfDayReply } from '../../shared/protocol/conexxus-views.js';
import type { UpstreamJobPage, UpstreamOverview } from '../../shared/protocol/upstream-views.js';
import type { AdminClient } from './admin-client.js';
import { verdict, type CheckLine } from './day-check.js';
import { pause } from './pause.js';

export type BackOfficeTransport = 'https' | 'folder';

/** The store's Conexxus reporting as the summary tells it (`--upstreams`). */
export interface BackOfficeSummary {
  /** where the documents went: the NAXML fake's URL or the outbox folder */
  destination: string;
  transport: BackOfficeTransport;
  journal: number;
  /** business dates whose end of day the manager ran after closing, with the revision each reached */
  endOfDay: Array<{ businessDate: string; revision: number }>;
  /** documents the back office holds (fake: applied once per file name; folder: files) */
  delivered: number;
  /** deliveries the fake took beyond the first of each document (resends after a dropped answer or an outage) */
  redeliveries: number;
  drainMs: number | null;
}

interface DailyRow {
  businessDate: string;
  gross: number;
  refunds: number;
  voids: number;
  net: number;
  cash: number;
  card: number;
  saleCount: number;
  refundCount: number;
  voidCount: number;
}

const CONEXXUS = 'conexxus';
const POLL_MS = 200;
const DRAIN_TIMEOUT_MS = 60_000;
const PAGE = 500;
const parser = new XMLParser({ isArray: (name) => name.endsWith('Detail') || name === 'ISMSellPriceSummary' });

/**
 * The store's head office (issue 8), on this machine: a NAXML back office fake that acknowledges what the hub
 * POSTs, or an outbox folder as Passport's BOOutbox. During an internet outage the fake drops every connection; a
 * folder on the store's LAN stays where it is. After closing, the simulator runs the end of day as the manager and
 * holds every document the back office got to the hub's ledger.
 */
export class StoreBackOffice {
  private constructor(
    readonly transport: BackOfficeTransport,
    private readonly fake: NaxmlFake | undefined,
    private readonly folder: string | undefined,
  ) {}

  static async start(transport: BackOfficeTransport): Promise<StoreBackOffice> {
    if (transport === 'https') return new StoreBackOffice(transport, await startNaxmlFake(), undefined);
    return new StoreBackOffice(transport, undefined, await mkdtemp(join(tmpdir(), 'backroom-boutbox-')));
  }

  get label(): string {
    return this.fake ? `the NAXML back office fake on ${this.fake.url}` : `the outbox folder ${this.folder}`;
  }

  /** As the manager on Settings → Connectors → Conexxus. */
  async connect(admin: AdminClient, pin: string): Promise<void> {
    await admin.put('/v1/admin/settings/connectors/conexxus', {
      enabled: true,
      storeLocationId: 'SIM1',
      vendorName: 'Backroom simulator',
      transport: this.transport,
      folder: this.folder ?? '',
      url: this.fake?.url ?? '',
      auth: 'none',
      username: '',
      endOfDayAt: '02:00',
      acknowledgedBy: '09:00',
      defaultMerchandiseCode: '0',
      pin,
    });
  }

  cut(): void {
    this.fake?.setReachable(false);
  }

  restore(): void {
    this.fake?.setReachable(true);
  }

  /**
   * After closing: the end of day for every business date the journal touched, then (bounded) until the hub owes the
   * back office nothing, then the checks: every journal entry and report delivered once, the reports' sums equal to
   * the hub's daily totals.
   */
  async settle(admin: AdminClient): Promise<{ summary: BackOfficeSummary; checks: CheckLine[] }> {
    const dates = [...new Set((await allJobs(admin, 'journal')).map((job) => dateOfFile(job.fileName!)))].sort();
    const endOfDay: BackOfficeSummary['endOfDay'] = [];
    for (const businessDate of dates) {
      const run = await admin.post<RunEndOfDayReply>('/v1/admin/upstream/conexxus/end-of-day', { businessDate });
      endOfDay.push({ businessDate, revision: run.revision });
    }
    const drainMs = await drained(admin);
    // Read after the queue drained: a document that waited out an outage is done only now.
    const journal = await allJobs(admin, 'journal');
    const reports = (await allJobs(admin, 'movement')).filter((job) => job.state !== 'cancelled');
    const documents = [...journal, ...reports];
    const held = await this.held();
    const daily = dates.length
      ? (await admin.get<{ totals: DailyRow[] }>(`/v1/admin/sales/daily-totals?from=${dates[0]}&to=${dates.at(-1)}`))
          .totals
      : [];
    const checks = [
      await this.checkDelivered(admin, documents, held),
      checkJournalComplete(journal.length, daily),
      await checkReportsAddUp(admin, endOfDay, reports, daily),
    ];
    const summary: BackOfficeSummary = {
      destination: this.label,
      transport: this.transport,
      journal: journal.length,
      endOfDay,
      delivered: held.size,
      redeliveries: this.fake ? this.fake.applied().reduce((n, doc) => n + doc.deliveries - 1, 0) : 0,
      drainMs: drainMs === null ? null : Math.round(drainMs),
    };
    return { summary, checks };
  }

  async close(): Promise<void> {
    await this.fake?.close();
    if (this.folder) await rm(this.folder, { recursive: true, force: true });
  }

  /** What the back office holds: file name → SHA-256 of its bytes. */
  private async held(): Promise<Map<string, string>> {
    if (this.fake) return new Map(this.fake.applied().map((doc) => [doc.fileName, doc.sha256]));
    const names = (await readdir(this.folder!)).filter((name) => name.endsWith('.xml'));
    const entries = await Promise.all(
      names.map(async (name) => [name, sha256(await readFile(join(this.folder!, name)))] as const),
    );
    return new Map(entries);
  }

  /** Each document the hub made is at the back office once, under its name, byte for byte; and nothing else is. */
  private async checkDelivered(
    admin: AdminClient,
    documents: UpstreamJobPage['jobs'],
    held: Map<string, string>,
  ): Promise<CheckLine> {
    const differences: string[] = [];
    for (const job of documents) {
      if (job.state !== 'done') differences.push(`${job.fileName} is ${job.state}: ${job.lastError ?? ''}`);
      const bytes = await admin.text(`/v1/admin/upstream/conexxus/documents/${job.id}`);
      const digest = held.get(job.fileName!);
      if (digest === undefined) differences.push(`${job.fileName} never reached the back office`);
      else if (digest !== sha256(Buffer.from(bytes, 'utf8'))) differences.push(`${job.fileName} arrived altered`);
    }
    const made = new Set(documents.map((job) => job.fileName));
    for (const name of held.keys()) if (!made.has(name)) differences.push(`${name} at the back office, not on the hub`);
    const resent = this.fake ? ', each applied once by its file name however often it was resent' : '';
    return verdict(
      `every NAXML document delivered to ${this.transport === 'https' ? 'the back office fake' : 'the outbox folder'}`,
      differences,
      `${documents.length} documents, byte for byte${resent}`,
    );
  }
}

/** Every Conexxus job of a kind, through the job list's pages. */
async function allJobs(admin: AdminClient, kind: string): Promise<UpstreamJobPage['jobs']> {
  const jobs: UpstreamJobPage['jobs'] = [];
  for (let before: number | null | undefined; before !== null;) {
    const query = `connector=${CONEXXUS}&kind=${kind}&limit=${PAGE}${before ? `&before=${before}` : ''}`;
    const page = await admin.get<UpstreamJobPage>(`/v1/admin/upstream/jobs?${query}`);
    jobs.push(...page.jobs);
    before = page.nextBefore;
  }
  return jobs;
}

/** `PJR340_SIM1_20261206_0000000042.xml` → `2026-12-06`. */
function dateOfFile(fileName: string): string {
  const day = /_(\d{4})(\d{2})(\d{2})_/.exec(fileName)!;
  return `${day[1]}-${day[2]}-${day[3]}`;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function drained(admin: AdminClient): Promise<number | null> {
  const started = performance.now();
  for (;;) {
    const { connectors } = await admin.get<UpstreamOverview>('/v1/admin/upstream');
    if (connectors.find((c) => c.name === CONEXXUS)?.depth === 0) return performance.now() - started;
    if (performance.now() - started > DRAIN_TIMEOUT_MS) return null;
    await pause(POLL_MS);
  }
}

/** One journal document for each sale, refund and void the hub's daily totals count. */
function checkJournalComplete(journal: number, daily: DailyRow[]): CheckLine {
  const facts = daily.reduce((n, row) => n + row.saleCount + row.refundCount + row.voidCount, 0);
  return verdict(
    'a POS journal document for every sale, refund and void',
    journal === facts ? [] : [`${journal} journal documents for ${facts} sales, refunds and voids`],
    `${journal} documents`,
  );
}

const minor = (value: unknown) => Math.round(Number(value) * 100);

/** Each date's latest ISM and MSM sum to the hub's daily totals for it, to the minor unit. */
async function checkReportsAddUp(
  admin: AdminClient,
  endOfDay: BackOfficeSummary['endOfDay'],
  reports: UpstreamJobPage['jobs'],
  daily: DailyRow[],
): Promise<CheckLine> {
  const differences: string[] = [];
  const { days } = await admin.get<EndOfDayList>('/v1/admin/upstream/conexxus/days?limit=366');
  for (const { businessDate, revision } of endOfDay) {
    const rows = daily.filter((row) => row.businessDate === businessDate);
    const total = (key: keyof DailyRow) => rows.reduce((n, row) => n + (row[key] as number), 0);
    const latest = days.find((day) => day.businessDate === businessDate)?.revisions[0];
    const documentOf = async (type: string) => {
      const doc = latest?.documents.find((d) => d.type === type);
      const job = doc && reports.find((r) => r.id === doc.jobId);
      return job ? parser.parse(await admin.text(`/v1/admin/upstream/conexxus/documents/${job.id}`)) : undefined;
    };
    const ism = await documentOf('ISM');
    const msm = await documentOf('MSM');
    if (!latest || latest.revision !== revision || !ism || !msm) {
      differences.push(`${businessDate}: revision ${revision} has no ISM or MSM on the hub`);
      continue;
    }
    const prices = (ism['NAXML-MovementReport'].ItemSalesMovement.ISMDetail ?? []).flatMap(
      (item: { ISMSellPriceSummary: Array<{ ISMSalesTotals: Record<string, unknown> }> }) => item.ISMSellPriceSummary,
    );
    const sales = prices.reduce(
      (n: number, p: { ISMSalesTotals: Record<string, unknown> }) => n + minor(p.ISMSalesTotals.SalesAmount),
      0,
    );
    const back = prices.reduce(
      (n: number, p: { ISMSalesTotals: Record<string, unknown> }) => n + minor(p.ISMSalesTotals.RefundAmount),
      0,
    );
    const summaries = msm['NAXML-MovementReport'].MiscellaneousSummaryMovement.MSMDetail as Array<{
      MiscellaneousSummaryCodes: { MiscellaneousSummarySubCodeModifier?: string };
      MSMSalesTotals: { MiscellaneousSummaryAmount: unknown };
    }>;
    const net = minor(
      summaries.find((d) => d.MiscellaneousSummaryCodes.MiscellaneousSummarySubCodeModifier === 'netSales')
        ?.MSMSalesTotals.MiscellaneousSummaryAmount,
    );
    const expected = { gross: total('gross'), back: -(total('refunds') + total('voids')), net: total('net') };
    const got = { gross: sales, back, net };
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      differences.push(`${businessDate}: reports say ${JSON.stringify(got)}, the hub ${JSON.stringify(expected)}`);
    }
  }
  return verdict(
    "the end-of-day reports add up to the hub's daily totals",
    differences,
    endOfDay.map(({ businessDate, revision }) => `${businessDate} R${revision}`).join(', ') || 'no business day',
  );
}

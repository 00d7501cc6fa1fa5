/**
 * A fixed store day through a real hub (issue 8): sales at several tax rates and departments, a refund, a void,
 * cash and card. Every sale, refund and void leaves a POS journal document; the manager's end of day makes the four
 * movement reports. Each document is compared byte for byte with a golden file, and their sums with the hub's daily
 * totals to the minor unit. A till that syncs the day late makes a corrected report, and both revisions are listed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyTotals } from '../../src/main/hub/sales/daily-totals.js';
import type { NaxmlJobPayload } from '../../src/main/hub/upstream/naxml/naxml-jobs.js';
import type { EndOfDayList } from '../../src/shared/protocol/conexxus-views.js';
import type { PushReply } from '../../src/shared/protocol/device-api.js';
import { until } from '../helpers/until.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { tempDir } from '../helpers/ledger-testkit.js';

const DAY = '2026-12-01';
const GOLDEN = path.join(import.meta.dirname, '../fixtures/naxml/golden');
/** `UPDATE_GOLDEN=1 npx vitest run tests/upstream/conexxus-store-day.test.ts` rewrites them; review the diff. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const PRODUCTS = [
  { id: 'cola', name: 'Cola 0,5 l', unit: 'pcs', taxRate: '23', merchandiseCode: '400' },
  { id: '5901234123457', name: 'Woda 1,5 l', unit: 'pcs', taxRate: '8', merchandiseCode: '400' },
  { id: 'chleb', name: 'Chleb żytni & masło', unit: 'pcs', taxRate: '5', merchandiseCode: '100' },
  // No department: reported under the store's default one.
  { id: 'znaczek', name: 'Znaczek pocztowy', unit: 'pcs', taxRate: 'zw' },
];

const pln = (amount: number) => ({ amount, currency: 'PLN' });
const line = (productId: string, quantity: number, unitPrice: number) => {
  const taxRate = PRODUCTS.find((p) => p.id === productId)!.taxRate;
  return { productId, quantity, unitPrice: pln(unitPrice), taxRate };
};

describe('a store day reported to a Conexxus back office', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();
  const outboxFolder = tempDir('backroom-naxml-out-');

  const push = async (events: ReturnType<TestDevice['envelope']>[]) => {
    const pushed = await t.lan<PushReply>('POST', '/v1/events', { token: till.token, body: { events } });
    expect(pushed.status, pushed.text).toBe(200);
    for (const result of pushed.json.results) expect(result.status, JSON.stringify(result)).toBe('accepted');
  };
  const at = (occurredAt: string) => ({ occurredAt });
  const jobs = (kind: string) =>
    t.hub.context.upstream.outbox
      .list({ connector: 'conexxus', kind, limit: 500 })
      .sort((a, b) => a.seq - b.seq)
      .map((job) => ({ ...job, payload: job.payload as NaxmlJobPayload }));
  /** RegisterID is the till's id, which pairing makes up anew each run. */
  const stable = (document: string) => document.replaceAll(till.deviceId, 'TILL-1');

  beforeAll(async () => {
    t = await startDeviceTestHub({ 'upstream.conexxus.scheduleCheckSeconds': 3600 });
    const saved = await t.admin('PUT', '/v1/admin/settings/connectors/conexxus', {
      enabled: true,
      storeLocationId: '1022',
      vendorName: 'Backroom',
      transport: 'folder',
      folder: outboxFolder,
      url: '',
      auth: 'none',
      username: '',
      endOfDayAt: '02:00',
      acknowledgedBy: '09:00',
      defaultMerchandiseCode: '0',
      pin: '13579',
    });
    expect(saved.status, saved.text).toBe(200);
    expect(
      (await t.admin('POST', '/v1/admin/catalog/locations', { id: 'shelf', name: 'Shelf', active: true })).status,
    ).toBe(201);
    for (const product of PRODUCTS) {
      const made = await t.admin('POST', '/v1/admin/catalog/products', product);
      expect(made.status, made.text).toBe(201);
      await t.admin('POST', '/v1/admin/inventory/receipts', {
        productId: product.id,
        locationId: 'shelf',
        quantity: 50,
      });
    }
    await t.pair(till);

    await push([
      // 00:30 in Warsaw: the 1st, though it is still the 30th in UTC.
      till.envelope(
        'sale.complete',
        {
          saleId: 's1',
          locationId: 'shelf',
          cashierId: 'anna',
          lines: [line('cola', 2, 599), line('chleb', 1, 620)],
          tenders: [{ method: 'cash', amount: pln(1818) }],
        },
        at('2026-11-30T23:30:00.000Z'),
      ),
      till.envelope(
        'sale.complete',
        {
          saleId: 's2',
          locationId: 'shelf',
          cashierId: 'anna',
          lines: [line('5901234123457', 3, 249), line('znaczek', 1, 330)],
          tenders: [{ method: 'card', amount: pln(1077) }],
        },
        at('2026-12-01T09:30:00.000Z'),
      ),
      // Cola on promotion: a second price for the same item.
      till.envelope(
        'sale.complete',
        {
          saleId: 's3',
          locationId: 'shelf',
          cashierId: 'bartek',
          lines: [line('cola', 1, 549)],
          tenders: [{ method: 'cash', amount: pln(549) }],
        },
        at('2026-12-01T10:45:00.000Z'),
      ),
      till.envelope(
        'sale.complete',
        {
          saleId: 's4',
          locationId: 'shelf',
          cashierId: 'bartek',
          lines: [line('chleb', 2, 620)],
          tenders: [
            { method: 'cash', amount: pln(1000) },
            { method: 'card', amount: pln(240) },
          ],
        },
        at('2026-12-01T11:00:00.000Z'),
      ),
      till.envelope(
        'sale.void',
        { saleId: 's3', cashierId: 'bartek', reason: 'wrong item' },
        at('2026-12-01T11:05:00.000Z'),
      ),
      till.envelope(
        'sale.refund',
        {
          saleId: 's1',
          refundId: 'r1',
          cashierId: 'anna',
          lines: [{ productId: 'cola', quantity: 1 }],
          tenders: [{ method: 'cash', amount: pln(599) }],
          reason: 'dented can',
        },
        at('2026-12-01T15:20:00.000Z'),
      ),
    ]);
  });
  afterAll(async () => {
    await t?.hub.stop();
  });

  const golden = (name: string, text: string) => {
    const file = path.join(GOLDEN, name);
    if (UPDATE) fs.writeFileSync(file, text);
    expect(text, name).toBe(fs.readFileSync(file, 'utf8'));
  };

  it('journals every sale, refund and void as its own document, delivered to the outbox folder', async () => {
    const journal = jobs('journal');
    expect(journal.map((job) => job.payload.businessDate)).toEqual(Array(6).fill(DAY));
    const kinds = journal.map((job) => /<(Sale|Refund|Void)Event>/.exec(job.payload.document)![1]);
    expect(kinds).toEqual(['Sale', 'Sale', 'Sale', 'Sale', 'Void', 'Refund']);
    journal.forEach((job, index) => golden(`PJR-${index + 1}-${kinds[index]}.xml`, stable(job.payload.document)));
    await until('journal delivered', () => jobs('journal').every((job) => job.state === 'done'));
    const files = fs.readdirSync(outboxFolder).filter((name) => name.endsWith('.xml'));
    expect(files.sort()).toEqual(journal.map((job) => job.payload.fileName).sort());
    for (const job of journal) {
      expect(fs.readFileSync(path.join(outboxFolder, job.payload.fileName), 'utf8')).toBe(job.payload.document);
    }
  });

  it('makes the four movement reports the golden files hold, and they add up to the daily totals', async () => {
    const run = await t.admin('POST', '/v1/admin/upstream/conexxus/end-of-day', { businessDate: DAY });
    expect(run.status, run.text).toBe(200);
    expect(run.json).toEqual({ businessDate: DAY, revision: 1, created: true });
    const reports = jobs('movement');
    expect(reports.map((job) => job.payload.fileName)).toEqual(
      ['ISM', 'MCM', 'TLM', 'MSM'].map((type) => `${type}340_1022_20261201_R01.xml`),
    );
    for (const job of reports) golden(`${job.payload.type}.xml`, job.payload.document);

    // One row per till and cashier: the day is their sum.
    const rows = dailyTotals(t.hub.context.ledger.db, { from: DAY, to: DAY });
    const totals = Object.fromEntries(
      (['gross', 'refunds', 'voids', 'net', 'cash', 'card'] as const).map((k) => [
        k,
        rows.reduce((n, r) => n + r[k], 0),
      ]),
    ) as Record<'gross' | 'refunds' | 'voids' | 'net' | 'cash' | 'card', number>;
    expect(totals).toMatchObject({ gross: 4684, refunds: 599, voids: 549, net: 3536, cash: 2219, card: 1317 });
    const parser = new XMLParser({ isArray: (name) => name.endsWith('Detail') || name === 'ISMSellPriceSummary' });
    const minor = (text: string | number) => Math.round(Number(text) * 100);
    const doc = (type: string) => parser.parse(reports.find((job) => job.payload.type === type)!.payload.document);

    const ism = doc('ISM')['NAXML-MovementReport'].ItemSalesMovement.ISMDetail;
    const prices = ism.flatMap((item: { ISMSellPriceSummary: unknown[] }) => item.ISMSellPriceSummary);
    const sum = (rows: Array<Record<string, unknown>>, pick: (row: Record<string, unknown>) => unknown) =>
      rows.reduce((total, row) => total + minor(pick(row) as string | number), 0);
    expect(sum(prices, (p) => (p.ISMSalesTotals as Record<string, number>).SalesAmount)).toBe(totals.gross);
    expect(sum(prices, (p) => (p.ISMSalesTotals as Record<string, number>).RefundAmount)).toBe(
      -(totals.refunds + totals.voids),
    );

    const mcm = doc('MCM')['NAXML-MovementReport'].MerchandiseCodeMovement.MCMDetail;
    expect(sum(mcm, (d) => (d.MCMSalesTotals as Record<string, number>).SalesAmount)).toBe(totals.gross);
    expect(mcm.map((d: { MerchandiseCode: unknown }) => String(d.MerchandiseCode))).toEqual(['0', '100', '400']);

    const tlm = doc('TLM')['NAXML-MovementReport'].TaxLevelMovement.TLMDetail;
    const sold = sum(tlm, (d) => d.TaxableSalesAmount as number) + sum(tlm, (d) => d.TaxCollectedAmount as number);
    const exempt = sum(tlm, (d) => d.TaxExemptSalesAmount as number);
    expect(sold + exempt).toBe(totals.gross);
    const back =
      sum(tlm, (d) => d.TaxableSalesRefundedAmount as number) +
      sum(tlm, (d) => d.TaxRefundedAmount as number) +
      sum(tlm, (d) => d.TaxExemptSalesRefundedAmount as number);
    expect(back).toBe(totals.refunds + totals.voids);

    const msm = doc('MSM')['NAXML-MovementReport'].MiscellaneousSummaryMovement.MSMDetail as Array<{
      MiscellaneousSummaryCodes: Record<string, string>;
      MSMSalesTotals: { Tender?: { TenderCode: string }; MiscellaneousSummaryAmount: number };
    }>;
    const msmAmount = (modifier: string) =>
      minor(
        msm.find((d) => d.MiscellaneousSummaryCodes.MiscellaneousSummarySubCodeModifier === modifier)!.MSMSalesTotals
          .MiscellaneousSummaryAmount,
      );
    const tender = (code: string) =>
      minor(msm.find((d) => d.MSMSalesTotals.Tender?.TenderCode === code)!.MSMSalesTotals.MiscellaneousSummaryAmount);
    expect([msmAmount('grossSales'), msmAmount('netSales')]).toEqual([totals.gross, totals.net]);
    expect([tender('cash'), tender('creditCards')]).toEqual([totals.cash, totals.card]);
    // The day's tax is the sum of each receipt's own split: 327 + 89 + 55 collected, 215 given back.
    expect(msmAmount('taxColl')).toBe(256);
  });

  it('refuses a business date that does not exist with 400, whatever the digits', async () => {
    for (const businessDate of ['2026-02-30', '9389-77-37', '2026-13-01']) {
      const run = await t.admin('POST', '/v1/admin/upstream/conexxus/end-of-day', { businessDate });
      expect(run.status, `${businessDate}: ${run.text}`).toBe(400);
      expect(run.json.error.code).toBe('BUSINESS_DATE_INVALID');
    }
  });

  it('running an unchanged day again makes nothing new: same revision, same bytes', async () => {
    const before = jobs('movement').map((job) => job.payload.document);
    const again = await t.admin('POST', '/v1/admin/upstream/conexxus/end-of-day', { businessDate: DAY });
    expect(again.json).toEqual({ businessDate: DAY, revision: 1, created: false });
    expect(jobs('movement').map((job) => job.payload.document)).toEqual(before);
    await until('reports delivered', () => jobs('movement').every((job) => job.state === 'done'));
    for (const job of jobs('movement')) {
      expect(fs.readFileSync(path.join(outboxFolder, job.payload.fileName), 'utf8')).toBe(job.payload.document);
    }
  });

  it('a till that syncs the day late makes a corrected report, and the screen lists both', async () => {
    await push([
      till.envelope(
        'sale.complete',
        {
          saleId: 's5',
          locationId: 'shelf',
          cashierId: 'anna',
          lines: [line('5901234123457', 1, 249)],
          tenders: [{ method: 'cash', amount: pln(249) }],
        },
        at('2026-12-01T18:00:00.000Z'),
      ),
    ]);
    const stale = await t.admin<EndOfDayList>('GET', '/v1/admin/upstream/conexxus/days');
    expect(stale.json.days[0]).toMatchObject({ businessDate: DAY, state: 'correction_due' });

    const runs = t.hub.context.upstream.conexxus.tick();
    expect(runs).toEqual([{ businessDate: DAY, revision: 2, created: true }]);
    await until('correction delivered', () => jobs('movement').every((job) => job.state === 'done'));
    const days = await t.admin<EndOfDayList>('GET', '/v1/admin/upstream/conexxus/days');
    const day = days.json.days[0]!;
    expect(day.state).toBe('delivered');
    expect(day.revisions.map((r) => [r.revision, r.createdBy, r.totals.gross])).toEqual([
      [2, 'correction', 4684 + 249],
      [1, 'Olga', 4684],
    ]);
    expect(day.revisions[0]!.reason).toMatch(/recorded after revision 1/);
    expect(day.revisions[0]!.documents.map((d) => d.fileName)).toEqual(
      ['ISM', 'MCM', 'TLM', 'MSM'].map((type) => `${type}340_1022_20261201_R02.xml`),
    );
    // Both revisions' files are in the folder: a correction is a new report, never an overwrite of the old one.
    const files = fs.readdirSync(outboxFolder).filter((name) => /^(ISM|MCM|TLM|MSM)/.test(name));
    expect(files).toHaveLength(8);
    const download = await fetch(
      `${t.uiUrl}/v1/admin/upstream/conexxus/documents/${day.revisions[0]!.documents[0]!.jobId}`,
      { headers: { cookie: t.cookie } },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="ISM340_1022_20261201_R02.xml"');
    expect(await download.text()).toContain('<ReportSequenceNumber>2</ReportSequenceNumber>');
  });
});

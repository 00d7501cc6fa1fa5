/**
 * Sending invoices to KSeF (issue 10) through a real hub and the KSeF fake on loopback, real crypto end to end: the
 * hub authenticates with the seller's KSeF token, sends each invoice's stored bytes, and records the number and UPO
 * KSeF gives — or the refusal, which a manager fixes with a technical correction. Every status KSeF can answer with
 * is met: 429, 550 (sent again), 440 (reconciled with the original number, never sent again), 450 (corrected), an
 * auth error (the pool stops until a new token). The fake counts what it numbered, so exactly-once is proven there.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKsefFake, type KsefFake } from '../../src/fakes/ksef/index.js';
import { checkUpo, KsefClient } from '../../src/main/hub/upstream/ksef/ksef-client.js';
import { isValidKsefNumber } from '../../src/main/hub/upstream/ksef/ksef-number.js';
import type { InvoiceDetail } from '../../src/shared/protocol/invoice-views.js';
import type { KsefOverview } from '../../src/shared/protocol/ksef-views.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { ksefFakeSettings, PIN, pushSaleWithInvoice, setUpSeller } from '../helpers/ksef-store.js';
import { until } from '../helpers/until.js';

const SELLER_NIP = '1111111111';
const TOKEN = 'ksef-token-backroom-0001';
const buyer = { nip: '5260001246', name: 'Hurtownia', address: { line1: 'ul. Długa 1', line2: '00-001 Warszawa' } };

describe('sending invoices to KSeF', () => {
  let ksef: KsefFake;
  let t: DeviceTestHub;
  const till = new TestDevice();
  let sales = 0;

  const db = () => t.hub.context.ledger.db;
  const statusOf = (invoiceId: string) =>
    db().prepare<[string], { status: string }>('SELECT status FROM invoices WHERE invoice_id = ?').get(invoiceId)!
      .status;
  const availability = () =>
    db().prepare<[], { availability: string }>('SELECT availability FROM ksef_status WHERE id = 1').get()?.availability;
  const detail = async (invoiceId: string) =>
    (await t.admin<InvoiceDetail>('GET', `/v1/admin/invoices/${invoiceId}`)).json;
  const issue = async (who = buyer) => {
    sales += 1;
    return pushSaleWithInvoice(t, till, `s${sales}`, who);
  };
  const download = async (path: string) => {
    const response = await fetch(`${t.uiUrl}${path}`, { headers: { cookie: t.cookie } });
    expect(response.status, path).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };
  const received = (number: string) => ksef.invoices().filter((invoice) => invoice.invoiceNumber === number);
  const cutOff = async () => {
    ksef.setApiReachable(false);
    await until('KSeF unreachable', () => availability() === 'unreachable');
  };
  const reconnect = async () => {
    ksef.setApiReachable(true);
    await until('KSeF available', () => availability() === 'available');
  };

  beforeAll(async () => {
    ksef = await startKsefFake({ tokens: { [TOKEN]: SELLER_NIP } });
    t = await startDeviceTestHub(ksefFakeSettings(ksef));
    await seedCatalog(t, 100);
    await t.pair(till);
    const seller = { nip: SELLER_NIP, name: 'Sklep Backroom', address: { line1: 'ul. Krótka 2' } };
    await setUpSeller((path, body) => t.admin('PUT', path, body), seller);
    await until('KSeF available', () => availability() === 'available');
  });
  afterAll(async () => {
    await t?.hub.stop();
    await ksef?.close();
  });

  it('waits for a KSeF token, then sends an offline invoice: numbered, its bytes, hash and UPO one chain', async () => {
    await cutOff();
    const invoice = await issue();
    expect(invoice).toMatchObject({ mode: 'offline24', status: 'awaiting_send' });
    const before = await detail(invoice.invoiceId);
    expect(before.kodI!.label).toBe('OFFLINE');

    const connector = async () =>
      (
        await t.admin<{ connectors: Array<{ name: string; problem: string | null }> }>('GET', '/v1/admin/upstream')
      ).json.connectors.find((c) => c.name === 'ksef')!;
    expect((await connector()).problem).toMatch(/No KSeF token/);
    const set = await t.admin('PUT', '/v1/admin/settings/connectors/ksef', { token: TOKEN, pin: PIN });
    expect(set.status, set.text).toBe(200);
    expect(JSON.stringify((await t.admin('GET', '/v1/admin/settings/connectors')).json)).not.toContain(TOKEN);

    await reconnect();
    await until('numbered', () => statusOf(invoice.invoiceId) === 'accepted', 30_000);
    const after = await detail(invoice.invoiceId);
    expect(isValidKsefNumber(after.ksefNumber!)).toBe(true);
    expect(after.kodI!.label).toBe(after.ksefNumber);
    expect(after.ksef).toMatchObject({ invoicingMode: 'Offline', upo: { problems: [] }, rejection: null });

    // What KSeF decrypted, what the hub stored and hashed, and what KOD I names are the same bytes.
    const [sent] = received(invoice.number);
    const stored = await download(`/v1/admin/invoices/${invoice.invoiceId}/xml`);
    expect(sent!.bytes.equals(stored)).toBe(true);
    expect(sent!.offlineMode).toBe(true);
    const hash = createHash('sha256').update(sent!.bytes).digest('base64');
    expect(after.sha256).toBe(hash);
    expect(after.kodI!.url).toContain(hash.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''));

    // The UPO is kept byte for byte, in the ledger record too, and names this invoice.
    const upoBytes = await download(`/v1/admin/invoices/${invoice.invoiceId}/upo`);
    expect(
      checkUpo(upoBytes, { ksefNumber: after.ksefNumber!, invoiceHash: hash, invoiceNumber: invoice.number }),
    ).toEqual({ ok: true, problems: [] });
    const recorded = db()
      .prepare<[], { upo: string }>(
        "SELECT json_extract(record, '$.event.payload.upo') AS upo FROM events WHERE type = 'invoice.numbered'",
      )
      .get()!;
    expect(Buffer.from(recorded.upo, 'base64').equals(upoBytes)).toBe(true);
    expect(ksef.numbered().get(invoice.number)).toEqual([after.ksefNumber]);
  });

  it('waits out a 429 and sends again after a 550, numbering the invoice once', async () => {
    ksef.rateLimit(1, 1);
    ksef.rejectNextInvoices(550);
    const invoice = await issue();
    expect(invoice.mode).toBe('online');
    await until('numbered', () => statusOf(invoice.invoiceId) === 'accepted', 30_000);
    expect(received(invoice.number).map((r) => r.status)).toEqual([550, 200]);
    expect(ksef.numbered().get(invoice.number)).toHaveLength(1);
  });

  it('reconciles a send whose answer was lost with the original number (440), never sending it again', async () => {
    await cutOff();
    const invoice = await issue();
    // KSeF announces maintenance, so the hub holds its invoices back, while an earlier attempt of its own reaches
    // KSeF and its acknowledgement is never written down. The announcement is recorded before the API answers again,
    // so the hub cannot send first.
    const now = Date.now();
    const maintenance = ksef.announce({
      category: 'MAINTENANCE',
      start: new Date(now - 60_000).toISOString(),
      end: new Date(now + 3_600_000).toISOString(),
    });
    ksef.setLatarnia({ status: 'MAINTENANCE', messages: [maintenance] });
    await until('maintenance recorded', () => availability() === 'maintenance');
    ksef.setApiReachable(true);
    const client = new KsefClient({ apiBase: ksef.url, contextNip: SELLER_NIP, token: async () => TOKEN });
    const xml = await download(`/v1/admin/invoices/${invoice.invoiceId}/xml`);
    await client.sendInteractive([{ id: 'lost', bytes: xml, offlineMode: true }], {
      signal: AbortSignal.timeout(10_000),
      onSent: () => undefined,
    });
    await until('KSeF numbered the lost send', () => ksef.numbered().get(invoice.number)?.length === 1);
    const original = ksef.numbered().get(invoice.number)![0];

    ksef.setLatarnia({ status: 'AVAILABLE', messages: [] });
    await reconnect();
    await until('reconciled', () => statusOf(invoice.invoiceId) === 'accepted', 30_000);
    expect((await detail(invoice.invoiceId)).ksefNumber).toBe(original);
    expect(received(invoice.number).map((r) => r.status)).toEqual([200, 440]);
    expect(ksef.numbered().get(invoice.number)).toEqual([original]);
    const numbered = db()
      .prepare<[string], { reconciled: number }>(
        `SELECT json_extract(record, '$.event.payload.reconciled') AS reconciled FROM events
         WHERE type = 'invoice.numbered' AND json_extract(record, '$.event.payload.invoiceId') = ?`,
      )
      .get(invoice.invoiceId)!;
    expect(numbered.reconciled).toBe(1);
  });

  it('shows a 450 in plain words and sends the fix as a technical correction of the rejected bytes (V11)', async () => {
    await cutOff();
    const invoice = await issue();
    const rejectedHash = invoice.invoiceId && (await detail(invoice.invoiceId)).sha256;
    ksef.rejectNextInvoices(450, 1, 'Nieprawidłowa nazwa nabywcy');
    await reconnect();
    await until('rejected', () => statusOf(invoice.invoiceId) === 'rejected', 30_000);
    const rejected = await detail(invoice.invoiceId);
    expect(rejected.ksef.rejection).toMatchObject({
      code: 450,
      correctable: true,
      details: ['Nieprawidłowa nazwa nabywcy'],
      explanation: expect.stringMatching(/correction/),
    });
    const activeAlerts = () => {
      t.hub.context.alerts.evaluate();
      return t.hub.context.alerts.list('active', 100).map((alert) => alert.key);
    };
    expect(activeAlerts()).toContain(`ksef-rejected:${invoice.invoiceId}`);

    const unchanged = await t.admin('POST', `/v1/admin/invoices/${invoice.invoiceId}/technical-correction`, {
      buyer,
    });
    expect(unchanged.status, unchanged.text).toBe(409);
    const fixed = { ...buyer, name: 'Hurtownia Spółka z o.o.' };
    const corrected = await t.admin<InvoiceDetail>(
      'POST',
      `/v1/admin/invoices/${invoice.invoiceId}/technical-correction`,
      { buyer: fixed },
    );
    expect(corrected.status, corrected.text).toBe(200);
    expect(corrected.json.ksef.correctedHash).toBe(rejectedHash);
    await until('numbered', () => statusOf(invoice.invoiceId) === 'accepted', 30_000);

    const [first, fix] = received(invoice.number);
    expect(first).toMatchObject({ status: 450, invoiceHash: rejectedHash });
    expect(fix).toMatchObject({ status: 200, offlineMode: true, hashOfCorrectedInvoice: rejectedHash });
    expect(fix!.bytes.toString('utf8')).toContain('Hurtownia Spółka z o.o.');
    expect(activeAlerts()).not.toContain(`ksef-rejected:${invoice.invoiceId}`);
    const after = await detail(invoice.invoiceId);
    // The printed KOD I keeps the rejected bytes' hash: KSeF leads it on to the correction (research §9).
    expect(after.kodI!.url).toContain(rejectedHash!.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''));
    expect(after.kodI!.label).toBe(after.ksefNumber);
    expect(ksef.numbered().get(invoice.number)).toHaveLength(1);
  });

  it('stops on a refused token and tells the manager, then goes on with a new one', async () => {
    ksef.revokeToken(TOKEN);
    const invoice = await issue();
    const problem = async () =>
      (
        await t.admin<{ connectors: Array<{ name: string; problem: string | null }> }>('GET', '/v1/admin/upstream')
      ).json.connectors.find((c) => c.name === 'ksef')!.problem;
    for (let i = 0; i < 200 && !((await problem()) ?? '').includes('refused the token'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await problem()).toMatch(/KSeF refused the token/);
    t.hub.context.alerts.evaluate();
    expect(t.hub.context.alerts.list('active', 100).map((alert) => alert.key)).toContain('connector-config:ksef');
    expect(statusOf(invoice.invoiceId)).toBe('awaiting_send');
    const overview = (await t.admin<KsefOverview>('GET', '/v1/admin/upstream/ksef')).json;
    expect(overview.backlog).toBeGreaterThanOrEqual(1);

    ksef.registerToken('ksef-token-backroom-0002', SELLER_NIP);
    const set = await t.admin<{ ok: boolean }>('PUT', '/v1/admin/settings/connectors/ksef', {
      token: 'ksef-token-backroom-0002',
      pin: PIN,
    });
    expect(set.json.ok, set.text).toBe(true);
    await until('numbered', () => statusOf(invoice.invoiceId) === 'accepted', 30_000);
    const shown = (await t.admin<KsefOverview>('GET', '/v1/admin/upstream/ksef')).json;
    expect(shown).toMatchObject({ backlog: 0, rejected: 0, token: { set: true, hint: '…0002' } });
    expect(shown.numberedLastHour).toBeGreaterThanOrEqual(5);
    expect(shown.sessions[0]).toMatchObject({ kind: 'online', waiting: 0 });
    // Every invoice has one number fact in the ledger, whatever the retries and reconciliations on the way.
    const twice = db()
      .prepare(
        `SELECT json_extract(record, '$.event.payload.invoiceId') AS invoiceId, COUNT(*) AS n FROM events
         WHERE type = 'invoice.numbered' GROUP BY invoiceId HAVING n > 1`,
      )
      .all();
    expect(twice).toEqual([]);
  });
});

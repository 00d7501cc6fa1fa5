/**
 * Issuing KSeF invoices through a real hub (issue 9): Settings → Invoicing (seller, numbering, the offline
 * certificate), a till's `invoice.request` while KSeF cannot be reached (offline24, KOD I labelled OFFLINE, KOD II
 * signed with the certificate), the manager's invoice for a sale while KSeF is available (online, no KOD II), the
 * gap-free series, refusals, and one invoice followed from its stored bytes to its hash, KOD I and the download.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceDeadlines } from '../../src/main/hub/alerts/rules/invoice-deadlines.js';
import { verifyCertificateUrl } from '../../src/main/hub/invoicing/qr/kod-ii.js';
import type { InvoiceDetail, InvoiceList } from '../../src/shared/protocol/invoice-views.js';
import type { PushReply } from '../../src/shared/protocol/device-api.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { FA3_XSD, validateAgainstSchema } from '../../src/device/simulator/fa3-schema-check.js';

const PIN = '13579';
const certs = new URL('../fixtures/ksef-certs/', import.meta.url);
const pem = (name: string) => readFileSync(new URL(name, certs), 'utf8');
const buyer = {
  nip: 'PL 526-000-12-46',
  name: 'Hurtownia „Żuraw” & Syn',
  address: { line1: 'ul. Długa 1', line2: '00-001 Warszawa' },
};

describe('issuing KSeF invoices', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();

  const sell = async (saleId: string) => {
    const pushed = await t.lan<PushReply>('POST', '/v1/events', {
      token: till.token,
      body: {
        events: [
          till.envelope('sale.complete', {
            saleId,
            locationId: 'shelf',
            lines: [{ productId: 'cola', quantity: 2, unitPrice: { amount: 450, currency: 'PLN' }, taxRate: '23' }],
            tenders: [{ method: 'card', amount: { amount: 900, currency: 'PLN' } }],
          }),
        ],
      },
    });
    expect(pushed.json.results[0]).toMatchObject({ status: 'accepted' });
  };
  const request = async (saleId: string, who = buyer) => {
    const pushed = await t.lan<PushReply>('POST', '/v1/events', {
      token: till.token,
      body: { events: [till.envelope('invoice.request', { saleId, buyer: who })] },
    });
    return pushed.json.results[0]!;
  };

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await seedCatalog(t, 50);
    await t.pair(till);
  });
  afterAll(async () => {
    await t?.hub.stop();
  });

  it('refuses to invoice until the seller is set up, then checks the seller NIP and the number format', async () => {
    await sell('s0');
    expect(await request('s0')).toMatchObject({
      status: 'refused',
      error: { code: 'INVOICING_NOT_SET_UP' },
    });
    const settings = {
      seller: {
        nip: '1111111111',
        name: 'Sklep Backroom',
        address: { line1: 'ul. Krótka 2', line2: '00-002 Warszawa' },
      },
      numberFormat: 'FV/{YYYY}/{NNNNN}',
      environment: 'TE',
      pin: PIN,
    };
    expect(
      (
        await t.admin('PUT', '/v1/admin/settings/invoicing', {
          ...settings,
          seller: { ...settings.seller, nip: '1234563219' },
        })
      ).json.error.code,
    ).toBe('INVALID_NIP');
    expect(
      (await t.admin('PUT', '/v1/admin/settings/invoicing', { ...settings, numberFormat: 'FV/{YYYY}' })).json.error
        .code,
    ).toBe('NUMBER_FORMAT_INVALID');
    expect((await t.admin('PUT', '/v1/admin/settings/invoicing', { ...settings, pin: '00000' })).status).toBe(401);
    const saved = await t.admin('PUT', '/v1/admin/settings/invoicing', settings);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({
      seller: { nip: '1111111111' },
      numberFormat: 'FV/{YYYY}/{NNNNN}',
      certificate: null,
    });
  });

  it('will not issue offline without the offline certificate, and checks the certificate it is given', async () => {
    // No word from KSeF yet: the hub issues offline24, which needs KOD II.
    expect(await request('s0')).toMatchObject({
      status: 'refused',
      error: { code: 'OFFLINE_CERTIFICATE_MISSING' },
    });
    const upload = (cert: string, key: string) =>
      t.admin('PUT', '/v1/admin/settings/invoicing/certificate', {
        certificatePem: pem(cert),
        privateKeyPem: pem(key),
        pin: PIN,
      });
    expect((await upload('ec-p256.cert.pem', 'ec-p256-other.key.pem')).json.error.code).toBe('KEY_MISMATCH');
    expect((await upload('rsa-1024.cert.pem', 'rsa-1024.key.pem')).json.error.code).toBe('UNSUPPORTED_KEY');
    expect((await upload('ec-p256-authentication.cert.pem', 'ec-p256.key.pem')).json.error.code).toBe(
      'NOT_OFFLINE_CERTIFICATE',
    );
    const imported = await upload('ec-p256.cert.pem', 'ec-p256.key.pem');
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json.certificate).toMatchObject({ serial: '01F20A5D352AE590', keyType: 'ec' });
    expect(imported.text).not.toContain('PRIVATE KEY');
  });

  it("issues a till's invoice offline: numbered, valid FA(3), KOD I OFFLINE, KOD II signed, a deadline", async () => {
    expect(await request('s0', { ...buyer, nip: '1234563219' })).toMatchObject({
      error: { code: 'INVALID_NIP' },
    });
    const result = await request('s0');
    expect(result).toMatchObject({ status: 'accepted' });
    expect(await request('s0')).toMatchObject({ error: { code: 'SALE_ALREADY_INVOICED' } });
    const list = await t.admin<InvoiceList>('GET', '/v1/admin/invoices');
    const [item] = list.json.invoices;
    const year = new Date().getUTCFullYear();
    expect(item).toMatchObject({
      number: `FV/${year}/00001`,
      mode: 'offline24',
      status: 'awaiting_send',
      buyer: { nip: '5260001246' },
      gross: { amount: 900 },
    });
    expect(item!.deadline.kind).toBe('due');

    const detail = (await t.admin<InvoiceDetail>('GET', `/v1/admin/invoices/${item!.invoiceId}`)).json;
    const xml = await (
      await fetch(`${t.uiUrl}/v1/admin/invoices/${item!.invoiceId}/xml`, { headers: { cookie: t.cookie } })
    ).text();
    // One invoice followed through: the stored bytes are the bytes hashed and the bytes KOD I encodes.
    const hash = createHash('sha256').update(Buffer.from(xml, 'utf8')).digest();
    expect(detail.sha256).toBe(hash.toString('base64'));
    expect(detail.size).toBe(Buffer.byteLength(xml));
    expect(detail.kodI!.url).toBe(
      `https://qr-test.ksef.mf.gov.pl/invoice/1111111111/${item!.issueDate.split('-').reverse().join('-')}/${hash.toString('base64url')}`,
    );
    expect(detail.kodI!.label).toBe('OFFLINE');
    expect(validateAgainstSchema(xml, FA3_XSD)).toMatchObject({ valid: true });
    expect(xml).toContain('Hurtownia „Żuraw” &amp; Syn');
    // KOD II verifies with the certificate's public key and names its serial.
    expect(detail.kodII!.label).toBe('CERTYFIKAT');
    expect(verifyCertificateUrl(detail.kodII!.url, new X509Certificate(pem('ec-p256.cert.pem')))).toBe(true);
    expect(detail.kodII!.url).toContain('/certificate/Nip/1111111111/1111111111/01F20A5D352AE590/');
    expect(detail.kodI!.svg).toMatch(/^<svg/);
  });

  it("issues the manager's invoice online while KSeF is available, with no KOD II, next in the series", async () => {
    t.hub.context.invoicing.recordKsefStatus({ availability: 'available', announcements: [], detail: 'test' });
    await sell('s1');
    const issued = await t.admin<InvoiceDetail>('POST', '/v1/admin/invoices', { saleId: 's1', buyer });
    expect(issued.status, issued.text).toBe(201);
    expect(issued.json).toMatchObject({
      mode: 'online',
      deadline: { kind: 'none' },
      kodII: null,
      kodI: { label: 'OFFLINE' },
    });
    expect(issued.json.number).toMatch(/\/00002$/);
    expect((await t.admin('POST', '/v1/admin/invoices', { saleId: 'nope', buyer })).json.error.code).toBe(
      'UNKNOWN_SALE',
    );
    const lost = await t.admin('GET', '/v1/admin/invoices?before=no-such-invoice');
    expect([lost.status, lost.json.error.code]).toEqual([404, 'INVOICE_NOT_FOUND']);
    expect((await t.admin('POST', '/v1/admin/invoices', { saleId: 's1', buyer })).status).toBe(409);
    const audit = t.hub.context.audit.list({ limit: 20 }).map((entry) => entry.action);
    expect(audit).toEqual(expect.arrayContaining(['invoicing.issue', 'invoicing.certificate', 'invoicing.settings']));
  });

  it('corrects a refund of an invoiced sale with a KOR invoice that validates, once per refund', async () => {
    const refunded = await t.lan<PushReply>('POST', '/v1/events', {
      token: till.token,
      body: {
        events: [
          till.envelope('sale.refund', {
            saleId: 's1',
            refundId: 'r1',
            lines: [{ productId: 'cola', quantity: 1 }],
            tenders: [{ method: 'card', amount: { amount: 450, currency: 'PLN' } }],
            reason: 'uszkodzona puszka',
          }),
        ],
      },
    });
    expect(refunded.json.results[0]).toMatchObject({ status: 'accepted' });
    const [original] = (await t.admin<InvoiceList>('GET', '/v1/admin/invoices?limit=1')).json.invoices;
    const corrected = await t.admin<InvoiceDetail>('POST', `/v1/admin/invoices/${original!.invoiceId}/corrections`, {
      refundId: 'r1',
    });
    expect(corrected.status, corrected.text).toBe(201);
    expect(corrected.json).toMatchObject({ correctionOf: original!.invoiceId, gross: { amount: -450 }, saleId: 's1' });
    expect(corrected.json.number).toMatch(/\/00003$/);
    const xml = await (
      await fetch(`${t.uiUrl}/v1/admin/invoices/${corrected.json.invoiceId}/xml`, { headers: { cookie: t.cookie } })
    ).text();
    expect(validateAgainstSchema(xml, FA3_XSD)).toMatchObject({ valid: true });
    expect(xml).toContain('<RodzajFaktury>KOR</RodzajFaktury>');
    expect(xml).toContain('<PrzyczynaKorekty>uszkodzona puszka</PrzyczynaKorekty>');
    expect(xml).toContain(`<NrFaKorygowanej>${original!.number}</NrFaKorygowanej>`);
    const metrics = await (await fetch(`${t.uiUrl}/metrics`)).text();
    expect(metrics).toMatch(/backroom_invoices\{status="awaiting_send",mode="online"\} 2/);
    expect(metrics).toMatch(/backroom_invoices\{status="awaiting_send",mode="offline24"\} 1/);
    expect(metrics).toMatch(/backroom_invoice_nearest_deadline_seconds [0-9.e+]+/);
    const again = await t.admin('POST', `/v1/admin/invoices/${original!.invoiceId}/corrections`, { refundId: 'r1' });
    expect(again.json.error.code).toBe('REFUND_ALREADY_CORRECTED');
    // A till asks the same way; a refund of a sale with no invoice has nothing to correct.
    expect(await request('s0')).toMatchObject({ error: { code: 'SALE_ALREADY_INVOICED' } });
  });

  it('the watchdog warns a day ahead, turns critical two hours before, and says when a deadline was missed', async () => {
    const offline = (await t.admin<InvoiceList>('GET', '/v1/admin/invoices?limit=10')).json.invoices.find(
      (invoice) => invoice.mode === 'offline24',
    )!;
    expect(offline.deadline.kind).toBe('due');
    const dueAt = Date.parse((offline.deadline as { dueAt: string }).dueAt);
    const at = (ms: number) => invoiceDeadlines(t.hub.context.ledger.db, new Date(dueAt + ms), {} as never);
    const HOUR = 3_600_000;
    expect(at(-25 * HOUR)).toEqual([]);
    expect(at(-10 * HOUR)).toEqual([
      expect.objectContaining({ severity: 'warning', key: `invoice-deadline:${offline.invoiceId}` }),
    ]);
    expect(at(-HOUR)).toEqual([
      expect.objectContaining({ severity: 'critical', message: expect.stringMatching(/60 min left/) }),
    ]);
    expect(at(1000)).toEqual([
      expect.objectContaining({
        severity: 'critical',
        message: expect.stringMatching(/has not been sent/),
        data: expect.objectContaining({ missed: true }),
      }),
    ]);
  });

  it('issues during a total KSeF failure with no QR codes and no duty to send', async () => {
    t.hub.context.invoicing.recordKsefStatus({
      availability: 'total_failure',
      announcements: [{ kind: 'total_failure', start: '2026-12-01', end: null }],
      detail: 'test',
    });
    await sell('s9');
    const issued = await t.admin<InvoiceDetail>('POST', '/v1/admin/invoices', { saleId: 's9', buyer });
    expect(issued.status, issued.text).toBe(201);
    expect(issued.json).toMatchObject({
      mode: 'total_failure',
      status: 'not_required',
      deadline: { kind: 'none' },
      kodI: null,
      kodII: null,
    });
  });
});

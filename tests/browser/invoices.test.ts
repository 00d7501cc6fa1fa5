/**
 * KSeF invoices in real Chromium (issue 9): the owner enters the seller and uploads the offline certificate in
 * Settings → Invoicing; with KSeF out of reach (the loopback fake cut off) a till asks for an invoice, which the hub
 * issues offline24; the Invoices screen shows it with its deadline counting down, the detail shows KOD I (OFFLINE)
 * and KOD II (CERTYFIKAT), and the printable A4 view carries both codes. KSeF back, the manager's invoice is online.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKsefFake, type KsefFake } from '../../src/fakes/ksef/index.js';
import type { InvoiceList } from '../../src/shared/protocol/invoice-views.js';
import type { TestDevice } from '../helpers/device-signer.js';
import { OWNER, openUiSession, screenshot, seedShelf, type UiSession } from '../helpers/ui-session.js';

const certs = new URL('../fixtures/ksef-certs/', import.meta.url);
const pem = (name: string) => readFileSync(new URL(name, certs), 'utf8');
const BUYER = {
  nip: '5260001246',
  name: 'Hurtownia Żuraw sp. z o.o.',
  address: { line1: 'ul. Długa 1', line2: '00-001 Warszawa' },
};

describe('back-office UI: KSeF invoices', () => {
  let s: UiSession;
  let ksef: KsefFake;
  let till: TestDevice;

  const sellAndAsk = async (saleId: string) => {
    const pushed = await s.lan('POST', '/v1/events', {
      token: till.token,
      body: {
        events: [
          till.envelope('sale.complete', {
            saleId,
            locationId: 'shelf',
            lines: [{ productId: 'cola', quantity: 3, unitPrice: { amount: 450, currency: 'PLN' }, taxRate: '23' }],
            tenders: [{ method: 'card', amount: { amount: 1350, currency: 'PLN' } }],
          }),
          till.envelope('invoice.request', { saleId, buyer: BUYER }),
        ],
      },
    });
    expect(
      pushed.json.results.map((r: { status: string }) => r.status),
      pushed.text,
    ).toEqual(['accepted', 'accepted']);
  };

  beforeAll(async () => {
    ksef = await startKsefFake();
    ksef.setReachable(false);
    s = await openUiSession({
      env: {
        BACKROOM_UPSTREAM_KSEF_API_BASE: ksef.url,
        BACKROOM_UPSTREAM_KSEF_LATARNIA_URL: ksef.latarniaUrl,
        BACKROOM_UPSTREAM_KSEF_CHECK_SECONDS: '1',
        BACKROOM_UPSTREAM_KSEF_TIMEOUT_SECONDS: '1',
      },
    });
    await seedShelf(s, 20);
    till = await s.pair('Till 1');
  });
  afterAll(async () => {
    await s?.close();
    await ksef?.close();
  });

  it('sets up the seller and the offline certificate in Settings → Invoicing', async () => {
    await s.page.goto('/settings');
    const seller = s.page.getByRole('form', { name: 'Invoicing settings' });
    await seller.getByLabel('Seller NIP').fill('774-000-14-54');
    await seller.getByLabel('Seller name').fill('Sklep Backroom');
    await seller.getByLabel('Address line 1').fill('ul. Krótka 2');
    await seller.getByLabel('Address line 2').fill('00-002 Warszawa');
    await seller.getByLabel('Your PIN').fill(OWNER.pin);
    await seller.getByRole('button', { name: 'Save invoicing settings' }).click();
    await seller.getByText('Saved. New invoices are issued with these details.').waitFor();
    const certificate = s.page.getByRole('form', { name: 'Offline certificate' });
    await certificate.getByLabel('Certificate (PEM)').fill(pem('ec-p256.cert.pem'));
    await certificate.getByLabel('Private key (PEM)').fill(pem('ec-p256.key.pem'));
    await certificate.getByLabel('Your PIN').fill(OWNER.pin);
    await certificate.getByRole('button', { name: 'Upload certificate' }).click();
    await s.page.getByText('01F20A5D352AE590').waitFor();
    expect(await s.page.content()).not.toContain('PRIVATE KEY');
    await screenshot(s.page, 'invoicing-settings');
    expect(s.problems).toEqual([]);
  });

  it('issues a till’s invoice offline while KSeF is out of reach, with its deadline counting down', async () => {
    // The hub looks at KSeF once a second now that a seller exists, and finds it out of reach.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await sellAndAsk('s1');
    await s.page.goto('/invoices');
    const table = s.page.getByRole('table', { name: 'Invoices, newest first' });
    const row = table.getByRole('row', { name: /FV\/\d{4}\/00001/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Offline24/i);
    expect(await row.textContent()).toMatch(/Hurtownia Żuraw/);
    await screenshot(s.page, 'invoices-list');
  });

  it('shows KOD I (OFFLINE) and KOD II (CERTYFIKAT) on the detail and on the printable A4 view', async () => {
    await s.page
      .getByRole('link', { name: /FV\/\d{4}\/00001/ })
      .first()
      .click();
    const codes = s.page.getByRole('region', { name: 'Verification codes' });
    await codes.getByText('OFFLINE', { exact: true }).waitFor();
    await codes.getByText('CERTYFIKAT', { exact: true }).waitFor();
    expect(await codes.locator('img').count()).toBe(2);
    await screenshot(s.page, 'invoice-detail');
    const { invoices } = (await s.admin<InvoiceList>('GET', '/v1/admin/invoices?limit=1')).json;
    await s.page.goto(`/invoices/${invoices[0]!.invoiceId}/print`);
    // A full page load of a deep link: it must find its scripts (index.html's <base>).
    const sheet = s.page.getByRole('article');
    await sheet.waitFor();
    const sheetCodes = s.page.getByRole('region', { name: 'Kody weryfikujące / Verification codes' });
    expect(await sheetCodes.locator('img').count()).toBe(2);
    await screenshot(s.page, 'invoice-a4');
    expect(s.problems).toEqual([]);
  });

  it('issues the next invoice online once KSeF answers again', async () => {
    ksef.setReachable(true);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await sellAndAsk('s2');
    const { invoices } = (await s.admin<InvoiceList>('GET', '/v1/admin/invoices?limit=1')).json;
    expect(invoices[0]).toMatchObject({ mode: 'online', deadline: { kind: 'none' } });
    expect(invoices[0]!.number).toMatch(/\/00002$/);
  });
});

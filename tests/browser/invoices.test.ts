/**
 * KSeF invoices in real Chromium (issue 9): the owner enters the seller and uploads the offline certificate in
 * Settings → Invoicing; with KSeF out of reach (the loopback fake cut off) a till asks for an invoice, which the hub
 * issues offline24; the Invoices screen shows it with its deadline counting down, the detail shows KOD I (OFFLINE)
 * and KOD II (CERTYFIKAT), and the printable A4 view carries both codes. KSeF back, the manager's invoice is online.
 * Once the owner sets the KSeF token in Settings → Connectors (issue 10), the hub sends both: the detail shows the KSeF
 * number and the UPO, and the Upstream screen's KSeF panel the session they went in.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKsefFake, type KsefFake } from '../../src/fakes/ksef/index.js';
import type { InvoiceList } from '../../src/shared/protocol/invoice-views.js';
import type { TestDevice } from '../helpers/device-signer.js';
import { OWNER, openUiSession, screenshot, seedShelf, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

const certs = new URL('../fixtures/ksef-certs/', import.meta.url);
const pem = (name: string) => readFileSync(new URL(name, certs), 'utf8');
const SELLER_NIP = '7740001454';
/** A token the KSeF fake accepts for the seller: reference number, context, secret, as KSeF generates them. */
const KSEF_TOKEN = '20261123-EC-0A1B2C3D4E-5F6A7B8C9D-E1|nip-7740001454|backroomfakesecret';
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
    ksef = await startKsefFake({ tokens: { [KSEF_TOKEN]: SELLER_NIP } });
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
    await expectAccessible(s.page, 'invoicing-settings');
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
    await expectAccessible(s.page, 'invoices-list');
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
    await expectAccessible(s.page, 'invoice-detail');
    const { invoices } = (await s.admin<InvoiceList>('GET', '/v1/admin/invoices?limit=1')).json;
    await s.page.goto(`/invoices/${invoices[0]!.invoiceId}/print`);
    // A full page load of a deep link: it must find its scripts (index.html's <base>).
    const sheet = s.page.getByRole('article');
    await sheet.waitFor();
    const sheetCodes = s.page.getByRole('region', { name: 'Kody weryfikujące / Verification codes' });
    expect(await sheetCodes.locator('img').count()).toBe(2);
    await screenshot(s.page, 'invoice-a4');
    await expectAccessible(s.page, 'invoice-a4');
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

  it('sends both to KSeF once the token is set, and shows the KSeF number, the UPO and the session', async () => {
    await s.page.goto('/settings');
    const form = s.page.getByRole('form', { name: 'KSeF token' });
    await form.getByText('No token set: invoices are not sent to KSeF until one is.').waitFor();
    await form.getByLabel('KSeF token', { exact: true }).fill(KSEF_TOKEN);
    await form.getByLabel('Your PIN').fill(OWNER.pin);
    await form.getByRole('button', { name: 'Save token' }).click();
    await form.getByText(/^Saved, and KSeF accepted it: /).waitFor();
    await form.getByText(/^Token set: .*, by Olga at /).waitFor();
    expect(await s.page.content()).not.toContain('backroomfakesecret');

    // The hub sends what it owes as soon as it can: both invoices get their KSeF numbers.
    const numbered = async () =>
      (await s.admin<InvoiceList>('GET', '/v1/admin/invoices?limit=10')).json.invoices.filter(
        (invoice) => invoice.status === 'accepted',
      );
    for (let waited = 0; (await numbered()).length < 2; waited += 250) {
      if (waited > 30_000) expect.fail(`not numbered: ${JSON.stringify(ksef.invoices())}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    await s.page.goto('/invoices');
    const first = s.page
      .getByRole('table', { name: 'Invoices, newest first' })
      .getByRole('row', { name: /FV\/\d{4}\/00001/ });
    await first.getByText('In KSeF', { exact: true }).waitFor();
    const offline = (await numbered()).find((invoice) => invoice.number.endsWith('/00001'))!;
    expect(await first.textContent()).toContain(offline.ksefNumber);
    await first.getByRole('link', { name: offline.number }).click();
    const card = s.page.getByRole('region', { name: 'KSeF' });
    expect(await card.getByLabel('KSeF number', { exact: true }).textContent()).toBe(offline.ksefNumber);
    await card.getByLabel('Classified by KSeF as').waitFor();
    await card.getByLabel('Session').waitFor();
    const upo = card.getByRole('link', { name: 'Download UPO' });
    const href = (await upo.getAttribute('href'))!;
    const download = await fetch(`${s.hub.uiUrl}${href}`, { headers: { cookie: `backroom_session=${s.cookie}` } });
    expect(download.status).toBe(200);
    expect(await download.text()).toContain(offline.ksefNumber);
    // KOD I now carries the KSeF number as its label.
    await s.page
      .getByRole('region', { name: 'Verification codes' })
      .getByText(offline.ksefNumber!, { exact: true })
      .waitFor();
    await screenshot(s.page, 'invoice-detail-ksef');
    await expectAccessible(s.page, 'invoice-detail-ksef');

    await s.page.goto('/upstream');
    const panel = s.page.getByRole('region', { name: 'Sending invoices to KSeF' });
    await panel.getByLabel('Numbered last hour').filter({ hasText: '2' }).waitFor();
    await panel.getByRole('table', { name: 'KSeF sessions, newest first' }).getByRole('row').nth(1).waitFor();
    await screenshot(s.page, 'upstream-ksef');
    await expectAccessible(s.page, 'upstream-ksef');
    expect(s.problems).toEqual([]);
  });
});

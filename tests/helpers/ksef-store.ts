/**
 * A store that invoices through KSeF, for the tests against the KSeF fake: the owner's PIN, the test certificates,
 * the seller's settings and certificate as the admin API takes them, and a till's sale with its invoice request.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { KsefFake } from '../../src/fakes/ksef/index.js';
import type { PushReply } from '../../src/shared/protocol/device-api.js';
import type { InvoiceList } from '../../src/shared/protocol/invoice-views.js';
import type { DeviceTestHub } from './device-hub.js';
import type { TestDevice } from './device-signer.js';

export const PIN = '13579';

const certs = new URL('../fixtures/ksef-certs/', import.meta.url);
/** A file of tests/fixtures/ksef-certs/. */
export const pem = (name: string) => readFileSync(new URL(name, certs), 'utf8');

/** The hub's settings for the KSeF fake, KSeF and the other upstreams checked every second. */
export const ksefFakeSettings = (ksef: KsefFake) => ({
  'upstream.ksef.apiBase': ksef.url,
  'upstream.ksef.latarniaUrl': ksef.latarniaUrl,
  'upstream.ksef.checkSeconds': 1,
  'upstream.ksef.timeoutSeconds': 2,
  'upstream.probes.intervalSeconds': 1,
  'upstream.probes.failureIntervalSeconds': 1,
  'upstream.probes.timeoutSeconds': 1,
});

/** An admin PUT, however the test reaches the hub: its status and body as text. */
export type AdminPut = (path: string, body: unknown) => Promise<{ status: number; text: string }>;

/** The seller's invoicing settings, then its KSeF certificate (rsa-2048), each accepted. */
export async function setUpSeller(put: AdminPut, seller: { nip: string; name: string; address: { line1: string } }) {
  const saved = await put('/v1/admin/settings/invoicing', {
    seller,
    numberFormat: 'FV/{YYYY}/{NNNNN}',
    environment: 'TE',
    pin: PIN,
  });
  expect(saved.status, saved.text).toBe(200);
  const cert = await put('/v1/admin/settings/invoicing/certificate', {
    certificatePem: pem('rsa-2048.cert.pem'),
    privateKeyPem: pem('rsa-2048.key.pem'),
    pin: PIN,
  });
  expect(cert.status, cert.text).toBe(200);
}

/** A till's sale of one cola (4.50 PLN, cash) at the shelf and the invoice request for it, in that order. */
export function saleWithInvoice(
  till: TestDevice,
  saleId: string,
  buyer: Record<string, unknown>,
  fields?: Parameters<TestDevice['envelope']>[2],
) {
  return [
    till.envelope(
      'sale.complete',
      {
        saleId,
        locationId: 'shelf',
        lines: [{ productId: 'cola', quantity: 1, unitPrice: { amount: 450, currency: 'PLN' }, taxRate: '23' }],
        tenders: [{ method: 'cash', amount: { amount: 450, currency: 'PLN' } }],
      },
      fields,
    ),
    till.envelope('invoice.request', { saleId, buyer }, fields),
  ];
}

/** The till pushes a sale with its invoice request, both accepted; the invoice the hub issued for it. */
export async function pushSaleWithInvoice(
  t: DeviceTestHub,
  till: TestDevice,
  saleId: string,
  buyer: Record<string, unknown>,
) {
  const pushed = await t.lan<PushReply>('POST', '/v1/events', {
    token: till.token,
    body: { events: saleWithInvoice(till, saleId, buyer) },
  });
  expect(
    pushed.json.results.map((r) => r.status),
    pushed.text,
  ).toEqual(['accepted', 'accepted']);
  return (await t.admin<InvoiceList>('GET', '/v1/admin/invoices?limit=1')).json.invoices[0]!;
}

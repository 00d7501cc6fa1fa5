/**
 * KSeF invoices on the store's receipt printer: a till's `invoice.request` with `printInvoice` prints the offline
 * invoice on the default printer (a loopback network printer) with KOD I and KOD II; the manager prints an online one
 * and a correcting invoice on demand. Each printout is read back from its ESC/POS bytes, text and QR payloads, and
 * checked against the invoice's detail; every model and paper width fits the long RSA-signed KOD II.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startVirtualTcpPrinter,
  type VirtualTcpPrinter,
} from '../../src/device/simulator/virtual-printer/virtual-tcp-printer.js';
import { renderReceipt } from '../../src/main/hub/printing/receipts/render-receipt.js';
import type { InvoiceDetail } from '../../src/shared/protocol/invoice-views.js';
import type { PrinterModel, PrintJobView } from '../../src/shared/protocol/printing.js';
import { TestDevice } from '../helpers/device-signer.js';
import { refund, tenders } from '../sales/sale-builders.js';
import { pln, push, storeHub } from '../store-ops/helpers.js';
import { addPrinter, adminJob, auditActions, jobBytes, tcpPrinter, until } from './printing-helpers.js';
import { readReceipt } from './receipts/escpos-reader.js';
import { STORE } from './receipts/receipt-store.js';

const OWNER_PIN = '13579';
const certs = new URL('../fixtures/ksef-certs/', import.meta.url);
const pem = (name: string) => readFileSync(new URL(name, certs), 'utf8');
const SELLER = {
  nip: '1111111111',
  name: 'Sklep Backroom sp. z o.o.',
  address: { line1: 'ul. Krótka 2', line2: '00-002 Warszawa' },
};
const BUYER = {
  nip: 'PL 526-000-12-46',
  name: 'Hurtownia „Żuraw” & Syn',
  address: { line1: 'ul. Długa 1', line2: '00-001 Warszawa' },
};
/** A KSeF number as KSeF gives one: the seller's NIP, the date, a hex id and a check. */
const KSEF_NUMBER = '1111111111-20261206-0100A0B1C2D3-4F';

const WIDTH = { 58: 32, 80: 48 } as const;

/** The QR module size command (`GS ( k … 1 C n`) and Star's (`ESC GS y S 2 n`), one per symbol. */
const moduleSizes = (model: PrinterModel, commands: string[]) =>
  commands
    .filter((command) => command.startsWith(model === 'epson' ? '1d286b03003143' : '1b1d795332'))
    .map((command) => parseInt(command.slice(-2), 16));

describe('printing a KSeF invoice', () => {
  // KSeF's state is set by the tests alone: the hub's watcher (aimed at closed loopback) stays out of the way.
  const store = storeHub(
    [
      { productId: 'cola', locationId: 'shelf', quantity: 50 },
      { productId: 'chips', locationId: 'shelf', quantity: 50 },
    ],
    { 'upstream.ksef.checkSeconds': 3600 },
  );
  const till = new TestDevice();
  let printer: VirtualTcpPrinter;
  let offline: InvoiceDetail;
  let online: InvoiceDetail;

  const detail = async (invoiceId: string) => {
    const answer = await store.t.admin<InvoiceDetail>('GET', `/v1/admin/invoices/${invoiceId}`);
    expect(answer.status, answer.text).toBe(200);
    return answer.json;
  };
  const printInvoice = (invoiceId: string, body: object = {}, cookie = store.marta) =>
    store.t.admin('POST', `/v1/admin/invoices/${invoiceId}/print`, body, cookie);
  const render = (invoiceId: string, model: PrinterModel, paperWidth: 58 | 80) =>
    renderReceipt(
      store.t.hub.context.ledger.db,
      { kind: 'invoice', invoiceId },
      tcpPrinter('p', 9100, { model, paperWidth }),
      STORE,
    );

  beforeAll(async () => {
    const { t } = store;
    printer = await startVirtualTcpPrinter();
    await addPrinter(t, tcpPrinter('counter', printer.port), store.marta);
    await t.pair(till, 'Kasa 1');
    const settings = { seller: SELLER, numberFormat: 'FV/{YYYY}/{NNNNN}', environment: 'TE', pin: OWNER_PIN };
    const saved = await t.admin('PUT', '/v1/admin/settings/invoicing', settings);
    expect(saved.status, saved.text).toBe(200);
    // An RSA key: its KOD II carries a 342-character signature, the longest link a printout has to fit.
    const certificate = await t.admin('PUT', '/v1/admin/settings/invoicing/certificate', {
      certificatePem: pem('rsa-2048.cert.pem'),
      privateKeyPem: pem('rsa-2048.key.pem'),
      pin: OWNER_PIN,
    });
    expect(certificate.status, certificate.text).toBe(200);
  });
  afterAll(() => printer?.close());

  it("prints a till's offline invoice on the default receipt printer, with KOD I and KOD II", async () => {
    const { t } = store;
    const lines = [
      { productId: 'cola', quantity: 2, unitPrice: pln(450), taxRate: '23' },
      { productId: 'chips', quantity: 1, unitPrice: pln(699), taxRate: '8' },
    ];
    const sold = till.envelope('sale.complete', {
      saleId: 's-1',
      locationId: 'shelf',
      lines,
      tenders: tenders(['card', 1599]),
    });
    const asked = till.envelope('invoice.request', { saleId: 's-1', buyer: BUYER, printInvoice: true });
    await push(t, till, [sold, asked]);
    offline = await detail(asked.id);
    expect(offline).toMatchObject({ mode: 'offline24', kodI: { label: 'OFFLINE' }, kodII: { label: 'CERTYFIKAT' } });
    expect(offline.kodII!.url.length).toBeGreaterThan(400);

    // The till finds the printout by its sale, as it finds a receipt: the device's own job, on the default printer.
    const jobs = await t.lan<{ jobs: PrintJobView[] }>('GET', '/v1/print-jobs?saleId=s-1', { token: till.token });
    expect(jobs.json.jobs).toHaveLength(1);
    const [job] = jobs.json.jobs;
    expect(job).toMatchObject({
      kind: 'invoice',
      printerId: 'counter',
      saleId: 's-1',
      requestedBy: { type: 'device' },
    });
    await until(
      'the invoice to print',
      () => adminJob(t, job!.id),
      (view) => view.state === 'printed',
    );
    const bytes = jobBytes(t, job!.id);
    expect(await printer.waitForPrinted(bytes.length)).toEqual(bytes);

    const printout = readReceipt('epson', bytes);
    expect(printout.qrCodes).toEqual([offline.kodI!.url, offline.kodII!.url]);
    // 7-dot modules for KOD I; the 85-module KOD II gets 6 so that it and its quiet zone fit 576 dots.
    expect(moduleSizes('epson', printout.commands)).toEqual([7, 6]);
    expect(printout.lines).toEqual([
      '                  Backroom hub',
      '                  FAKTURA VAT',
      `                nr ${offline.number}`,
      '-'.repeat(48),
      `Data wystawienia                      ${offline.issueDate}`,
      '-'.repeat(48),
      'Sprzedawca',
      'Sklep Backroom sp. z o.o.',
      'NIP 1111111111',
      'ul. Krótka 2',
      '00-002 Warszawa',
      '',
      'Nabywca',
      'Hurtownia "Żuraw" & Syn',
      'NIP 5260001246',
      'ul. Długa 1',
      '00-001 Warszawa',
      '-'.repeat(48),
      'Cola',
      '  2 x 4,50 zł 23%                        9,00 zł',
      'Chips',
      '  1 x 6,99 zł 8%                         6,99 zł',
      '-'.repeat(48),
      'Stawka 23%',
      '  Netto                                  7,32 zł',
      '  VAT                                    1,68 zł',
      '  Brutto                                 9,00 zł',
      'Stawka 8%',
      '  Netto                                  6,47 zł',
      '  VAT                                    0,52 zł',
      '  Brutto                                 6,99 zł',
      'RAZEM BRUTTO                            15,99 zł',
      '-'.repeat(48),
      '     Faktura wystawiona w trybie offline24',
      '',
      '', // KOD I
      '                    OFFLINE',
      '',
      '', // KOD II
      '                   CERTYFIKAT',
    ]);
    // The figures are the detail's, which the A4 view prints too.
    expect(offline.vat).toEqual([
      { rate: '23', net: 732, vat: 168, gross: 900 },
      { rate: '8', net: 647, vat: 52, gross: 699 },
    ]);
  });

  it.each([
    ['epson', 58, [5, 4]],
    ['epson', 80, [7, 6]],
    ['star', 58, [5, 4]],
    ['star', 80, [7, 6]],
  ] as const)('fits both codes on %s %i mm paper, every line within the width', (model, paperWidth, sizes) => {
    const bytes = render(offline.invoiceId, model, paperWidth);
    expect(bytes.subarray(0, 2).toString('hex')).toBe('1b40');
    expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    const printout = readReceipt(model, bytes);
    expect(printout.qrCodes).toEqual([offline.kodI!.url, offline.kodII!.url]);
    expect(moduleSizes(model, printout.commands)).toEqual(sizes);
    expect(printout.lines.filter((line) => line.length > WIDTH[paperWidth])).toEqual([]);
    expect(printout.lines.join(' ').replace(/ +/g, ' ')).toContain('Faktura wystawiona w trybie offline24');
  });

  it('prints an online invoice when a manager asks: 202 with the job, KOD I labelled with the KSeF number', async () => {
    const { t } = store;
    t.hub.context.invoicing.recordKsefStatus({ availability: 'available', announcements: [], detail: 'test' });
    // Sold yesterday, invoiced today: the printout gives both dates.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await push(t, till, [
      till.envelope(
        'sale.complete',
        { saleId: 's-2', locationId: 'shelf', lines: [line('cola', 3)], tenders: tenders(['cash', 1350]) },
        { occurredAt: yesterday, deviceTime: yesterday },
      ),
    ]);
    const issued = await t.admin<InvoiceDetail>(
      'POST',
      '/v1/admin/invoices',
      { saleId: 's-2', buyer: BUYER },
      store.marta,
    );
    expect(issued.status, issued.text).toBe(201);
    // What sending (issue 10) records once KSeF accepts the invoice.
    t.hub.context.ledger.db
      .prepare('UPDATE invoices SET ksef_number = ? WHERE invoice_id = ?')
      .run(KSEF_NUMBER, issued.json.invoiceId);
    online = await detail(issued.json.invoiceId);
    expect(online).toMatchObject({ mode: 'online', kodII: null, kodI: { label: KSEF_NUMBER } });

    expect((await printInvoice(online.invoiceId, {}, store.kasia)).status).toBe(403);
    const answer = await printInvoice(online.invoiceId);
    expect(answer.status, answer.text).toBe(202);
    expect(Object.keys(answer.json)).toEqual(['jobId']);
    const job = await until(
      'the invoice to print',
      () => adminJob(t, answer.json.jobId),
      (view) => view.state === 'printed',
    );
    expect(job).toMatchObject({ kind: 'invoice', printerId: 'counter', requestedBy: { type: 'user', id: 'Marta' } });
    expect(auditActions(t, 'invoicing.print').at(-1)!.detail).toMatchObject({
      kind: 'invoice',
      invoiceId: online.invoiceId,
      jobId: job.id,
      printerId: 'counter',
    });

    const printout = readReceipt('epson', jobBytes(t, job.id));
    expect(printout.qrCodes).toEqual([online.kodI!.url]);
    const saleDate = t.hub.context.ledger.db
      .prepare<[], { d: string }>("SELECT business_date AS d FROM sales WHERE sale_id = 's-2'")
      .get()!.d;
    expect(saleDate).not.toBe(online.issueDate);
    expect(printout.lines).toEqual(
      expect.arrayContaining([
        `                nr ${online.number}`,
        `Data wystawienia                      ${online.issueDate}`,
        `Data sprzedaży                        ${saleDate}`,
        '  3 x 4,50 zł 23%                       13,50 zł',
        'RAZEM BRUTTO                            13,50 zł',
        `      ${KSEF_NUMBER}`,
      ]),
    );
    expect(printout.lines.join('\n')).not.toMatch(/trybie|CERTYFIKAT|OFFLINE/);
  });

  it('prints a correcting invoice as one, with the invoice it corrects and the amounts given back', async () => {
    const { t } = store;
    await push(t, till, [till.envelope('sale.refund', refund('s-2', 'r-1', [['cola', 1]], tenders(['cash', 450])))]);
    const corrected = await t.admin<InvoiceDetail>(
      'POST',
      `/v1/admin/invoices/${online.invoiceId}/corrections`,
      { refundId: 'r-1' },
      store.marta,
    );
    expect(corrected.status, corrected.text).toBe(201);
    const answer = await printInvoice(corrected.json.invoiceId, { printerId: 'counter' });
    expect(answer.status, answer.text).toBe(202);
    const printout = readReceipt('epson', jobBytes(t, answer.json.jobId));
    expect(printout.qrCodes).toEqual([corrected.json.kodI!.url]);
    expect(printout.lines).toEqual(
      expect.arrayContaining([
        '               FAKTURA KORYGUJĄCA',
        `Korygowana faktura                 ${online.number}`,
        `z dnia                                ${online.issueDate}`,
        '  -1 x 4,50 zł 23%                      -4,50 zł',
        'RAZEM BRUTTO                            -4,50 zł',
      ]),
    );
  });

  it('answers 404 for an invoice it does not hold or a printer it does not know, and queues nothing', async () => {
    const { t } = store;
    const before = t.hub.context.printing.queue.list({ limit: 200 }).length;
    const missing = await printInvoice('no-such-invoice');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('INVOICE_NOT_FOUND');
    const noPrinter = await printInvoice(offline.invoiceId, { printerId: 'nowhere' });
    expect(noPrinter.status).toBe(404);
    expect(noPrinter.json.error.code).toBe('UNKNOWN_PRINTER');
    expect((await printInvoice(offline.invoiceId, { copies: 2 })).status).toBe(400);
    expect(t.hub.context.printing.queue.list({ limit: 200 })).toHaveLength(before);
  });

  it('lets a till reprint its invoice through /v1/print-jobs, checking that it is of the sale named', async () => {
    const { t } = store;
    const ask = (clientKey: string, body: object) =>
      t.lan('POST', '/v1/print-jobs', {
        token: till.token,
        body: { clientKey, kind: 'invoice', ...body },
      });
    const reprint = await ask('inv-1', { invoiceId: offline.invoiceId, saleId: 's-1' });
    expect(reprint.status, reprint.text).toBe(202);
    expect(reprint.json).toMatchObject({ kind: 'invoice', saleId: 's-1' });
    const mismatch = await ask('inv-2', { invoiceId: offline.invoiceId, saleId: 's-2' });
    expect(mismatch.status).toBe(409);
    expect(mismatch.json.error.code).toBe('REFERENCE_MISMATCH');
    const missing = await ask('inv-3', {});
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('MISSING_REFERENCE');
    // An invoice the hub does not hold is the till's mistake, not the hub's: 404, never a 500.
    const unknown = await ask('inv-4', { invoiceId: 'no-such-invoice' });
    expect(unknown.status, unknown.text).toBe(404);
    expect(unknown.json.error.code).toBe('INVOICE_NOT_FOUND');
  });

  it('prints no invoice a till asked for long before it reached the hub, yet records the invoice', async () => {
    const { t } = store;
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const late = { occurredAt: anHourAgo, deviceTime: anHourAgo };
    const sold = till.envelope(
      'sale.complete',
      { saleId: 's-3', locationId: 'shelf', lines: [line('chips', 1)], tenders: tenders(['cash', 699]) },
      late,
    );
    const asked = till.envelope('invoice.request', { saleId: 's-3', buyer: BUYER, printInvoice: true }, late);
    await push(t, till, [sold, asked]);
    expect((await detail(asked.id)).saleId).toBe('s-3');
    const jobs = await t.lan<{ jobs: PrintJobView[] }>('GET', '/v1/print-jobs?saleId=s-3', { token: till.token });
    expect(jobs.json.jobs).toEqual([]);
  });

  it('records the invoice even when its printout cannot be queued (a printer that does not exist)', async () => {
    const { t } = store;
    const sold = till.envelope('sale.complete', {
      saleId: 's-4',
      locationId: 'shelf',
      lines: [line('cola', 1)],
      tenders: tenders(['cash', 450]),
    });
    const asked = till.envelope('invoice.request', {
      saleId: 's-4',
      buyer: BUYER,
      printInvoice: true,
      printerId: 'nowhere',
    });
    const [, result] = await push(t, till, [sold, asked]);
    expect(result).toMatchObject({ status: 'accepted' });
    expect((await detail(asked.id)).saleId).toBe('s-4');
    const jobs = await t.lan<{ jobs: PrintJobView[] }>('GET', '/v1/print-jobs?saleId=s-4', { token: till.token });
    expect(jobs.json.jobs).toEqual([]);
  });
});

function line(productId: 'cola' | 'chips', quantity: number) {
  const price = { cola: [450, '23'], chips: [699, '8'] } as const;
  return { productId, quantity, unitPrice: pln(price[productId][0]), taxRate: price[productId][1] };
}

/**
 * KsefClient end to end against the KSeF API fake (src/fakes/ksef), which does the real crypto: login with a KSeF
 * token, an interactive send of a valid FA(3) invoice through to its KSeF number and a checked UPO, a batch of 20 in
 * small parts, a session expiring mid-send, 429 and a revoked token.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKsefFake, type KsefFake } from '../../../src/fakes/ksef/index.js';
import {
  checkUpo,
  KsefClient,
  type InvoiceStatusView,
  type SentInvoice,
} from '../../../src/main/hub/upstream/ksef/ksef-client.js';
import { isValidKsefNumber } from '../../../src/main/hub/upstream/ksef/ksef-number.js';

const NIP = '5265877635';
const TOKEN = `20261122-EC-${randomUUID()}|nip-${NIP}|fake`;
const template = readFileSync(new URL('../../fixtures/ksef/invoice-template-fa-3.xml', import.meta.url), 'utf8');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

/**
 * The official FA(3) template for the seller NIP, issued today, with a number of its own. "Today" is the calendar
 * day in Warsaw: a P_1 of an earlier day makes KSeF treat the invoice as offline (research §7, V10).
 */
function fa3(): { bytes: Buffer; number: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());
  const filled = template
    .replace('#nip#', NIP)
    .replace(/<P_1>[^<]*<\/P_1>/, `<P_1>${today}</P_1>`)
    .replace('#invoice_number#', randomUUID().slice(0, 8));
  const number = /<P_2>([^<]*)<\/P_2>/.exec(filled)![1]!;
  return { bytes: Buffer.from(filled, 'utf8'), number };
}

let fake: KsefFake;
let client: KsefClient;
beforeEach(async () => {
  fake = await startKsefFake({ tokens: { [TOKEN]: NIP } });
  client = new KsefClient({ apiBase: fake.url, contextNip: NIP, token: async () => TOKEN, partSize: 4_000 });
});
afterEach(async () => {
  await fake.close();
});

const signal = () => AbortSignal.timeout(30_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settled(sessionRef: string, invoiceRef: string): Promise<InvoiceStatusView> {
  for (let i = 0; i < 200; i += 1) {
    const status = await client.invoiceStatus(sessionRef, invoiceRef, signal());
    if (status.status.code !== 100 && status.status.code !== 150) return status;
    await sleep(25);
  }
  throw new Error(`invoice ${invoiceRef} did not settle`);
}

describe('KsefClient against the KSeF fake', () => {
  it('authenticates', async () => {
    const result = await client.testConnection(signal());
    expect(result).toMatchObject({ ok: true });
    const wrong = new KsefClient({ apiBase: fake.url, contextNip: NIP, token: async () => 'nope' });
    const refused = await wrong.testConnection(signal());
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('450');
  });

  it('sends a valid FA(3) interactively, gets its KSeF number and a UPO that names it', async () => {
    const invoice = fa3();
    const reported: SentInvoice[] = [];
    const results = await client.sendInteractive([{ id: 'inv-1', bytes: invoice.bytes, offlineMode: false }], {
      signal: signal(),
      onSent: (sent) => reported.push(sent),
    });
    const sent = results.get('inv-1') as SentInvoice;
    expect(reported).toEqual([sent]);
    expect(sent.invoiceHash).toBe(sha256(invoice.bytes));

    const status = await settled(sent.sessionRef, sent.invoiceRef);
    expect(status.status).toMatchObject({ code: 200 });
    expect(status.invoiceHash).toBe(sent.invoiceHash);
    expect(status.invoiceNumber).toBe(invoice.number);
    expect(status.invoicingMode).toBe('Online');
    expect(isValidKsefNumber(status.ksefNumber ?? '')).toBe(true);
    expect(status.upoDownloadUrl).toBeTruthy();

    const upo = await client.downloadUpo(status.upoDownloadUrl!, signal());
    const expected = { ksefNumber: status.ksefNumber!, invoiceHash: sent.invoiceHash, invoiceNumber: invoice.number };
    expect(checkUpo(upo, expected)).toEqual({ ok: true, problems: [] });
    const byNumber = await client.upoByKsefNumber(sent.sessionRef, status.ksefNumber!, signal());
    expect(checkUpo(byNumber, expected).ok).toBe(true);

    let session = await client.sessionStatus(sent.sessionRef, signal());
    for (let i = 0; i < 200 && session.code !== 200; i += 1) {
      await sleep(25);
      session = await client.sessionStatus(sent.sessionRef, signal());
    }
    expect(session).toMatchObject({ code: 200, invoiceCount: 1, successfulInvoiceCount: 1 });
    const listed = await client.sessionInvoices(sent.sessionRef, signal());
    expect(listed.map((i) => i.referenceNumber)).toEqual([sent.invoiceRef]);
  });

  it('sends the rest in a new session when the first one expires mid-send', async () => {
    const invoices = [fa3(), fa3(), fa3()].map((inv, i) => ({ id: `inv-${i}`, bytes: inv.bytes, offlineMode: false }));
    const results = await client.sendInteractive(invoices, {
      signal: signal(),
      onSent: (sent) => {
        if (sent.id === 'inv-0') fake.expireSessions();
      },
    });
    const sent = invoices.map((i) => results.get(i.id) as SentInvoice);
    expect(sent.every((s) => typeof s.invoiceRef === 'string')).toBe(true);
    expect(sent[1]!.sessionRef).not.toBe(sent[0]!.sessionRef);
    expect(sent[2]!.sessionRef).toBe(sent[1]!.sessionRef);
  });

  it('sends a batch of 20 in small parts and every invoice gets a number', async () => {
    const invoices = Array.from({ length: 20 }, (_, i) => ({ id: `b-${i}`, ...fa3(), offlineMode: false }));
    let names: Map<string, string> | undefined;
    const { sessionRef } = await client.sendBatch(invoices, {
      signal: signal(),
      offlineMode: false,
      onOpened: (_ref, fileNames) => (names = fileNames),
    });
    expect(names?.get('b-3')).toBe('b-3.xml');
    let session = await client.sessionStatus(sessionRef, signal());
    for (let i = 0; i < 400 && session.code !== 200 && session.code < 400; i += 1) {
      await sleep(25);
      session = await client.sessionStatus(sessionRef, signal());
    }
    expect(session).toMatchObject({ code: 200, invoiceCount: 20, successfulInvoiceCount: 20 });
    const listed = await client.sessionInvoices(sessionRef, signal());
    expect(listed).toHaveLength(20);
    const byHash = new Map(invoices.map((i) => [sha256(i.bytes), i]));
    for (const status of listed) {
      expect(status.status.code).toBe(200);
      const invoice = byHash.get(status.invoiceHash)!;
      expect(status.invoiceFileName).toBe(names?.get(invoice.id));
      expect(status.invoiceNumber).toBe(invoice.number);
    }
  });

  it('throws rate_limited with Retry-After, and auth once the token is revoked', async () => {
    await client.testConnection(signal());
    fake.rateLimit(1, 7);
    await expect(client.sessionInvoices('20261122-SO-0000000000-0000000000-00', signal())).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfter: '7',
    });
    fake.revokeToken(TOKEN);
    const invoice = fa3();
    const failure = await client
      .sendInteractive([{ id: 'x', bytes: invoice.bytes, offlineMode: false }], { signal: signal(), onSent: () => {} })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'auth' });
    expect(String((failure as Error).message)).not.toContain(TOKEN);
  });
});

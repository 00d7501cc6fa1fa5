/**
 * A backlog after a three-day KSeF failure (issue 10): KSeF announced a failure three days ago and the store kept
 * invoicing (awaryjny, research §7). When the failure ends, the 1,000 invoices owed go to KSeF by one batch session
 * with `offlineMode: true` — interactive sending would take more than five hours at 180 an hour — and each gets
 * exactly one KSeF number, at the fake's count, long before its deadline of 7 business days after the failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKsefFake, type KsefFake } from '../../src/fakes/ksef/index.js';
import { owedInvoices } from '../../src/main/hub/invoicing/invoice-reads.js';
import { isValidKsefNumber } from '../../src/main/hub/upstream/ksef/ksef-number.js';
import type { PushReply } from '../../src/shared/protocol/device-api.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { ksefFakeSettings, PIN, saleWithInvoice, setUpSeller } from '../helpers/ksef-store.js';
import { until } from '../helpers/until.js';

const SELLER_NIP = '1111111111';
const TOKEN = 'ksef-token-backlog-0001';
const INVOICES = 1000;
const DAY_MS = 86_400_000;
const buyer = { nip: '5260001246', name: 'Hurtownia', address: { line1: 'ul. Długa 1' } };

interface InvoiceRow {
  invoice_id: string;
  number: string;
  mode: string;
  status: string;
  ksef_number: string | null;
  ksef_acquired_at: string | null;
}

describe('a backlog of invoices after a three-day KSeF failure', () => {
  let ksef: KsefFake;
  let t: DeviceTestHub;
  const till = new TestDevice();
  const db = () => t.hub.context.ledger.db;
  const invoices = () =>
    db()
      .prepare<[], InvoiceRow>(
        'SELECT invoice_id, number, mode, status, ksef_number, ksef_acquired_at FROM invoices ORDER BY cursor',
      )
      .all();
  const availability = () =>
    db().prepare<[], { availability: string }>('SELECT availability FROM ksef_status WHERE id = 1').get()?.availability;

  beforeAll(async () => {
    ksef = await startKsefFake({ tokens: { [TOKEN]: SELLER_NIP } });
    t = await startDeviceTestHub(ksefFakeSettings(ksef));
    await seedCatalog(t, INVOICES + 10);
    await t.pair(till);
  });
  afterAll(async () => {
    await t?.hub.stop();
    await ksef?.close();
  });

  it('sends them in one offline batch when the failure ends: each numbered once, none past its deadline', async () => {
    const started = new Date(Date.now() - 3 * DAY_MS);
    const failure = ksef.announce({ category: 'FAILURE', start: started.toISOString() });
    ksef.setLatarnia({ status: 'FAILURE', messages: [failure] });
    ksef.setApiReachable(false);
    await setUpSeller((path, body) => t.admin('PUT', path, body), {
      nip: SELLER_NIP,
      name: 'Sklep',
      address: { line1: 'ul. Krótka 2' },
    });
    const token = await t.admin('PUT', '/v1/admin/settings/connectors/ksef', { token: TOKEN, pin: PIN });
    expect(token.status, token.text).toBe(200);
    await until('failure recorded', () => availability() === 'failure');

    // Three days of the till's invoices, recorded as they happened (spread over the days of the failure).
    for (let first = 0; first < INVOICES; first += 100) {
      const events = Array.from({ length: 100 }, (_, k) => {
        const n = first + k;
        const at = new Date(started.getTime() + ((n + 1) * (3 * DAY_MS - 60_000)) / INVOICES).toISOString();
        const saleId = `backlog-${n}`;
        const when = { occurredAt: at, deviceTime: new Date().toISOString() };
        return saleWithInvoice(till, saleId, buyer, when);
      }).flat();
      const pushed = await t.lan<PushReply>('POST', '/v1/events', { token: till.token, body: { events } });
      expect(new Set(pushed.json.results.map((r) => r.status)), pushed.text).toEqual(new Set(['accepted']));
    }
    const issued = invoices();
    expect(issued).toHaveLength(INVOICES);
    expect(new Set(issued.map((invoice) => invoice.mode))).toEqual(new Set(['awaryjny']));
    expect(ksef.invoices()).toEqual([]);

    const ended = new Date().toISOString();
    ksef.setLatarnia({ status: 'AVAILABLE', messages: [failure, ksef.end(failure, ended)] });
    ksef.setApiReachable(true);
    await until('failure over', () => availability() === 'available');
    // The deadlines as the hub computes them now that the failure has ended (the Invoices screen's countdowns).
    const dueAt = new Map(owedInvoices(db()).map((invoice) => [invoice.invoiceId, invoice.deadline]));
    expect(dueAt.size).toBe(INVOICES);
    expect([...dueAt.values()].every((deadline) => deadline.kind === 'due')).toBe(true);

    await until('all numbered', () => invoices().every((invoice) => invoice.status === 'accepted'), 120_000);
    const numbered = invoices();
    const byNumber = ksef.numbered();
    for (const invoice of numbered) {
      expect(isValidKsefNumber(invoice.ksef_number!)).toBe(true);
      expect(byNumber.get(invoice.number), invoice.number).toEqual([invoice.ksef_number]);
      const deadline = dueAt.get(invoice.invoice_id)!;
      expect(deadline.kind === 'due' && invoice.ksef_acquired_at! < deadline.dueAt).toBe(true);
    }
    expect(byNumber.size).toBe(INVOICES);
    const sessions = ksef.sessions();
    expect(sessions.map((session) => ({ kind: session.kind, offlineMode: session.offlineMode }))).toEqual([
      { kind: 'batch', offlineMode: true },
    ]);
    expect(ksef.invoices().every((invoice) => invoice.kind === 'batch' && invoice.offlineMode)).toBe(true);
    const upos = db().prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM invoice_upos').get()!.n;
    expect(upos).toBe(INVOICES);
  }, 180_000);
});

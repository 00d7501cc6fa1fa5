/**
 * The hub's word on KSeF (issue 9): with a seller set up, the hub probes the KSeF API and reads Latarnia (both the
 * loopback fake) and records `ksef.status` when what it knows changes; each invoice is issued in the mode that
 * record allows — online, offline24 when KSeF does not answer, awaryjny during an announced failure, whose deadline
 * is open until the failure ends. Before a seller exists nothing is probed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKsefFake, type KsefFake } from '../../src/fakes/ksef/index.js';
import type { InvoiceList } from '../../src/shared/protocol/invoice-views.js';
import { until } from '../helpers/until.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { pushSaleWithInvoice, setUpSeller } from '../helpers/ksef-store.js';

const buyer = { nip: '5260001246', name: 'Hurtownia', address: { line1: 'ul. Długa 1' } };

describe("the hub's word on KSeF", () => {
  let ksef: KsefFake;
  let t: DeviceTestHub;
  const till = new TestDevice();
  let sales = 0;

  const availability = () =>
    t.hub.context.ledger.db
      .prepare<[], { availability: string }>('SELECT availability FROM ksef_status WHERE id = 1')
      .get()?.availability;
  const invoiceNow = async () => {
    sales += 1;
    return pushSaleWithInvoice(t, till, `s${sales}`, buyer);
  };

  beforeAll(async () => {
    ksef = await startKsefFake();
    t = await startDeviceTestHub({
      'upstream.ksef.apiBase': ksef.url,
      'upstream.ksef.latarniaUrl': ksef.latarniaUrl,
      'upstream.ksef.checkSeconds': 1,
      'upstream.ksef.timeoutSeconds': 1,
    });
    await seedCatalog(t, 50);
    await t.pair(till);
  });
  afterAll(async () => {
    await t?.hub.stop();
    await ksef?.close();
  });

  it('asks KSeF nothing before a seller is set up, then records that it is available', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ksef.requests()).toEqual([]);
    expect(availability()).toBeUndefined();
    const seller = { nip: '1111111111', name: 'Sklep', address: { line1: 'ul. Krótka 2' } };
    await setUpSeller((path, body) => t.admin('PUT', path, body), seller);
    await until('KSeF available', () => availability() === 'available');
    expect(await invoiceNow()).toMatchObject({ mode: 'online', deadline: { kind: 'none' } });
  });

  it('issues offline24 when the store cannot reach KSeF and nothing is announced', async () => {
    ksef.setApiReachable(false);
    await until('KSeF unreachable', () => availability() === 'unreachable');
    const invoice = await invoiceNow();
    expect(invoice).toMatchObject({ mode: 'offline24', deadline: { kind: 'due' } });
    ksef.setApiReachable(true);
    await until('KSeF back', () => availability() === 'available');
  });

  it('issues awaryjny during an announced failure, the deadline open until it ends, then 7 business days after', async () => {
    const today = new Date().toISOString();
    const failure = ksef.announce({ category: 'FAILURE', start: today });
    ksef.setLatarnia({ status: 'FAILURE', messages: [failure] });
    await until('failure recorded', () => availability() === 'failure');
    const invoice = await invoiceNow();
    expect(invoice).toMatchObject({ mode: 'awaryjny', deadline: { kind: 'open', reason: 'failure_ongoing' } });
    ksef.setLatarnia({ status: 'AVAILABLE', messages: [failure, ksef.end(failure, new Date().toISOString())] });
    await until('failure over', () => availability() === 'available');
    const after = (await t.admin<InvoiceList>('GET', '/v1/admin/invoices?limit=1')).json.invoices[0]!;
    expect(after.invoiceId).toBe(invoice.invoiceId);
    expect(after.deadline.kind).toBe('due');
    // The facts the modes rest on are in the ledger, in order.
    const statuses = t.hub.context.ledger.db
      .prepare<[], { availability: string }>(
        "SELECT json_extract(record, '$.event.payload.availability') AS availability FROM events WHERE type = 'ksef.status' ORDER BY cursor",
      )
      .all()
      .map((row) => row.availability);
    expect(statuses).toEqual(['available', 'unreachable', 'available', 'failure', 'available']);
  });
});

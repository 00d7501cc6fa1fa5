/**
 * The NAXML back-office fake as a judge: it must accept valid minimal documents, refuse what breaks the layouts
 * (root, version, order, unknown elements) with a FatalError naming the problem, apply each file name once, and
 * produce its faults as documented.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startNaxmlFake, type NaxmlFake, type NaxmlFakeOptions } from '../../src/fakes/naxml/index.js';
import { validateDocument } from '../../src/fakes/naxml/validate-document.js';
import { parseAcknowledgement } from '../../src/main/hub/upstream/naxml/acknowledgement.js';

const PJR = `<?xml version="1.0" encoding="UTF-8"?>
<NAXML-POSJournal version="3.4">
  <TransmissionHeader><StoreLocationID>1</StoreLocationID><VendorName>Test</VendorName></TransmissionHeader>
  <JournalReport>
    <JournalHeader><ReportSequenceNumber>1274</ReportSequenceNumber></JournalHeader>
    <SaleEvent>
      <CashierID>91</CashierID>
      <RegisterID>1</RegisterID>
      <TransactionID>1472</TransactionID>
      <BusinessDate>2026-12-06</BusinessDate>
      <TransactionDetailGroup>
        <TransactionLine status="normal">
          <ItemLine>
            <ItemCode><POSCodeFormat format="upcA"/><POSCode>012345678905</POSCode></ItemCode>
            <MerchandiseCode>17</MerchandiseCode>
            <SalesQuantity>1</SalesQuantity>
            <SalesAmount>2.99</SalesAmount>
          </ItemLine>
        </TransactionLine>
      </TransactionDetailGroup>
      <TransactionSummary>
        <TransactionTotalGrossAmount>2.99</TransactionTotalGrossAmount>
        <TransactionTotalNetAmount>2.99</TransactionTotalNetAmount>
        <TransactionTotalTaxNetAmount>0</TransactionTotalTaxNetAmount>
      </TransactionSummary>
    </SaleEvent>
  </JournalReport>
</NAXML-POSJournal>
`;

/** ISO-8859-1 and a default namespace, as NCR Radiant writes; `é` is one byte. */
const ISM = `<?xml version="1.0" encoding="ISO-8859-1"?>
<NAXML-MovementReport xmlns="http://www.naxml.org/POSBO/Vocabulary/2003-10-16" version="3.4">
  <TransmissionHeader><StoreLocationID>1022</StoreLocationID><VendorName>Test</VendorName></TransmissionHeader>
  <ItemSalesMovement>
    <MovementHeader>
      <ReportSequenceNumber>1</ReportSequenceNumber>
      <PrimaryReportPeriod>2</PrimaryReportPeriod>
      <SecondaryReportPeriod>0</SecondaryReportPeriod>
      <BusinessDate>2026-12-06</BusinessDate>
      <BeginDate>2026-12-06</BeginDate><BeginTime>00:00:00</BeginTime>
      <EndDate>2026-12-06</EndDate><EndTime>23:59:59</EndTime>
    </MovementHeader>
    <ISMDetail>
      <ItemCode><POSCodeFormat format="plu"/><POSCode>4011</POSCode></ItemCode>
      <Description>Café crème</Description>
      <MerchandiseCode>400</MerchandiseCode>
      <ISMSellPriceSummary>
        <ActualSalesPrice>2.29</ActualSalesPrice>
        <ISMSalesTotals><SalesQuantity>3</SalesQuantity><SalesAmount>6.87</SalesAmount></ISMSalesTotals>
      </ISMSellPriceSummary>
    </ISMDetail>
  </ItemSalesMovement>
</NAXML-MovementReport>
`;

const sha256 = (body: string | Buffer) => createHash('sha256').update(body).digest('hex');

const fakes: NaxmlFake[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function fake(options?: NaxmlFakeOptions): Promise<NaxmlFake> {
  const started = await startNaxmlFake(options);
  fakes.push(started);
  return started;
}

async function post(target: NaxmlFake, fileName: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/xml', 'X-NAXML-File-Name': fileName, ...headers },
    // A string is sent as UTF-8; a Buffer (ISO-8859-1 documents) byte for byte.
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes };
}

/** The HTTP status and the acknowledgement read by the hub's own parser. */
async function verdict(target: NaxmlFake, fileName: string, body: string | Buffer) {
  const answer = await post(target, fileName, body);
  return { http: answer.status, ...parseAcknowledgement(answer.bytes) };
}

/** The FatalError message the fake gives for `document`, which it must not apply. */
async function refusalOf(document: string): Promise<string> {
  const target = await fake();
  const ack = await verdict(target, 'doc.xml', document);
  expect(ack).toMatchObject({ http: 200, status: 'FatalError' });
  expect(ack.messages).toHaveLength(1);
  expect(target.applied()).toEqual([]);
  return ack.messages[0]!.message;
}

describe('layout validation', () => {
  it('accepts a minimal POS journal and a minimal ISM (ISO-8859-1, namespaced) and applies them', async () => {
    const target = await fake();
    expect(await verdict(target, 'PJR1.xml', PJR)).toEqual({ http: 200, status: 'Success', messages: [] });
    const latin1 = Buffer.from(ISM, 'latin1');
    expect(await verdict(target, 'ISM1.xml', latin1)).toEqual({ http: 200, status: 'Success', messages: [] });
    expect(target.applied()).toEqual([
      { fileName: 'PJR1.xml', type: 'PJR', bytes: Buffer.byteLength(PJR), sha256: sha256(PJR), deliveries: 1 },
      { fileName: 'ISM1.xml', type: 'ISM', bytes: latin1.length, sha256: sha256(latin1), deliveries: 1 },
    ]);
  });

  it('refuses a wrong root', async () => {
    expect(await refusalOf(PJR.replaceAll('NAXML-POSJournal', 'NAXML-Journal'))).toBe(
      'unknown root <NAXML-Journal>: expected NAXML-POSJournal or NAXML-MovementReport',
    );
  });

  it('refuses a wrong or missing version', async () => {
    expect(await refusalOf(PJR.replace('version="3.4"', 'version="3.3"'))).toBe(
      '<NAXML-POSJournal> has version "3.3": expected "3.4"',
    );
    expect(await refusalOf(PJR.replace(' version="3.4"', ''))).toBe(
      '<NAXML-POSJournal> has no version: expected "3.4"',
    );
  });

  it('refuses elements out of order, naming the element and its line', async () => {
    const swapped = PJR.replace(
      '<CashierID>91</CashierID>\n      <RegisterID>1</RegisterID>',
      '<RegisterID>1</RegisterID>\n      <CashierID>91</CashierID>',
    );
    const target = await fake();
    const ack = await verdict(target, 'doc.xml', swapped);
    expect(ack.messages).toEqual([
      {
        lineNumber: 7,
        linePosition: 7,
        message: '<RegisterID> is out of order in <SaleEvent>: <CashierID> comes first',
        severity: 'Error',
      },
    ]);
    const movement = ISM.replace(
      '<BeginDate>2026-12-06</BeginDate><BeginTime>00:00:00</BeginTime>',
      '<BeginTime>00:00:00</BeginTime><BeginDate>2026-12-06</BeginDate>',
    );
    expect(await refusalOf(movement)).toBe('<BeginTime> is out of order in <MovementHeader>: <BeginDate> comes first');
    const summaryFirst = PJR.replace(
      /(<TransactionDetailGroup>[\s\S]*<\/TransactionDetailGroup>)\s*(<TransactionSummary>[\s\S]*<\/TransactionSummary>)/,
      '$2$1',
    );
    expect(await refusalOf(summaryFirst)).toBe(
      '<TransactionSummary> is out of order in <SaleEvent>: <TransactionDetailGroup> comes first',
    );
  });

  it('refuses unknown elements, wherever they are', async () => {
    expect(await refusalOf(PJR.replace('<RegisterID>1</RegisterID>', '<RegisterID>1</RegisterID><Till>1</Till>'))).toBe(
      'unknown element <Till> in <SaleEvent>',
    );
    expect(await refusalOf(ISM.replace('</ISMDetail>', '<Colour>red</Colour></ISMDetail>'))).toBe(
      'unknown element <Colour> in <ISMDetail>',
    );
    expect(
      await refusalOf(PJR.replace('<SalesQuantity>1</SalesQuantity>', '<SalesQuantity><n>1</n></SalesQuantity>')),
    ).toBe('<SalesQuantity> holds a value, not elements such as <n>');
  });

  it('refuses a missing required element and a second event in one journal', async () => {
    expect(await refusalOf(PJR.replace(/<TransactionSummary>[\s\S]*<\/TransactionSummary>/, ''))).toBe(
      '<SaleEvent> lacks <TransactionSummary> (after <TransactionDetailGroup>)',
    );
    const twoEvents = PJR.replace(/(<SaleEvent>[\s\S]*<\/SaleEvent>)/, '$1$1');
    expect(await refusalOf(twoEvents)).toBe('<SaleEvent> appears more often than allowed in <JournalReport>');
  });

  it('refuses what is not well-formed, carries a DOCTYPE, or is not UTF-8 / ISO-8859-1', async () => {
    expect(await refusalOf(PJR.replace('</JournalReport>', ''))).toMatch(/^not well-formed XML: /);
    expect(await refusalOf(PJR.replace('<NAXML-POSJournal', '<!DOCTYPE x [<!ENTITY a "b">]><NAXML-POSJournal'))).toBe(
      'a DOCTYPE is not allowed in a NAXML document',
    );
    expect(await refusalOf(PJR.replace('UTF-8', 'UTF-16'))).toBe(
      'encoding UTF-16 is not accepted: send UTF-8 or ISO-8859-1',
    );
  });
});

describe('exactly once per file name', () => {
  it('answers Success to a resend without applying again, and FatalError to different bytes under the name', async () => {
    const target = await fake({ fatalStatus: 422 });
    await verdict(target, 'PJR1.xml', PJR);
    expect(await verdict(target, 'PJR1.xml', PJR)).toMatchObject({ http: 200, status: 'Success' });
    const conflict = await verdict(target, 'PJR1.xml', PJR.replace('1472', '1473'));
    expect(conflict).toMatchObject({ http: 422, status: 'FatalError' });
    expect(conflict.messages[0]!.message).toBe(
      'conflicting resend of PJR1.xml: its bytes differ from the document applied under that name',
    );
    expect(target.applied()).toEqual([
      expect.objectContaining({ fileName: 'PJR1.xml', bytes: Buffer.byteLength(PJR), deliveries: 2 }),
    ]);
    expect(target.deliveries).toBe(3);
  });
});

describe('faults and auth', () => {
  it('status, fatal, nonFatal and dropAfterApply, each for the next N requests', async () => {
    const target = await fake();
    target.fail({ kind: 'status', status: 503, retryAfter: '7' }, 2);
    target.fail({ kind: 'fatal', message: 'store 1 is closed' });
    target.fail({ kind: 'nonFatal', message: 'merchandise code 17 unknown' });
    target.fail({ kind: 'dropAfterApply' });
    expect(target.pendingFaults()).toBe(5);
    for (let i = 0; i < 2; i += 1) {
      const answer = await post(target, 'PJR1.xml', PJR);
      expect([answer.status, answer.headers.get('retry-after')]).toEqual([503, '7']);
    }
    expect(await verdict(target, 'PJR1.xml', PJR)).toMatchObject({
      status: 'FatalError',
      messages: [{ message: 'store 1 is closed' }],
    });
    expect(target.applied()).toEqual([]);
    expect(await verdict(target, 'PJR1.xml', PJR)).toMatchObject({
      status: 'NonFatalError',
      messages: [{ message: 'merchandise code 17 unknown', severity: 'Warning' }],
    });
    await expect(post(target, 'ISM1.xml', Buffer.from(ISM, 'latin1'))).rejects.toThrow();
    expect(target.applied().map((d) => d.fileName)).toEqual(['PJR1.xml', 'ISM1.xml']);
    expect(await verdict(target, 'ISM1.xml', Buffer.from(ISM, 'latin1'))).toMatchObject({ status: 'Success' });
    expect(target.applied().find((d) => d.fileName === 'ISM1.xml')?.deliveries).toBe(2);
    expect(target.pendingFaults()).toBe(0);
  });

  it('timeout: reads the request and never answers, applying nothing', async () => {
    const target = await fake();
    target.fail({ kind: 'timeout' });
    const controller = new AbortController();
    const hung = fetch(target.url, {
      method: 'POST',
      headers: { 'X-NAXML-File-Name': 'PJR1.xml' },
      body: PJR,
      signal: controller.signal,
    });
    await expect.poll(() => target.pendingFaults()).toBe(0);
    controller.abort();
    await expect(hung).rejects.toThrow();
    expect(target.applied()).toEqual([]);
    expect(target.requests()).toEqual([
      expect.objectContaining({ fileName: 'PJR1.xml', status: null, applied: false }),
    ]);
    expect(await verdict(target, 'PJR1.xml', PJR)).toMatchObject({ http: 200, status: 'Success' });
  });

  it('basic auth: a bare 401 without the right credentials', async () => {
    const target = await fake({ auth: { kind: 'basic', username: 'store', password: 'pw' } });
    const good = `Basic ${Buffer.from('store:pw').toString('base64')}`;
    const bad = `Basic ${Buffer.from('store:nope').toString('base64')}`;
    expect((await post(target, 'PJR1.xml', PJR, { Authorization: bad })).status).toBe(401);
    expect((await post(target, 'PJR1.xml', PJR)).status).toBe(401);
    expect((await post(target, 'PJR1.xml', PJR, { Authorization: good })).status).toBe(200);
    expect(target.applied()).toHaveLength(1);
  });
});

describe('probes and outages', () => {
  it('answers a HEAD probe without counting it as a delivery, and drops everything while unreachable', async () => {
    const target = await fake();
    const probe = await fetch(target.url, { method: 'HEAD' });
    expect(probe.status).toBe(405);
    expect(target.deliveries).toBe(0);
    target.setReachable(false);
    await expect(fetch(target.url, { method: 'HEAD' })).rejects.toThrow();
    await expect(post(target, 'PJR.xml', PJR)).rejects.toThrow();
    expect([target.deliveries, target.applied()]).toEqual([0, []]);
    target.setReachable(true);
    expect((await verdict(target, 'PJR.xml', PJR)).status).toBe('Success');
    expect(target.applied()).toHaveLength(1);
  });
});

describe('the golden store day (tests/fixtures/naxml/golden) as the fake judges it', () => {
  const golden = new URL('../fixtures/naxml/golden/', import.meta.url);
  it.each(readdirSync(golden).filter((name) => name.endsWith('.xml')))('%s keeps the NAXML layouts', (name) => {
    expect(validateDocument(readFileSync(new URL(name, golden)))).toEqual(expect.objectContaining({ ok: true }));
  });
});

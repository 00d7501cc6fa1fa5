// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventDetail } from '../../src/renderer/api/types.js';
import type {
  InvoiceDetail,
  InvoiceKsefView,
  InvoiceListItem,
  InvoicingSettingsView,
} from '../../src/shared/protocol/invoice-views.js';
import { EventDetailPage } from '../../src/renderer/pages/activity/EventDetailPage.js';
import { deadlineBand, vatRateText } from '../../src/renderer/pages/invoices/invoice-copy.js';
import { InvoiceDetailPage } from '../../src/renderer/pages/invoices/InvoiceDetailPage.js';
import { InvoicePrintPage } from '../../src/renderer/pages/invoices/InvoicePrintPage.js';
import { InvoicesPage } from '../../src/renderer/pages/invoices/InvoicesPage.js';
import { normalizeNip } from '../../src/shared/nip.js';
import { readNip } from '../../src/renderer/pages/invoices/nip.js';
import {
  EMPTY_CERTIFICATE,
  fromCertificateDraft,
  numberExample,
  numberFormatProblem,
} from '../../src/renderer/pages/settings/invoicing-form.js';
import { InvoicingSection } from '../../src/renderer/pages/settings/InvoicingSection.js';
import { renderScreen, type ApiRoutes, type Rendered } from '../helpers/ui-render.js';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const HOUR = 3_600_000;
const fromNow = (ms: number) => new Date(NOW + ms).toISOString();

/** Only Date is faked: testing-library's waits and the countdowns' intervals keep their real timers. */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Intl separates the currency code from the figure with a no-break space. */
const plain = (text: string | null | undefined) => (text ?? '').replace(/\u00a0/g, ' ');

/** Valid NIPs: their tenth digit is the weighted sum of the first nine, modulo 11. */
const BUYER_NIP = '1234563218';
const SELLER_NIP = '5260250274';

const item = (n: number, fields: Partial<InvoiceListItem> = {}): InvoiceListItem => ({
  invoiceId: `inv-${n}`,
  number: `FV/2026/0000${n}`,
  issueDate: '2026-11-23',
  buyer: { nip: BUYER_NIP, name: `Buyer ${n} Sp. z o.o.` },
  gross: { amount: 123_00, currency: 'PLN' },
  mode: 'offline24',
  status: 'awaiting_send',
  deadline: { kind: 'due', date: '2026-11-24', dueAt: fromNow(3 * 24 * HOUR) },
  ksefNumber: null,
  saleId: `sale-${n}`,
  correctionOf: null,
  createdAt: fromNow(-HOUR),
  ...fields,
});

const due = (date: string, ms: number) => ({ kind: 'due' as const, date, dueAt: fromNow(ms) });

const page1 = [
  item(6, { deadline: due('2026-11-26', 3 * 24 * HOUR) }),
  item(5, { deadline: due('2026-11-24', 5 * HOUR), buyer: { nip: BUYER_NIP, name: 'Hurtownia Lipa' } }),
  item(4, { deadline: due('2026-11-23', HOUR) }),
  item(3, { deadline: due('2026-11-22', -HOUR) }),
  item(2, { mode: 'awaryjny', deadline: { kind: 'open', reason: 'failure_ongoing' } }),
  item(1, {
    mode: 'online',
    status: 'not_required',
    deadline: { kind: 'none', reason: 'online' },
    ksefNumber: '5260250274-20261123-0100A0B1C2D3-4E',
  }),
];

const listRoutes: ApiRoutes = {
  'GET /v1/admin/invoices?limit=50&before=inv-1': {
    invoices: [item(0, { number: 'FV/2026/00000' })],
    nextBefore: null,
  },
  'GET /v1/admin/invoices?limit=50&status=awaiting_send': { invoices: [page1[0]], nextBefore: null },
  'GET /v1/admin/invoices?limit=50': { invoices: page1, nextBefore: 'inv-1' },
};

const rowOf = (number: string) => screen.getByRole('link', { name: number }).closest('tr')!;
const bandOf = (number: string) => rowOf(number).querySelector('[data-band]')?.getAttribute('data-band');

describe('invoice words', () => {
  it('puts a deadline in its band: calm, amber within a day, red within 2 h, missed after', () => {
    expect(deadlineBand(fromNow(25 * HOUR), NOW)).toBe('calm');
    expect(deadlineBand(fromNow(24 * HOUR), NOW)).toBe('amber');
    expect(deadlineBand(fromNow(2 * HOUR + 1), NOW)).toBe('amber');
    expect(deadlineBand(fromNow(2 * HOUR), NOW)).toBe('red');
    expect(deadlineBand(fromNow(1), NOW)).toBe('red');
    expect(deadlineBand(fromNow(0), NOW)).toBe('missed');
    expect(vatRateText('23')).toBe('23%');
    expect(vatRateText('zw')).toBe('zw (exempt)');
  });

  it('reads a NIP as people type it and checks its last digit', () => {
    expect(normalizeNip('123-456-32-18')).toBe(BUYER_NIP);
    expect(normalizeNip('PL 123 456 32 18')).toBe(BUYER_NIP);
    expect(normalizeNip('pl1234563218')).toBe(BUYER_NIP);
    expect(normalizeNip('123456321')).toBeNull();
    expect(readNip(' PL123-456-32-18 ', 'the buyer’s NIP')).toEqual({ nip: BUYER_NIP });
    expect(readNip('1234563219', 'the buyer’s NIP')).toEqual({
      problem: 'The buyer’s NIP 1234563219 is not a valid NIP: its last digit does not match. Check for a typo.',
    });
    expect(readNip('12345', 'the buyer’s NIP')).toEqual({
      problem: 'The buyer’s NIP is 10 digits (spaces, dashes and a PL in front are fine).',
    });
    expect(readNip('', 'the seller’s NIP')).toEqual({ problem: 'Enter the seller’s NIP.' });
  });

  it('shows what a number format gives, and refuses one without the number', () => {
    const november = new Date(2026, 10, 23);
    expect(numberExample('FV/{YYYY}/{NNNNN}', november)).toBe('FV/2026/00001');
    expect(numberExample('{MM}/{YYYY}/{NNN}', november, 42)).toBe('11/2026/042');
    expect(numberFormatProblem('FV/{YYYY}')).toMatch(/^The number format needs the invoice’s own number/);
    expect(numberFormatProblem('FV/{DD}/{NNNN}')).toMatch(/^The number format cannot hold \{DD\}/);
    expect(numberFormatProblem('FV/{YYYY}/{NNNNN}')).toBeNull();
  });
});

describe('the Invoices screen', () => {
  it('lists invoices with their mode, status, KSeF number and a countdown in its band', async () => {
    const view = renderScreen(<InvoicesPage />, { path: '/invoices', routes: listRoutes });
    await screen.findByRole('table', { name: 'Invoices, newest first' });
    expect(view.requests()).toContain('/v1/admin/invoices?limit=50');

    expect(bandOf('FV/2026/00006')).toBe('calm');
    expect(rowOf('FV/2026/00006').textContent).toMatch(/3 d 00:00:0\d/);
    expect(bandOf('FV/2026/00005')).toBe('amber');
    expect(rowOf('FV/2026/00005').textContent).toContain('Hurtownia Lipa');
    expect(rowOf('FV/2026/00005').textContent).toContain(`NIP ${BUYER_NIP}`);
    expect(plain(rowOf('FV/2026/00005').textContent)).toContain('PLN 123.00');
    expect(bandOf('FV/2026/00004')).toBe('red');
    expect(rowOf('FV/2026/00004').querySelector('.countdown.urgent')).not.toBeNull();
    expect(bandOf('FV/2026/00003')).toBe('missed');
    expect(within(rowOf('FV/2026/00003')).getByText('Missed')).toBeTruthy();

    const open = rowOf('FV/2026/00002');
    expect(within(open).getByText('KSeF failure')).toBeTruthy();
    expect(within(open).getByText('Waits for the outage to end')).toBeTruthy();
    const online = rowOf('FV/2026/00001');
    expect(within(online).getByText('Online')).toBeTruthy();
    expect(within(online).getByText('No deadline')).toBeTruthy();
    expect(within(online).getByText('Not sent (total failure)')).toBeTruthy();
    expect(within(rowOf('FV/2026/00006')).getByText('Waiting to send')).toBeTruthy();
    expect(within(online).getByText('5260250274-20261123-0100A0B1C2D3-4E')).toBeTruthy();
    expect(within(rowOf('FV/2026/00006')).getByText('Offline24')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'FV/2026/00006' }).getAttribute('href')).toBe('/invoices/inv-6');
  });

  it('pages older with `before` and filters by status in the URL', async () => {
    const view = renderScreen(<InvoicesPage />, { path: '/invoices', routes: listRoutes });
    await screen.findByRole('link', { name: 'FV/2026/00006' });
    fireEvent.click(screen.getByRole('button', { name: 'Older →' }));
    await screen.findByRole('link', { name: 'FV/2026/00000' });
    expect(view.requests()).toContain('/v1/admin/invoices?limit=50&before=inv-1');
    fireEvent.click(screen.getByRole('button', { name: 'Newest' }));
    await screen.findByRole('link', { name: 'FV/2026/00006' });

    const options = [...(screen.getByLabelText('Status') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual([
      'Any status',
      'Waiting to send',
      'Not sent (total failure)',
      'Sent, waiting for KSeF',
      'In KSeF',
      'Rejected by KSeF',
    ]);
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'awaiting_send' } });
    await waitFor(() => expect(view.router.state.location.search).toBe('?status=awaiting_send'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'FV/2026/00005' })).toBeNull());
    expect(view.requests()).toContain('/v1/admin/invoices?limit=50&status=awaiting_send');
  });
});

/** What sending to KSeF has come to for an invoice not sent yet. */
const NOT_SENT: InvoiceKsefView = {
  invoicingMode: null,
  acquiredAt: null,
  sessionRef: null,
  upo: null,
  sending: null,
  rejection: null,
  correctedHash: null,
};

const svg = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><path d="M4 4h7v7H4z"/><desc>${text}</desc></svg>`;

const detail: InvoiceDetail = {
  ...item(5, { deadline: due('2026-11-24', 5 * HOUR), buyer: { nip: BUYER_NIP, name: 'Hurtownia Lipa' } }),
  seller: {
    nip: SELLER_NIP,
    name: 'Sklep Pod Lipą Sp. z o.o.',
    address: { line1: 'ul. Lipowa 12', line2: '00-950 Warszawa' },
    bankAccount: 'PL61109010140000071219812874',
  },
  saleDate: '2026-11-21',
  buyerAddress: { line1: 'ul. Długa 5', line2: '30-001 Kraków' },
  gross: { amount: 123_00, currency: 'PLN' },
  lines: [
    { name: 'Kawa ziarnista 1 kg', quantity: 2, unitGross: 54_00, vatRate: '23', gross: 108_00 },
    { name: 'Chleb żytni', quantity: 3, unitGross: 5_00, vatRate: '5', gross: 15_00 },
  ],
  vat: [
    { rate: '23', net: 87_80, vat: 20_20, gross: 108_00 },
    { rate: '5', net: 14_29, vat: 71, gross: 15_00 },
  ],
  sha256: 'q3b6Zb0sS1y7bP3Jr9x1o0W8Qe8p5u2Yb3g7Qk9L0mE=',
  size: 4321,
  kodI: {
    url: 'https://qr-test.ksef.mf.gov.pl/invoice/5260250274/23-11-2026/q3b6',
    label: 'OFFLINE',
    svg: svg('kod-i'),
  },
  kodII: {
    url: 'https://qr-test.ksef.mf.gov.pl/certificate/Nip/5260250274/5260250274/01F2/q3b6/sig',
    label: 'CERTYFIKAT',
    svg: svg('kod-ii'),
  },
  certificateSerial: '01F2A3',
  announcements: [{ kind: 'failure', start: '2026-11-20', end: '2026-11-21' }],
  ksef: NOT_SENT,
};

const detailRoutes: ApiRoutes = {
  'GET /v1/admin/invoices/inv-5': detail,
  'POST /v1/admin/invoices/inv-5/print': [202, { jobId: 'pj-77' }],
  'POST /v1/admin/invoices/inv-5/corrections': [201, { ...detail, invoiceId: 'inv-6', number: 'FV/2026/00006' }],
};

const sent = (view: Rendered, url: string, method = 'POST') => {
  const call = view.fetch.mock.calls.find(([input, init]) => input === url && init?.method === method);
  return call ? (JSON.parse(String(call[1]!.body)) as unknown) : undefined;
};

/** The QR images drawn from the hub's SVG text: the data URL's payload decoded back. */
const svgOf = (image: HTMLElement) => {
  const src = image.getAttribute('src') ?? '';
  expect(src.startsWith('data:image/svg+xml;utf8,')).toBe(true);
  return decodeURIComponent(src.slice('data:image/svg+xml;utf8,'.length));
};
const labelUnder = (image: HTMLElement) => image.closest('figure')?.querySelector('figcaption')?.textContent;

describe('an invoice’s detail', () => {
  const renderDetail = (role: 'manager' | 'cashier' = 'manager') =>
    renderScreen(
      <Routes>
        <Route path="/invoices/:invoiceId" element={<InvoiceDetailPage />} />
      </Routes>,
      { path: '/invoices/inv-5', role, routes: detailRoutes },
    );

  it('shows the parties, lines, VAT, deadline and both QR codes with their labels and links', async () => {
    renderDetail();
    await screen.findByRole('heading', { name: 'Invoice FV/2026/00005' });
    const seller = screen.getByRole('region', { name: 'Seller' });
    expect(within(seller).getByLabelText('NIP').textContent).toBe(SELLER_NIP);
    expect(within(seller).getByLabelText('Address').textContent).toBe('ul. Lipowa 1200-950 Warszawa');
    expect(within(seller).getByLabelText('Bank account').textContent).toBe('PL61109010140000071219812874');
    const buyer = screen.getByRole('region', { name: 'Buyer' });
    expect(within(buyer).getByLabelText('Name').textContent).toBe('Hurtownia Lipa');
    expect(within(buyer).queryByLabelText('Bank account')).toBeNull();
    expect(screen.getByLabelText('Date of sale').textContent).toMatch(/21 Nov 2026/);

    const lines = screen.getByRole('table', { name: 'Lines' });
    expect(plain(within(lines).getByText('Kawa ziarnista 1 kg').closest('tr')!.textContent)).toBe(
      '1Kawa ziarnista 1 kg2PLN 54.0023%PLN 108.00',
    );
    const vat = screen.getByRole('table', { name: 'VAT per rate' });
    expect(plain(within(vat).getByText('Total').closest('tr')!.textContent)).toBe('TotalPLN 102.09PLN 20.91PLN 123.00');

    const ksef = screen.getByRole('region', { name: 'KSeF' });
    expect(within(ksef).getByText('Offline24')).toBeTruthy();
    expect(within(ksef).getByText('Waiting to send')).toBeTruthy();
    expect(within(ksef).getByLabelText('Send to KSeF within').querySelector('[data-band="amber"]')).not.toBeNull();
    expect(within(ksef).getByText('KSeF failure (awaria): Fri, 20 Nov 2026 – Sat, 21 Nov 2026')).toBeTruthy();

    const kodI = screen.getByRole('img', { name: 'KOD I QR code' });
    expect(svgOf(kodI)).toBe(detail.kodI!.svg);
    expect(labelUnder(kodI)).toBe('OFFLINE');
    const kodII = screen.getByRole('img', { name: 'KOD II QR code' });
    expect(svgOf(kodII)).toBe(detail.kodII!.svg);
    expect(labelUnder(kodII)).toBe('CERTYFIKAT');
    expect(screen.getByText(detail.kodI!.url)).toBeTruthy();
    expect(screen.getByText(detail.kodII!.url)).toBeTruthy();

    expect(screen.getByText(detail.sha256)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy SHA-256 of the XML' })).toBeTruthy();
    expect(screen.getByText('4,321 bytes (4.2 kB)')).toBeTruthy();
    expect(screen.getByText('sale-5')).toBeTruthy();

    const download = screen.getByRole('link', { name: 'Download XML' });
    expect(download.getAttribute('href')).toBe('/v1/admin/invoices/inv-5/xml');
    expect(download.hasAttribute('download')).toBe(true);
    expect(screen.getByRole('link', { name: 'Printable A4 view' }).getAttribute('href')).toBe('/invoices/inv-5/print');
  });

  it('prints on the receipt printer for a manager, and only offers it to a manager', async () => {
    const view = renderDetail();
    fireEvent.click(await screen.findByRole('button', { name: 'Print on the receipt printer' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/Sent to the receipt printer .*job pj-77/);
    expect(sent(view, '/v1/admin/invoices/inv-5/print')).toEqual({});
    view.unmount();

    renderDetail('cashier');
    await screen.findByRole('heading', { name: 'Invoice FV/2026/00005' });
    expect(screen.queryByRole('button', { name: 'Print on the receipt printer' })).toBeNull();
    expect(screen.getByText('A manager can print it on the receipt printer.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Download XML' })).toBeTruthy();
  });

  it('lets a manager issue the correcting invoice of a refund, and links to it', async () => {
    const view = renderDetail();
    const form = await screen.findByRole('form', { name: 'Issue a correcting invoice' });
    fireEvent.change(within(form).getByLabelText('Refund'), { target: { value: ' refund-42 ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Issue the correcting invoice' }));
    const done = await screen.findByText(/Correcting invoice/, { selector: 'p' });
    expect(within(done).getByRole('link', { name: 'FV/2026/00006' }).getAttribute('href')).toBe('/invoices/inv-6');
    expect(sent(view, '/v1/admin/invoices/inv-5/corrections')).toEqual({ refundId: 'refund-42' });
    view.unmount();

    renderDetail('cashier');
    await screen.findByRole('heading', { name: 'Invoice FV/2026/00005' });
    expect(screen.queryByRole('form', { name: 'Issue a correcting invoice' })).toBeNull();
  });

  it('says an online invoice has no KOD II and no deadline', async () => {
    renderScreen(
      <Routes>
        <Route path="/invoices/:invoiceId" element={<InvoiceDetailPage />} />
      </Routes>,
      {
        path: '/invoices/inv-1',
        routes: {
          'GET /v1/admin/invoices/inv-1': {
            ...detail,
            ...page1[5],
            kodI: { ...detail.kodI, label: page1[5]!.ksefNumber },
            kodII: null,
            announcements: [],
          },
        },
      },
    );
    const kodI = await screen.findByRole('img', { name: 'KOD I QR code' });
    expect(labelUnder(kodI)).toBe(page1[5]!.ksefNumber);
    expect(screen.queryByRole('img', { name: 'KOD II QR code' })).toBeNull();
    expect(screen.getByText(/^No KOD II/)).toBeTruthy();
    expect(screen.getByText('No deadline')).toBeTruthy();
  });
});

describe('the KSeF card of an invoice’s detail', () => {
  const KSEF_NUMBER = '5260250274-20261123-0100A0B1C2D3-4E';
  const SESSION = '20261123-SO-2F5C8A1B00-3D7E9A41C2-B7';
  const NEW_NIP = '5260001246';
  const numbered: InvoiceDetail = {
    ...detail,
    status: 'accepted',
    deadline: { kind: 'none', reason: 'accepted' },
    ksefNumber: KSEF_NUMBER,
    kodI: { ...detail.kodI!, label: KSEF_NUMBER },
    ksef: {
      ...NOT_SENT,
      invoicingMode: 'Offline',
      acquiredAt: fromNow(-20 * 60_000),
      sessionRef: SESSION,
      upo: { problems: [] },
    },
  };
  const sentOne: InvoiceDetail = {
    ...detail,
    status: 'sent',
    ksef: { ...NOT_SENT, sending: { sessionRef: SESSION, kind: 'online', sentAt: '2026-11-23T09:58:00.000Z' } },
  };
  const rejection = {
    code: 450,
    description: 'Błąd weryfikacji semantyki dokumentu faktury',
    details: ['Nieprawidłowy NIP nabywcy (Podmiot2/DaneIdentyfikacyjne/NIP)'],
    explanation:
      'KSeF refused the buyer’s NIP: correct the buyer and send the invoice again, as a technical correction.',
    correctable: true,
    at: fromNow(-10 * 60_000),
  };
  const rejected: InvoiceDetail = { ...detail, status: 'rejected', ksef: { ...NOT_SENT, rejection } };
  const corrected: InvoiceDetail = {
    ...rejected,
    status: 'awaiting_send',
    buyer: { nip: NEW_NIP, name: 'Hurtownia Lipa Sp. z o.o.' },
    sha256: 'bmV3IGJ5dGVz',
    ksef: { ...NOT_SENT, correctedHash: detail.sha256 },
  };
  const CORRECT = '/v1/admin/invoices/inv-5/technical-correction';

  const renderKsef = (invoice: InvoiceDetail, role: 'manager' | 'cashier' = 'manager', extra: ApiRoutes = {}) =>
    renderScreen(
      <Routes>
        <Route path="/invoices/:invoiceId" element={<InvoiceDetailPage />} />
      </Routes>,
      { path: '/invoices/inv-5', role, routes: { 'GET /v1/admin/invoices/inv-5': invoice, ...extra } },
    );
  const ksefCard = async () => {
    await screen.findByRole('heading', { name: 'Invoice FV/2026/00005' });
    return screen.getByRole('region', { name: 'KSeF' });
  };

  it('shows a numbered invoice’s KSeF number, KSeF’s mode, when, the session, and the UPO to download', async () => {
    renderKsef(numbered);
    const card = await ksefCard();
    expect(within(card).getByText('In KSeF')).toBeTruthy();
    expect(within(card).getByLabelText('KSeF number').textContent).toBe(KSEF_NUMBER);
    expect(within(card).getByLabelText('Classified by KSeF as').textContent).toBe(
      'Offline: issued outside KSeF and sent afterwards',
    );
    expect(within(card).getByLabelText('Numbered').textContent).toMatch(/23 Nov 2026.*20 min ago/);
    expect(within(card).getByLabelText('Session').textContent).toBe(SESSION);
    // In KSeF now: nothing counts down any more.
    const deadline = within(card).getByLabelText('Send to KSeF within');
    expect(deadline.querySelector('.countdown')).toBeNull();
    expect(deadline.textContent).toBe('Done: in KSeFKSeF has numbered it: nothing left to send.');
    const upo = within(card).getByRole('link', { name: 'Download UPO' });
    expect(upo.getAttribute('href')).toBe('/v1/admin/invoices/inv-5/upo');
    expect(upo.hasAttribute('download')).toBe(true);
    expect(within(card).queryByRole('note', { name: 'UPO check' })).toBeNull();
    expect(within(card).queryByRole('form')).toBeNull();
    // KOD I is shown as before; its label is the KSeF number now.
    expect(labelUnder(screen.getByRole('img', { name: 'KOD I QR code' }))).toBe(KSEF_NUMBER);
  });

  it('warns of what the hub’s check of the UPO found', async () => {
    const problem = 'The UPO names invoice hash AAAA…, not this invoice’s.';
    renderKsef({ ...numbered, ksef: { ...numbered.ksef, upo: { problems: [problem] } } });
    const card = await ksefCard();
    const warning = within(card).getByRole('note', { name: 'UPO check' });
    expect(warning.textContent).toContain('The hub’s check of this UPO found a problem:');
    expect(within(warning).getByText(problem)).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'Download UPO' })).toBeTruthy();
  });

  it('says when a sent invoice went to KSeF, in which session, while it waits for its number', async () => {
    renderKsef(sentOne);
    const card = await ksefCard();
    expect(within(card).getByText('Sent, waiting for KSeF')).toBeTruthy();
    expect(within(card).getByRole('status').textContent).toMatch(
      /^Sent to KSeF at 23 Nov 2026, \d{2}:58:00, waiting for its number\.$/,
    );
    expect(within(card).getByLabelText('Session').textContent).toBe(`${SESSION}Interactive session`);
    expect(within(card).getByLabelText('KSeF number').textContent).toMatch(/^None yet/);
    expect(within(card).queryByRole('link', { name: 'Download UPO' })).toBeNull();
  });

  it('shows KSeF’s rejection and sends the manager’s corrected buyer, then the new state', async () => {
    const view = renderKsef(rejected, 'manager', { [`POST ${CORRECT}`]: corrected });
    const card = await ksefCard();
    expect(within(card).getAllByText('Rejected by KSeF').length).toBe(2); // the badge and the heading
    const refusal = within(card).getByRole('region', { name: 'Rejected by KSeF' });
    expect(within(refusal).getByLabelText('Code').textContent).toBe('450');
    expect(within(refusal).getByLabelText('KSeF said').textContent).toBe(
      `${rejection.description}${rejection.details[0]}`,
    );
    expect(within(refusal).getByText(rejection.explanation)).toBeTruthy();
    // Still owed to KSeF: its deadline keeps counting down.
    expect(within(card).getByLabelText('Send to KSeF within').querySelector('[data-band="amber"]')).not.toBeNull();

    const form = within(card).getByRole('form', { name: 'Correct and send again' });
    const value = (label: string) => (within(form).getByLabelText(label) as HTMLInputElement).value;
    expect([value('Buyer NIP'), value('Buyer name'), value('Address line 1'), value('Address line 2')]).toEqual([
      BUYER_NIP,
      'Hurtownia Lipa',
      'ul. Długa 5',
      '30-001 Kraków',
    ]);
    const type = (label: string, text: string) =>
      fireEvent.change(within(form).getByLabelText(label), { target: { value: text } });
    const submit = () => fireEvent.click(within(form).getByRole('button', { name: 'Correct and send again' }));

    type('Buyer NIP', '526-000-12-47');
    submit();
    expect(within(form).getByRole('alert').textContent).toMatch(/^The buyer’s NIP 5260001247 is not a valid NIP/);
    expect(sent(view, CORRECT)).toBeUndefined();

    type('Buyer NIP', 'PL 526-000-12-46');
    type('Buyer name', ' Hurtownia Lipa Sp. z o.o. ');
    submit();
    await within(card).findByText('Waiting to send');
    expect(sent(view, CORRECT)).toEqual({
      buyer: {
        nip: NEW_NIP,
        name: 'Hurtownia Lipa Sp. z o.o.',
        address: { line1: 'ul. Długa 5', line2: '30-001 Kraków' },
      },
    });
    expect(within(card).queryByRole('form', { name: 'Correct and send again' })).toBeNull();
    expect(within(card).queryByRole('region', { name: 'Rejected by KSeF' })).toBeNull();
    expect(within(card).getByText(/^Corrected: it goes to KSeF as a technical correction/).textContent).toBe(
      `Corrected: it goes to KSeF as a technical correction of the rejected invoice (hash ${detail.sha256}).`,
    );
    const buyer = screen.getByRole('region', { name: 'Buyer' });
    expect(within(buyer).getByLabelText('Name').textContent).toBe('Hurtownia Lipa Sp. z o.o.');
  });

  it('says in words why the hub refused a correction', async () => {
    renderKsef(rejected, 'manager', {
      [`POST ${CORRECT}`]: [409, { error: { code: 'NOTHING_CHANGED', message: 'the same bytes again' } }],
    });
    const form = within(await ksefCard()).getByRole('form', { name: 'Correct and send again' });
    fireEvent.click(within(form).getByRole('button', { name: 'Correct and send again' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/^Nothing was changed: the buyer is as on/);
  });

  it('offers the correction to a manager only, and only when KSeF’s refusal can be corrected', async () => {
    const cashier = renderKsef(rejected, 'cashier');
    let card = await ksefCard();
    expect(within(card).queryByRole('form', { name: 'Correct and send again' })).toBeNull();
    expect(within(card).getByText('A manager can correct the buyer and send the invoice again.')).toBeTruthy();
    cashier.unmount();

    renderKsef({ ...rejected, ksef: { ...NOT_SENT, rejection: { ...rejection, correctable: false } } });
    card = await ksefCard();
    expect(within(card).getByText(rejection.explanation)).toBeTruthy();
    expect(within(card).queryByRole('form', { name: 'Correct and send again' })).toBeNull();
  });

  it('says a numbered invoice went as a technical correction of the rejected one', async () => {
    renderKsef({ ...numbered, ksef: { ...numbered.ksef, correctedHash: 'cmVqZWN0ZWQ=' } });
    const card = await ksefCard();
    expect(
      within(card).getByText('Sent as a technical correction of the rejected invoice (hash', { exact: false })
        .textContent,
    ).toBe('Sent as a technical correction of the rejected invoice (hash cmVqZWN0ZWQ=).');
  });
});

describe('the printable A4 invoice', () => {
  it('lays the invoice out with both codes and prints only when asked', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    renderScreen(
      <Routes>
        <Route path="/invoices/:invoiceId/print" element={<InvoicePrintPage />} />
      </Routes>,
      { path: '/invoices/inv-5/print', routes: detailRoutes },
    );
    const sheet = await screen.findByRole('article', { name: 'Faktura VAT FV/2026/00005' });
    expect(within(sheet).getByRole('heading', { name: 'Faktura VAT' })).toBeTruthy();
    expect(within(sheet).getByText('Nr FV/2026/00005')).toBeTruthy();
    expect(within(sheet).getByText('2026-11-23')).toBeTruthy();
    // The date of supply differs from the issue date, so the invoice states it (art. 106e ust. 1 pkt 6).
    expect(within(sheet).getByText('2026-11-21')).toBeTruthy();
    expect(within(sheet).getByText('Rachunek / Bank account: PL61109010140000071219812874')).toBeTruthy();
    expect(within(sheet).getByText(`NIP: ${SELLER_NIP}`)).toBeTruthy();
    expect(within(sheet).getByText(`NIP: ${BUYER_NIP}`)).toBeTruthy();
    expect(within(sheet).getByText('Chleb żytni')).toBeTruthy();
    expect(plain(within(sheet).getByText(/Razem brutto/).textContent)).toBe('Razem brutto / Total gross: PLN 123.00');

    const codes = within(sheet).getByRole('region', { name: 'Kody weryfikujące / Verification codes' });
    const kodI = within(codes).getByRole('img', { name: 'KOD I QR code' });
    const kodII = within(codes).getByRole('img', { name: 'KOD II QR code' });
    expect(svgOf(kodI)).toBe(detail.kodI!.svg);
    expect(svgOf(kodII)).toBe(detail.kodII!.svg);
    expect(labelUnder(kodI)).toBe('OFFLINE');
    expect(labelUnder(kodII)).toBe('CERTYFIKAT');
    expect(document.title).toBe('Faktura FV/2026/00005');

    expect(print).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('says the session has ended rather than showing an empty page', async () => {
    renderScreen(
      <Routes>
        <Route path="/invoices/:invoiceId/print" element={<InvoicePrintPage />} />
      </Routes>,
      {
        path: '/invoices/inv-5/print',
        routes: {
          'GET /v1/admin/invoices/inv-5': [401, { error: { code: 'UNAUTHENTICATED', message: 'no session' } }],
        },
      },
    );
    expect((await screen.findByRole('alert')).textContent).toBe('Your session has ended. Please log in again.');
    expect(screen.getByRole('link', { name: /Open the invoice in Backroom/ }).getAttribute('href')).toBe(
      '/invoices/inv-5',
    );
  });
});

describe('Settings → Invoicing', () => {
  const empty: InvoicingSettingsView = {
    seller: null,
    numberFormat: 'FV/{YYYY}/{NNNNN}',
    environment: 'TE',
    certificate: null,
  };
  const certificate = {
    serial: '01F2A3',
    subject: 'CN=Sklep Pod Lipą, 2.5.4.97=VATPL-5260250274',
    notAfter: '2028-11-23T00:00:00.000Z',
    keyType: 'ec' as const,
  };
  const SETTINGS = '/v1/admin/settings/invoicing';
  const CERTIFICATE = `${SETTINGS}/certificate`;
  const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
  const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nMIGH-secret-key\n-----END PRIVATE KEY-----';
  const routes = (extra: ApiRoutes = {}): ApiRoutes => ({
    [`GET ${SETTINGS}`]: empty,
    [`PUT ${CERTIFICATE}`]: { ...empty, certificate },
    ...extra,
  });

  const type = (form: HTMLElement, label: string, value: string) =>
    fireEvent.change(within(form).getByLabelText(label), { target: { value } });
  const alertOf = (form: HTMLElement) => within(form).getByRole('alert').textContent;
  const anyPut = (view: Rendered) => view.fetch.mock.calls.some(([, init]) => init?.method === 'PUT');

  it('checks the seller’s NIP, shows the number format live and saves the details with the PIN', async () => {
    const saved: InvoicingSettingsView = {
      ...empty,
      environment: 'DEMO',
      seller: {
        nip: SELLER_NIP,
        name: 'Sklep Pod Lipą Sp. z o.o.',
        address: { line1: 'ul. Lipowa 12', line2: '00-950 Warszawa' },
        bankAccount: 'PL61 1090 1014 0000 0712 1981 2874',
      },
    };
    const view = renderScreen(<InvoicingSection />, { routes: routes({ [`PUT ${SETTINGS}`]: saved }) });
    const form = await screen.findByRole('form', { name: 'Invoicing settings' });
    expect(form.textContent).toContain('Not set up yet');
    expect(within(form).getByText('FV/2026/00001')).toBeTruthy();
    type(form, 'Invoice number format', 'FV/{MM}/{YYYY}/{NNNN}');
    expect(within(form).getByText('FV/11/2026/0001')).toBeTruthy();
    type(form, 'Invoice number format', 'FV/{YYYY}/{NNNNN}');

    type(form, 'Seller NIP', '526-025-02-75');
    type(form, 'Seller name', 'Sklep Pod Lipą Sp. z o.o.');
    type(form, 'Address line 1', 'ul. Lipowa 12');
    type(form, 'Address line 2', '00-950 Warszawa');
    type(form, 'Bank account', ' pl61 1090 1014 0000  0712 1981 2874 ');
    fireEvent.change(within(form).getByLabelText('KSeF environment'), { target: { value: 'DEMO' } });
    type(form, 'Your PIN', '2468');
    fireEvent.click(within(form).getByRole('button', { name: 'Save invoicing settings' }));
    expect(alertOf(form)).toBe(
      'The seller’s NIP 5260250275 is not a valid NIP: its last digit does not match. Check for a typo.',
    );
    expect(anyPut(view)).toBe(false);

    type(form, 'Seller NIP', 'PL 526-025-02-74');
    fireEvent.click(within(form).getByRole('button', { name: 'Save invoicing settings' }));
    await within(form).findByText('Saved. New invoices are issued with these details.');
    expect(sent(view, SETTINGS, 'PUT')).toEqual({
      seller: {
        nip: SELLER_NIP,
        name: 'Sklep Pod Lipą Sp. z o.o.',
        address: { line1: 'ul. Lipowa 12', line2: '00-950 Warszawa' },
        bankAccount: 'PL61 1090 1014 0000 0712 1981 2874',
      },
      numberFormat: 'FV/{YYYY}/{NNNNN}',
      environment: 'DEMO',
      pin: '2468',
    });
    expect((within(form).getByLabelText('Your PIN') as HTMLInputElement).value).toBe('');
    expect((within(form).getByLabelText('Seller NIP') as HTMLInputElement).value).toBe(SELLER_NIP);
  });

  it('warns before switching to production and says a wrong PIN is the manager’s own', async () => {
    renderScreen(<InvoicingSection />, {
      routes: routes({
        [`GET ${SETTINGS}`]: { ...empty, seller: { ...certificateSeller(), bankAccount: null } },
        [`PUT ${SETTINGS}`]: [401, { error: { code: 'INVALID_CREDENTIALS', message: 'wrong PIN' } }],
      }),
    });
    const form = await screen.findByRole('form', { name: 'Invoicing settings' });
    expect(form.textContent).not.toContain('Not set up yet');
    fireEvent.change(within(form).getByLabelText('KSeF environment'), { target: { value: 'PRD' } });
    expect(within(form).getByText(/In production every invoice goes to the real KSeF/)).toBeTruthy();
    type(form, 'Your PIN', '9999');
    fireEvent.click(within(form).getByRole('button', { name: 'Save invoicing settings' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'That PIN is not right. Enter your own PIN again.',
    );
  });

  it('uploads the certificate and key with the PIN, then forgets the key', async () => {
    const view = renderScreen(<InvoicingSection />, { routes: routes() });
    const form = await screen.findByRole('form', { name: 'Offline certificate' });
    expect(within(form).getByRole('status', { name: 'Offline certificate' }).textContent).toMatch(/^None/);

    type(form, 'Certificate (PEM)', CERT_PEM);
    type(form, 'Your PIN', '2468');
    fireEvent.click(within(form).getByRole('button', { name: 'Upload certificate' }));
    expect(alertOf(form)).toBe('Paste the private key, or read it from its file.');
    type(form, 'Private key (PEM)', KEY_PEM.replace('BEGIN PRIVATE', 'BEGIN ENCRYPTED PRIVATE'));
    fireEvent.click(within(form).getByRole('button', { name: 'Upload certificate' }));
    expect(alertOf(form)).toBe('This private key is protected by a passphrase: enter it.');
    expect(anyPut(view)).toBe(false);

    type(form, 'Private key (PEM)', `\n${KEY_PEM}\n`);
    fireEvent.click(within(form).getByRole('button', { name: 'Upload certificate' }));
    await within(form).findByText(/^Stored\./);
    expect(sent(view, CERTIFICATE, 'PUT')).toEqual({ certificatePem: CERT_PEM, privateKeyPem: KEY_PEM, pin: '2468' });

    expect(within(form).getByLabelText('Serial number').textContent).toBe('01F2A3');
    expect(within(form).getByLabelText('Key type').textContent).toBe('EC (ECDSA P-256)');
    expect((within(form).getByLabelText('Private key (PEM)') as HTMLTextAreaElement).value).toBe('');
    expect((within(form).getByLabelText('New certificate (PEM)') as HTMLTextAreaElement).value).toBe('');
    expect((within(form).getByLabelText('Your PIN') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain('secret-key');
  });

  it('reads a PEM from a chosen file and shows the hub’s refusal in its words', async () => {
    const view = renderScreen(<InvoicingSection />, {
      routes: routes({
        [`PUT ${CERTIFICATE}`]: [
          400,
          { error: { code: 'KEY_MISMATCH', message: 'the private key does not belong to this certificate' } },
        ],
      }),
    });
    const form = await screen.findByRole('form', { name: 'Offline certificate' });
    const file = new File([CERT_PEM], 'offline.crt', { type: 'application/x-x509-ca-cert' });
    fireEvent.change(within(form).getByLabelText('Read the certificate from a file'), { target: { files: [file] } });
    await waitFor(() =>
      expect((within(form).getByLabelText('Certificate (PEM)') as HTMLTextAreaElement).value).toBe(CERT_PEM),
    );
    type(form, 'Private key (PEM)', KEY_PEM);
    type(form, 'Key passphrase', 'correct horse');
    type(form, 'Your PIN', '2468');
    fireEvent.click(within(form).getByRole('button', { name: 'Upload certificate' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'The private key does not belong to this certificate.',
    );
    expect(sent(view, CERTIFICATE, 'PUT')).toEqual({
      certificatePem: CERT_PEM,
      privateKeyPem: KEY_PEM,
      passphrase: 'correct horse',
      pin: '2468',
    });
    // Refused: the key stays for another try with the right certificate; the PIN is asked again.
    expect((within(form).getByLabelText('Private key (PEM)') as HTMLTextAreaElement).value).toBe(KEY_PEM);
    expect((within(form).getByLabelText('Your PIN') as HTMLInputElement).value).toBe('');
  });

  it('refuses a certificate that is not PEM before sending', () => {
    expect(
      fromCertificateDraft({ ...EMPTY_CERTIFICATE, certificatePem: 'MIIB', privateKeyPem: KEY_PEM, pin: '2468' }),
    ).toEqual({
      problem:
        'The certificate must be PEM text starting with -----BEGIN CERTIFICATE-----. A binary (.der) file must be converted to PEM first.',
    });
  });

  function certificateSeller() {
    return { nip: SELLER_NIP, name: 'Sklep Pod Lipą', address: { line1: 'ul. Lipowa 12' } };
  }
});

describe('issuing an invoice from a sale in Activity', () => {
  const sale: EventDetail = {
    record: {
      cursor: 12,
      recordedAt: '2026-11-23T09:30:00.000Z',
      status: 'accepted',
      event: {
        id: 'ev-12',
        v: 1,
        type: 'sale.complete',
        deviceId: 'd1',
        seq: 40,
        occurredAt: '2026-11-23T09:29:58.000Z',
        payload: {
          saleId: 'sale-77',
          locationId: 'shelf',
          lines: [{ productId: 'kawa', quantity: 2, unitPrice: { amount: 54_00, currency: 'PLN' }, taxRate: '23' }],
          tenders: [{ method: 'cash', amount: { amount: 108_00, currency: 'PLN' } }],
        },
      },
    },
    prevHash: 'aa',
    hash: 'bb',
    chain: { ok: true },
    signature: { checked: true, ok: true },
  };
  const issued: InvoiceDetail = { ...detail, invoiceId: 'inv-7', number: 'FV/2026/00007', saleId: 'sale-77' };
  const renderSale = (routes: ApiRoutes, role: 'manager' | 'cashier' = 'manager', record = sale) =>
    renderScreen(
      <Routes>
        <Route path="/activity/:cursor" element={<EventDetailPage />} />
      </Routes>,
      {
        path: '/activity/12',
        role,
        routes: { 'GET /v1/admin/devices': { devices: [] }, 'GET /v1/admin/events/12': record, ...routes },
      },
    );

  async function openDialog() {
    fireEvent.click(await screen.findByRole('button', { name: 'Issue an invoice' }));
    return screen.getByRole('dialog', { name: 'Issue a VAT invoice' });
  }
  const type = (dialog: HTMLElement, label: string, value: string) =>
    fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });

  it('checks the buyer’s NIP, posts the sale and buyer, and links to the new invoice', async () => {
    const view = renderSale({ 'POST /v1/admin/invoices': [201, issued] });
    const dialog = await openDialog();
    expect(dialog.textContent).toContain('sale-77');
    type(dialog, 'Buyer NIP', '123 456 32 19');
    type(dialog, 'Buyer name', 'Hurtownia Lipa');
    type(dialog, 'Address line 1', 'ul. Długa 5');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Issue invoice' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/^The buyer’s NIP 1234563219 is not a valid NIP/);
    expect(view.fetch.mock.calls.some(([input]) => input === '/v1/admin/invoices')).toBe(false);

    type(dialog, 'Buyer NIP', 'PL123-456-32-18');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Issue invoice' }));
    const link = await screen.findByRole('link', { name: 'Open invoice FV/2026/00007' });
    expect(link.getAttribute('href')).toBe('/invoices/inv-7');
    expect(sent(view, '/v1/admin/invoices')).toEqual({
      saleId: 'sale-77',
      buyer: { nip: BUYER_NIP, name: 'Hurtownia Lipa', address: { line1: 'ul. Długa 5' } },
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('status').textContent).toMatch(
      /Invoice FV\/2026\/00007 issued \(Offline24: send to KSeF by/,
    );
  });

  it('shows the hub’s refusal in words and keeps the dialog open', async () => {
    renderSale({
      'POST /v1/admin/invoices': [
        409,
        { error: { code: 'SALE_ALREADY_INVOICED', message: 'sale-77 has FV/2026/00003' } },
      ],
    });
    const dialog = await openDialog();
    type(dialog, 'Buyer NIP', BUYER_NIP);
    type(dialog, 'Buyer name', 'Hurtownia Lipa');
    type(dialog, 'Address line 1', 'ul. Długa 5');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Issue invoice' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'This sale already has an invoice: find it on the Invoices screen. A sale is invoiced only once.',
    );
    expect(screen.getByRole('dialog', { name: 'Issue a VAT invoice' })).toBeTruthy();
  });

  it('says invoicing must be set up first when the hub has no seller', async () => {
    renderSale({
      'POST /v1/admin/invoices': [409, { error: { code: 'INVOICING_NOT_SET_UP', message: 'no seller' } }],
    });
    const dialog = await openDialog();
    type(dialog, 'Buyer NIP', BUYER_NIP);
    type(dialog, 'Buyer name', 'Hurtownia Lipa');
    type(dialog, 'Address line 1', 'ul. Długa 5');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Issue invoice' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Invoicing is not set up yet: a manager enters the seller’s details in Settings → Invoicing first.',
    );
  });

  it('is a manager’s, and only for a sale the hub recorded', async () => {
    const cashier = renderSale({}, 'cashier');
    await screen.findByRole('region', { name: 'VAT invoice' });
    expect(screen.queryByRole('button', { name: 'Issue an invoice' })).toBeNull();
    expect(screen.getByText('A manager can issue a VAT invoice for this sale.')).toBeTruthy();
    cashier.unmount();

    renderSale({}, 'manager', { ...sale, record: { ...sale.record, status: 'refused' } });
    await screen.findByRole('region', { name: 'VAT invoice' });
    expect(screen.queryByRole('button', { name: 'Issue an invoice' })).toBeNull();
  });
});

// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ConexxusSettingsView,
  EndOfDayRevisionView,
  EndOfDayView,
  NaxmlDocumentView,
} from '../../src/shared/protocol/conexxus-views.js';
import type {
  ConnectorSettingsView,
  ConnectorView,
  UpstreamJobView,
  UpstreamOverview,
} from '../../src/shared/protocol/upstream-views.js';
import { ConnectorsSection } from '../../src/renderer/pages/settings/ConnectorsSection.js';
import { fromConexxusDraft, toConexxusDraft } from '../../src/renderer/pages/settings/conexxus-form.js';
import {
  ackMessageText,
  ackStatus,
  businessDateProblem,
  dayProblem,
  localDate,
  revisionLabel,
  runEndOfDayText,
} from '../../src/renderer/pages/upstream/conexxus-copy.js';
import { UpstreamPage } from '../../src/renderer/pages/upstream/UpstreamPage.js';
import { renderScreen, type ApiRoutes, type Rendered } from '../helpers/ui-render.js';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const HOUR = 3_600_000;

/** Only Date is faked: testing-library's waits keep their real timers. */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

/** Intl separates the currency code from the figure with a no-break space. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');

const conexxus: ConnectorView = {
  name: 'conexxus',
  label: 'Conexxus (NAXML back office)',
  configured: true,
  problem: null,
  paused: false,
  reachability: {
    target: 'conexxus',
    state: 'online',
    since: ago(HOUR),
    consecutiveFailures: 0,
    lastProbeAt: ago(10_000),
    lastLatencyMs: 30,
    lastError: null,
  },
  depth: 1,
  oldestQueuedAt: ago(60_000),
  oldestQueuedAgeMs: 60_000,
  counts: { queued: 1, in_flight: 0, done: 20, dead: 2, cancelled: 0 },
  doneLastHour: 6,
};

const overview: UpstreamOverview = {
  internet: { ...conexxus.reachability, target: 'internet' },
  connectors: [conexxus],
};

const compact = (date: string) => date.replace(/-/g, '');

/** One movement report, delivered by HTTPS and accepted unless told otherwise. */
const doc = (date: string, type: string, revision: number, fields: Partial<NaxmlDocumentView> = {}) => ({
  jobId: `job-${type.toLowerCase()}-${date.slice(-2)}-r${revision}`,
  type,
  fileName: `${type}340_0042_${compact(date)}_R0${revision}.xml`,
  bytes: 2048,
  sha256: 'ab'.repeat(32),
  state: 'done' as const,
  attempts: 1,
  lastError: null,
  transport: 'https' as const,
  deliveredAt: `${date}T23:31:00.000Z`,
  ackStatus: 'Success' as const,
  ackMessages: [],
  ...fields,
});

const TYPES = ['ISM', 'MCM', 'TLM', 'MSM'];

const revision = (
  date: string,
  number: number,
  fields: Partial<EndOfDayRevisionView> = {},
  documents: Partial<Record<string, Partial<NaxmlDocumentView>>> = {},
): EndOfDayRevisionView => ({
  revision: number,
  createdAt: `${date}T23:30:00.000Z`,
  createdBy: 'schedule',
  reason: 'end of day at 23:30',
  totals: { gross: 1234_56, net: 1003_71, transactions: 57 },
  documents: TYPES.map((type) => doc(date, type, number, documents[type])),
  ...fields,
});

const day = (businessDate: string, fields: Partial<EndOfDayView>): EndOfDayView => ({
  businessDate,
  state: 'acknowledged',
  currency: 'PLN',
  acknowledgeBy: `${businessDate.slice(0, 8)}${String(Number(businessDate.slice(8)) + 1).padStart(2, '0')}T06:00:00.000Z`,
  overdue: false,
  revisions: [revision(businessDate, 1)],
  ...fields,
});

const REFUSAL =
  'the back office refused MCM340_0042_20261119_R01.xml (FatalError): line 12: Unknown MerchandiseCode 999';

const acknowledged = day('2026-11-21', {});
const corrected = day('2026-11-20', {
  revisions: [
    revision('2026-11-20', 2, {
      createdAt: '2026-11-21T09:15:00.000Z',
      createdBy: 'correction',
      reason: 'a till synced 3 sales of 2026-11-20 late',
      totals: { gross: 1300_00, net: 1057_00, transactions: 60 },
    }),
    revision('2026-11-20', 1, { totals: { gross: 1200_00, net: 975_61, transactions: 57 } }),
  ],
});
const failed = day('2026-11-19', {
  state: 'failed',
  overdue: true,
  revisions: [
    revision(
      '2026-11-19',
      1,
      {},
      {
        MCM: { state: 'dead', attempts: 1, lastError: REFUSAL, transport: null, deliveredAt: null, ackStatus: null },
        MSM: { state: 'queued', attempts: 3, lastError: 'connect ETIMEDOUT', transport: null, deliveredAt: null },
      },
    ),
  ],
});
const warned = day('2026-11-18', {
  state: 'warning',
  revisions: [
    revision(
      '2026-11-18',
      1,
      {},
      {
        ISM: {
          ackStatus: 'NonFatalError',
          ackMessages: [
            {
              lineNumber: 40,
              linePosition: 7,
              message: 'POSCode 5901234123457 not in the item book',
              severity: 'Warning',
            },
          ],
        },
      },
    ),
  ],
});

const journalJob: UpstreamJobView = {
  id: 'job-pjr-1',
  seq: 90,
  connector: 'conexxus',
  kind: 'journal',
  state: 'dead',
  attempts: 5,
  priority: 0,
  deadline: null,
  notBefore: ago(0),
  lastError: 'cannot reach the back office at bo.example.com: ECONNREFUSED',
  idempotencyKey: 'bk-conexxus-journal-4711',
  sourceEventId: 'ev-4711',
  saleId: 'sale-4711',
  paymentId: null,
  fileName: 'PJR340_0042_20261122_0000004711.xml',
  amount: null,
  result: null,
  cancelledBy: null,
  createdAt: ago(HOUR),
  updatedAt: ago(60_000),
};

const routes: ApiRoutes = {
  'GET /v1/admin/upstream/conexxus/days': { days: [acknowledged, corrected, failed, warned], nextBefore: '2026-11-18' },
  'GET /v1/admin/upstream/jobs?connector=conexxus&kind=journal': { jobs: [journalJob], nextBefore: null },
  'GET /v1/admin/upstream/jobs': { jobs: [], nextBefore: null },
  'GET /v1/admin/upstream': overview,
  'POST /v1/admin/upstream/conexxus/end-of-day': { businessDate: '2026-11-21', revision: 1, created: false },
  'POST /v1/admin/upstream/conexxus/sync-now': { expedited: 1 },
  'POST /v1/admin/upstream/jobs/': { ...journalJob, state: 'queued' },
};

const sent = (view: Rendered, url: string, method = 'POST') => {
  const call = view.fetch.mock.calls.find(([input, init]) => input === url && init?.method === method);
  return call ? (JSON.parse(String(call[1]!.body)) as unknown) : undefined;
};

const dayTable = () => screen.findByRole('table', { name: 'End of day by business date, newest first' });
const rowOf = (table: HTMLElement, date: string) => within(table).getByText(date).closest('tr')!;

async function openDay(date: string) {
  fireEvent.click(await screen.findByRole('button', { name: `Show revisions of ${date}` }));
  return screen.getByRole('region', { name: `Revisions of ${date}` });
}

describe('Conexxus words', () => {
  it('names revisions, acknowledgements and what running the end of day did', () => {
    expect(revisionLabel(1)).toBe('R1 — first report');
    expect(revisionLabel(2)).toBe('R2 — correction');
    expect(ackMessageText({ lineNumber: 12, linePosition: 4, message: 'Unknown department', severity: 'Error' })).toBe(
      'Line 12, position 4: Unknown department (Error)',
    );
    expect(ackMessageText({ lineNumber: null, linePosition: null, message: 'Bad header', severity: null })).toBe(
      'Bad header',
    );
    expect(ackStatus({ ackStatus: null, transport: 'folder' })?.label).toBe('None for a folder drop');
    expect(ackStatus({ ackStatus: null, transport: null })).toBeNull();
    expect(runEndOfDayText({ businessDate: '2026-11-21', revision: 2, created: false })).toBe(
      'Nothing new was sent: Sat, 21 Nov 2026 has not changed since R2, so the back office already has it.',
    );
    expect(runEndOfDayText({ businessDate: '2026-11-21', revision: 3, created: true })).toBe(
      'Correction made for Sat, 21 Nov 2026: R3 replaces R2 and is on its way to the back office.',
    );
    expect(dayProblem(failed)).toBe(`MCM: ${REFUSAL}`);
    expect(dayProblem(warned)).toBe('ISM: Line 40, position 7: POSCode 5901234123457 not in the item book (Warning)');
    expect(dayProblem(acknowledged)).toBeNull();
  });

  it('takes yesterday from this computer’s calendar and refuses a day not begun', () => {
    expect(localDate(new Date(2026, 0, 1, 0, 30), 1)).toBe('2025-12-31');
    expect(businessDateProblem('2026-11-23', '2026-11-22')).toMatch(/not a future one/);
    expect(businessDateProblem('', '2026-11-22')).toMatch(/^Choose the business date/);
    expect(businessDateProblem('2026-11-22', '2026-11-22')).toBeNull();
  });
});

describe('the Conexxus section of the Upstream screen', () => {
  it('lists each business date with its state, latest report, totals and acknowledge-by time', async () => {
    const view = renderScreen(<UpstreamPage />, { routes });
    const table = await dayTable();
    expect(view.requests()).toContain('/v1/admin/upstream/conexxus/days?limit=30');

    expect(plain(rowOf(table, 'Sat, 21 Nov 2026').textContent)).toMatch(
      /^Sat, 21 Nov 2026AcknowledgedR1 — first reportPLN 1,234\.56PLN 1,003\.7157\d+ Nov 2026, /,
    );
    const correction = plain(rowOf(table, 'Fri, 20 Nov 2026').textContent);
    expect(correction).toMatch(/R2 — correction.*PLN 1,300\.00.*PLN 1,057\.00.*60/);
    expect(correction).not.toMatch(/Overdue/);

    // Failures and warnings are said in the row, without opening the day.
    const failedRow = rowOf(table, 'Thu, 19 Nov 2026');
    expect(failedRow.textContent).toMatch(/Failed.*MCM: the back office refused .*\(FatalError\): line 12: Unknown/);
    expect(within(failedRow).getByText('Overdue')).toBeTruthy();
    expect(rowOf(table, 'Wed, 18 Nov 2026').textContent).toMatch(
      /Accepted with warnings.*ISM: Line 40, position 7: POSCode 5901234123457 not in the item book/,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Older →' }));
    await waitFor(() =>
      expect(view.requests()).toContain('/v1/admin/upstream/conexxus/days?limit=30&before=2026-11-18'),
    );
  });

  it('shows both revisions of a corrected day, newest first, with a download link per document', async () => {
    renderScreen(<UpstreamPage />, { routes });
    const panel = await openDay('Fri, 20 Nov 2026');
    expect(
      screen.getByRole('button', { name: 'Hide revisions of Fri, 20 Nov 2026' }).getAttribute('aria-expanded'),
    ).toBe('true');

    const revisions = within(panel)
      .getAllByRole('heading', { level: 4 })
      .map((heading) => heading.textContent);
    expect(revisions).toEqual(['R2 — correction', 'R1 — first report']);
    const r2 = within(panel).getByRole('region', { name: 'R2 — correction' });
    expect(within(r2).getByLabelText('Why').textContent).toBe('a till synced 3 sales of 2026-11-20 late');
    expect(within(r2).getByLabelText('Made').textContent).toMatch(/by the hub, as a correction$/);
    expect(plain(within(r2).getByLabelText('Totals').textContent)).toBe(
      'Gross PLN 1,300.00 · Net PLN 1,057.00 · 60 transactions',
    );
    const r1 = within(panel).getByRole('region', { name: 'R1 — first report' });
    expect(within(r1).getByLabelText('Made').textContent).toMatch(/by the daily schedule$/);
    expect(plain(within(r1).getByLabelText('Totals').textContent)).toMatch(/^Gross PLN 1,200\.00/);

    const link = within(r1).getByRole('link', { name: 'Download XML: ISM340_0042_20261120_R01.xml' });
    expect(link.getAttribute('href')).toBe('/v1/admin/upstream/conexxus/documents/job-ism-20-r1');
    expect(link.getAttribute('download')).toBe('ISM340_0042_20261120_R01.xml');
    expect(within(r2).getAllByRole('link', { name: /^Download XML: .*_R02\.xml$/ })).toHaveLength(4);
    const ism = within(r2).getByText('ISM340_0042_20261120_R02.xml').closest('tr')!;
    expect(ism.textContent).toMatch(/Item sales \(ISM\).*Done.*1 attempt.*Posted.*Accepted/);

    fireEvent.click(screen.getByRole('button', { name: 'Hide revisions of Fri, 20 Nov 2026' }));
    expect(screen.queryByRole('region', { name: 'Revisions of Fri, 20 Nov 2026' })).toBeNull();
  });

  it('shows why a document failed, and retries or cancels it with the job actions', async () => {
    const view = renderScreen(<UpstreamPage />, { routes });
    const panel = await openDay('Thu, 19 Nov 2026');
    const mcm = within(panel).getByText('MCM340_0042_20261119_R01.xml').closest('tr')!;
    expect(mcm.textContent).toMatch(
      /Departments \(MCM\).*Failed for good.*\(FatalError\): line 12: Unknown.*Not delivered—/,
    );
    // Accepted documents have nothing to retry.
    const tlm = within(panel).getByText('TLM340_0042_20261119_R01.xml').closest('tr')!;
    expect(within(tlm).queryByRole('button', { name: /Retry|Cancel/ })).toBeNull();

    fireEvent.click(within(mcm).getByRole('button', { name: 'Retry: MCM340_0042_20261119_R01.xml' }));
    await within(panel).findByText(/^Retry asked: the document is due now/);
    expect(sent(view, '/v1/admin/upstream/jobs/job-mcm-19-r1/retry')).toEqual({});

    const msm = within(panel).getByText('MSM340_0042_20261119_R01.xml').closest('tr')!;
    fireEvent.click(within(msm).getByRole('button', { name: 'Cancel: MSM340_0042_20261119_R01.xml' }));
    const dialog = screen.getByRole('dialog', { name: 'Cancel this summary report job?' });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Back office reloads it by hand' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel job' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent(view, '/v1/admin/upstream/jobs/job-msm-19-r1/cancel')).toEqual({
      reason: 'Back office reloads it by hand',
    });
  });

  it('lists every acknowledgement message of a warning', async () => {
    renderScreen(<UpstreamPage />, { routes });
    const panel = await openDay('Wed, 18 Nov 2026');
    const ism = within(panel).getByText('ISM340_0042_20261118_R01.xml').closest('tr')!;
    expect(within(ism).getByText('Accepted with warnings')).toBeTruthy();
    expect(within(ism).getByRole('listitem').textContent).toBe(
      'Line 40, position 7: POSCode 5901234123457 not in the item book (Warning)',
    );
  });

  it('runs the end of day for yesterday by default and says plainly when nothing new was sent', async () => {
    const view = renderScreen(<UpstreamPage />, { routes });
    const form = await screen.findByRole('form', { name: 'Run end of day' });
    expect((within(form).getByLabelText('Business date') as HTMLInputElement).value).toBe('2026-11-21');
    fireEvent.click(within(form).getByRole('button', { name: 'Run end of day' }));
    expect((await within(form).findByRole('status')).textContent).toBe(
      'Nothing new was sent: Sat, 21 Nov 2026 has not changed since R1, so the back office already has it.',
    );
    expect(sent(view, '/v1/admin/upstream/conexxus/end-of-day')).toEqual({ businessDate: '2026-11-21' });
  });

  it('runs the end of day for a chosen date and says a correction was made; a future date is not sent', async () => {
    const view = renderScreen(<UpstreamPage />, {
      routes: {
        ...routes,
        'POST /v1/admin/upstream/conexxus/end-of-day': { businessDate: '2026-11-20', revision: 3, created: true },
      },
    });
    const form = await screen.findByRole('form', { name: 'Run end of day' });
    const date = within(form).getByLabelText('Business date');
    fireEvent.change(date, { target: { value: '2026-11-23' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Run end of day' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/not a future one/);
    expect(sent(view, '/v1/admin/upstream/conexxus/end-of-day')).toBeUndefined();

    fireEvent.change(date, { target: { value: '2026-11-20' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Run end of day' }));
    expect((await within(form).findByRole('status')).textContent).toBe(
      'Correction made for Fri, 20 Nov 2026: R3 replaces R2 and is on its way to the back office.',
    );
    expect(sent(view, '/v1/admin/upstream/conexxus/end-of-day')).toEqual({ businessDate: '2026-11-20' });
  });

  it('shows the hub’s refusal of a run', async () => {
    renderScreen(<UpstreamPage />, {
      routes: {
        ...routes,
        'POST /v1/admin/upstream/conexxus/end-of-day': [
          409,
          {
            error: {
              code: 'DAY_NOT_REPORTABLE',
              message: '2026-11-21 has sales in PLN and EUR; NAXML reports carry one currency',
            },
          },
        ],
      },
    });
    const form = await screen.findByRole('form', { name: 'Run end of day' });
    fireEvent.click(within(form).getByRole('button', { name: 'Run end of day' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      '2026-11-21 has sales in PLN and EUR; NAXML reports carry one currency.',
    );
  });

  it('shows the POS journal queue: the job table of Conexxus journal jobs, with retry', async () => {
    const view = renderScreen(<UpstreamPage />, { routes });
    const journal = await screen.findByRole('region', { name: 'POS journal' });
    const table = await within(journal).findByRole('table');
    expect(view.requests()).toContain('/v1/admin/upstream/jobs?connector=conexxus&kind=journal&limit=25');
    const row = within(table).getByText('sale-4711').closest('tr')!;
    expect(row.textContent).toMatch(/POS journal entry.*Failed for good.*ECONNREFUSED/);
    fireEvent.click(within(row).getByRole('button', { name: 'Retry: POS journal entry for sale sale-4711' }));
    await within(journal).findByText(/^Retry asked: the entry is due now/);
    expect(sent(view, '/v1/admin/upstream/jobs/job-pjr-1/retry')).toEqual({});
  });

  it('syncs the Conexxus connector now from its card', async () => {
    const view = renderScreen(<UpstreamPage />, { routes });
    const card = await screen.findByRole('region', { name: 'Conexxus (NAXML back office)' });
    fireEvent.click(within(card).getByRole('button', { name: 'Sync now: Conexxus (NAXML back office)' }));
    expect((await within(card).findByRole('status')).textContent).toBe('1 waiting job goes now.');
    expect(sent(view, '/v1/admin/upstream/conexxus/sync-now')).toEqual({});
  });

  it('lets a cashier see the days and download documents, but not run, retry or cancel', async () => {
    const view = renderScreen(<UpstreamPage />, { role: 'cashier', routes });
    const form = await screen.findByRole('form', { name: 'Run end of day' });
    const run = within(form).getByRole('button', { name: 'Run end of day' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(within(form).getByText('Only a manager can run the end of day.')).toBeTruthy();
    expect(run.getAttribute('aria-describedby')).toBe(within(form).getByText(/^Only a manager/).id);

    const panel = await openDay('Thu, 19 Nov 2026');
    expect(within(panel).getAllByRole('link', { name: /^Download XML/ })).toHaveLength(4);
    expect(within(panel).queryByRole('button', { name: /Retry|Cancel/ })).toBeNull();
    const journal = screen.getByRole('region', { name: 'POS journal' });
    await within(journal).findByText('sale-4711');
    expect(within(journal).queryByRole('button', { name: /Retry|Cancel/ })).toBeNull();
    expect(view.fetch.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
  });

  it('has no Conexxus section while the hub has no Conexxus connector', async () => {
    const view = renderScreen(<UpstreamPage />, {
      routes: { ...routes, 'GET /v1/admin/upstream': { ...overview, connectors: [] } },
    });
    await screen.findByRole('region', { name: 'Internet' });
    expect(screen.queryByRole('region', { name: 'End of day' })).toBeNull();
    expect(view.requests().some((url) => url.includes('conexxus'))).toBe(false);
  });
});

describe('Settings → Connectors → Conexxus', () => {
  const conexxusSettings: ConexxusSettingsView = {
    enabled: true,
    storeLocationId: '0042',
    vendorName: 'Backroom',
    transport: 'https',
    folder: '',
    url: 'https://bo.example.com/naxml',
    auth: 'basic',
    username: 'store42',
    endOfDayAt: '23:30',
    acknowledgedBy: '06:00',
    defaultMerchandiseCode: '400',
    secretSet: true,
    updatedAt: '2026-11-20T09:30:00.000Z',
    updatedBy: 'Olga',
  };
  const settings: ConnectorSettingsView = {
    stripe: { keySet: true, keyHint: 'sk_test_…4242', updatedAt: null, updatedBy: null },
    conexxus: conexxusSettings,
    ksef: { set: false, hint: null, updatedAt: null, updatedBy: null },
    probes: { internet: 'https://www.google.com/generate_204', stripe: 'https://api.stripe.com/healthcheck' },
  };
  const settingsRoutes: ApiRoutes = {
    'GET /v1/admin/settings/connectors': settings,
    'PUT /v1/admin/settings/connectors/conexxus': { ...conexxusSettings, updatedBy: 'Marta' },
  };
  const PUT = '/v1/admin/settings/connectors/conexxus';
  const { secretSet: _s, updatedAt: _a, updatedBy: _b, ...fields } = conexxusSettings;

  async function form() {
    return screen.findByRole('form', { name: 'Conexxus settings' });
  }
  const type = (element: HTMLElement, label: string, value: string) =>
    fireEvent.change(within(element).getByLabelText(label), { target: { value } });
  const save = (element: HTMLElement) =>
    fireEvent.click(within(element).getByRole('button', { name: 'Save Conexxus settings' }));
  const alertOf = (element: HTMLElement) => within(element).getByRole('alert').textContent;

  it('shows the stored settings, never the password, and keeps it when the field is left empty', async () => {
    const view = renderScreen(<ConnectorsSection />, { routes: settingsRoutes });
    const f = await form();
    expect(f.textContent).toMatch(/Last changed by Olga at 20 Nov 2026/);
    expect((within(f).getByLabelText('Store location ID') as HTMLInputElement).value).toBe('0042');
    expect((within(f).getByLabelText('HTTPS POST') as HTMLInputElement).checked).toBe(true);
    expect((within(f).getByLabelText('User name and password') as HTMLInputElement).checked).toBe(true);
    expect(within(f).getByRole('status', { name: 'Stored password' }).textContent).toBe(
      'A password is set. Leave the field empty to keep it.',
    );
    const password = within(f).getByLabelText('New password') as HTMLInputElement;
    expect(password.type).toBe('password');
    expect(password.value).toBe('');

    type(f, 'Your PIN', '2468');
    save(f);
    await within(f).findByText('Saved. New documents go with these settings.');
    expect(sent(view, PUT, 'PUT')).toEqual({ ...fields, pin: '2468' });
    expect((within(f).getByLabelText('Your PIN') as HTMLInputElement).value).toBe('');
  });

  it('sends a new token, and a folder drop’s path, as typed', async () => {
    const view = renderScreen(<ConnectorsSection />, { routes: settingsRoutes });
    const f = await form();
    fireEvent.click(within(f).getByLabelText('Bearer token'));
    type(f, 'New bearer token', 'tok-3f9a');
    type(f, 'Your PIN', '2468');
    save(f);
    await within(f).findByText('Saved. New documents go with these settings.');
    expect(sent(view, PUT, 'PUT')).toEqual({ ...fields, auth: 'bearer', secret: 'tok-3f9a', pin: '2468' });
    expect(document.body.innerHTML).not.toContain('tok-3f9a');
  });

  it('checks every field before sending, in words', async () => {
    const view = renderScreen(<ConnectorsSection />, { routes: settingsRoutes });
    const f = await form();
    type(f, 'Your PIN', '2468');

    type(f, 'Store location ID', 'store 42');
    save(f);
    expect(alertOf(f)).toBe('The store location ID uses only letters, digits, - and _ (no spaces).');
    type(f, 'Store location ID', '');
    save(f);
    expect(alertOf(f)).toBe('Enter the store location ID, such as 0042.');
    type(f, 'Store location ID', '0042');

    type(f, 'Back office URL', 'http://bo.example.com/naxml');
    save(f);
    expect(alertOf(f)).toMatch(/^The back office’s web address must start with https:\/\/ \(http:\/\/ only to this/);
    type(f, 'Back office URL', 'http://127.0.0.1:4010/naxml');

    type(f, 'User name', ' ');
    save(f);
    expect(alertOf(f)).toBe('Enter the user name the back office gave the store.');
    type(f, 'User name', 'store42');

    fireEvent.click(within(f).getByLabelText('Folder drop'));
    save(f);
    expect(alertOf(f)).toBe('Enter the folder the back office collects the files from.');
    type(f, 'Outbox folder', 'naxml/out');
    save(f);
    expect(alertOf(f)).toMatch(/^Enter the folder’s full path from the root/);
    type(f, 'Outbox folder', 'C:\\Passport\\XMLGateway\\BOOutbox');

    type(f, 'End of day at', '');
    save(f);
    expect(alertOf(f)).toBe('Enter the time for “End of day at” as hours and minutes, such as 23:30.');
    type(f, 'End of day at', '22:00');

    type(f, 'Default merchandise code', '');
    save(f);
    expect(alertOf(f)).toBe('Enter the default merchandise code, such as 400.');
    type(f, 'Default merchandise code', '400');

    type(f, 'Your PIN', '24');
    save(f);
    expect(alertOf(f)).toMatch(/^A PIN is 4 to 12 digits/);
    expect(view.fetch.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false);

    type(f, 'Your PIN', '2468');
    save(f);
    await within(f).findByText('Saved. New documents go with these settings.');
    expect(sent(view, PUT, 'PUT')).toEqual({
      ...fields,
      transport: 'folder',
      folder: 'C:\\Passport\\XMLGateway\\BOOutbox',
      url: 'http://127.0.0.1:4010/naxml',
      endOfDayAt: '22:00',
      pin: '2468',
    });
  });

  it('lets a disabled connector be saved without a destination', () => {
    const draft = { ...toConexxusDraft({ ...conexxusSettings, secretSet: false }), pin: '2468' };
    expect(fromConexxusDraft({ ...draft, secret: '' }, false)).toEqual({
      problem: 'Enter the password: none is stored yet.',
    });
    const off = fromConexxusDraft({ ...draft, enabled: false, url: '', username: '' }, false);
    expect(off).toEqual({ update: { ...fields, enabled: false, url: '', username: '', pin: '2468' } });
  });

  it('says a wrong PIN is the manager’s own, and shows the hub’s other refusals', async () => {
    const wrongPin = renderScreen(<ConnectorsSection />, {
      routes: { ...settingsRoutes, [`PUT ${PUT}`]: [401, { error: { code: 'PIN_INVALID', message: 'wrong PIN' } }] },
    });
    let f = await form();
    type(f, 'Your PIN', '9999');
    save(f);
    expect((await within(f).findByRole('alert')).textContent).toBe('That PIN is not right. Enter your own PIN again.');
    expect((within(f).getByLabelText('Your PIN') as HTMLInputElement).value).toBe('');
    wrongPin.unmount();

    renderScreen(<ConnectorsSection />, {
      routes: {
        ...settingsRoutes,
        [`PUT ${PUT}`]: [
          400,
          {
            error: {
              code: 'CONEXXUS_SETTINGS_INVALID',
              message: 'the outbox folder must be an absolute path, e.g. /srv/naxml/out',
            },
          },
        ],
      },
    });
    f = await form();
    type(f, 'Your PIN', '2468');
    save(f);
    expect((await within(f).findByRole('alert')).textContent).toBe(
      'The outbox folder must be an absolute path, e.g. /srv/naxml/out.',
    );
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KsefOverview } from '../../src/shared/protocol/ksef-views.js';
import type {
  AtRiskPaymentView,
  ConnectorSettingsView,
  ConnectorView,
  HoldView,
  TargetStatusView,
  UpstreamJobView,
  UpstreamOverview,
} from '../../src/shared/protocol/upstream-views.js';
import { ConnectivityBanner } from '../../src/renderer/app/ConnectivityBanner.js';
import { ConnectorsSection } from '../../src/renderer/pages/settings/ConnectorsSection.js';
import {
  bannerItems,
  cancelRisk,
  connectorSituation,
  jobStatus,
  sinceText,
  upstreamJobActions,
  upstreamSummary,
} from '../../src/renderer/pages/upstream/upstream-copy.js';
import { UpstreamPage } from '../../src/renderer/pages/upstream/UpstreamPage.js';
import { renderScreen, type Rendered } from '../helpers/ui-render.js';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Only Date is faked: testing-library's waits keep their real timers. */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

/** Intl separates the currency code from the figure with a no-break space. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');

const target = (fields: Partial<TargetStatusView>): TargetStatusView => ({
  target: 'stripe',
  state: 'online',
  since: ago(5 * MIN),
  consecutiveFailures: 0,
  lastProbeAt: ago(10_000),
  lastLatencyMs: 42,
  lastError: null,
  ...fields,
});

const connector = (fields: Partial<ConnectorView>): ConnectorView => ({
  name: 'stripe',
  label: 'Stripe (card payments)',
  configured: true,
  problem: null,
  paused: false,
  reachability: target({}),
  depth: 0,
  oldestQueuedAt: null,
  oldestQueuedAgeMs: null,
  counts: { queued: 0, in_flight: 0, done: 12, dead: 0, cancelled: 0 },
  doneLastHour: 4,
  ...fields,
});

const stripeOffline = connector({
  paused: true,
  reachability: target({ state: 'offline', since: ago(2 * HOUR + 10 * MIN), consecutiveFailures: 7 }),
  depth: 3,
  oldestQueuedAt: ago(2 * HOUR + 5 * MIN),
  counts: { queued: 2, in_flight: 1, done: 40, dead: 1, cancelled: 0 },
  doneLastHour: 0,
});

const overview: UpstreamOverview = {
  internet: target({ target: 'internet', state: 'offline', since: ago(2 * HOUR + 10 * MIN) }),
  connectors: [stripeOffline],
};

const job = (fields: Partial<UpstreamJobView>): UpstreamJobView => ({
  id: 'job-1',
  seq: 42,
  connector: 'stripe',
  kind: 'capture',
  state: 'queued',
  attempts: 3,
  priority: 0,
  deadline: new Date(NOW + 4 * 24 * HOUR + HOUR).toISOString(),
  notBefore: ago(0),
  lastError: 'connect ETIMEDOUT api.stripe.com',
  idempotencyKey: 'bk-stripe-capture-0f3a9c',
  sourceEventId: 'ev-1',
  saleId: 'sale-17',
  paymentId: 'pay-17',
  fileName: null,
  amount: { amount: 45_00, currency: 'PLN' },
  result: null,
  cancelledBy: null,
  createdAt: ago(2 * HOUR),
  updatedAt: ago(MIN),
  ...fields,
});

const queuedCapture = job({});
const deadRefund = job({
  id: 'job-2',
  seq: 41,
  kind: 'refund',
  state: 'dead',
  lastError: 'Stripe refused: charge_already_refunded',
  idempotencyKey: 'bk-stripe-refund-77',
  saleId: 'sale-9',
  deadline: null,
});
const doneCapture = job({ id: 'job-3', seq: 40, state: 'done', lastError: null, saleId: 'sale-3' });

const hold: HoldView = {
  paymentId: 'pay-17',
  saleId: 'sale-17',
  locationId: 'shop',
  deviceId: 'd1',
  amount: { amount: 45_00, currency: 'PLN' },
  takenAt: ago(HOUR),
  captureDeadline: new Date(NOW + 4 * 24 * HOUR + 23 * HOUR).toISOString(),
  state: 'waiting_for_reader',
  paymentIntentId: null,
  jobId: 'job-1',
};

const atRisk: AtRiskPaymentView = {
  paymentId: 'pay-5',
  saleId: 'sale-5',
  locationId: 'shop',
  deviceId: 'd1',
  cashier: 'Kasia',
  amount: { amount: 129_99, currency: 'PLN' },
  takenAt: ago(3 * HOUR),
  declinedAt: ago(HOUR),
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
};

const routes = {
  'GET /v1/admin/upstream/jobs': { jobs: [queuedCapture, deadRefund, doneCapture], nextBefore: 40 },
  'GET /v1/admin/upstream/stripe/holds': {
    holds: [
      hold,
      { ...hold, paymentId: 'pay-1', saleId: 'sale-1', state: 'captured', paymentIntentId: 'pi_3Captured' },
    ],
  },
  'GET /v1/admin/upstream/stripe/at-risk': { payments: [atRisk] },
  'GET /v1/admin/upstream': overview,
  'POST /v1/admin/upstream/jobs/job-1/cancel': { ...queuedCapture, state: 'cancelled', cancelledBy: 'Marta' },
  'POST /v1/admin/upstream/jobs/job-2/retry': { ...deadRefund, state: 'queued' },
  'POST /v1/admin/upstream/stripe/sync-now': { expedited: 2 },
};

const posted = (view: Rendered, url: string, method = 'POST') =>
  view.fetch.mock.calls.find(([input, init]) => input === url && init?.method === method);

describe('upstream words', () => {
  it('says how reachable a target is and since when', () => {
    expect(sinceText(stripeOffline.reachability, NOW)).toBe('offline for 2 h 10 min');
    expect(sinceText(target({ state: 'degraded', since: ago(45_000) }), NOW)).toBe('degraded for 45 s');
    expect(sinceText(target({ state: 'online', since: ago(3 * 24 * HOUR) }), NOW)).toBe('online for 3 days');
    expect(sinceText(target({ state: 'unknown' }), NOW)).toBe(
      'no probe has answered yet (probing starts once a connector is set up)',
    );
  });

  it('puts what a connector is doing, or why it cannot forward, in one sentence', () => {
    expect(connectorSituation(connector({ configured: false }))).toEqual({
      label: 'Not set up yet: a manager sets it up in Settings → Connectors.',
      tone: 'bad',
    });
    expect(connectorSituation(connector({ problem: 'The processor refused the key (401).' })).label).toBe(
      'The processor refused the key (401).',
    );
    expect(connectorSituation(stripeOffline)).toEqual({
      label: 'Paused while it cannot be reached; 3 jobs will go as soon as it is back.',
      tone: 'warn',
    });
    expect(connectorSituation(connector({ depth: 1 })).label).toBe('Forwarding: one job still to send.');
    expect(connectorSituation(connector({}))).toEqual({ label: 'Up to date: nothing waiting to be sent.', tone: 'ok' });
  });

  it('offers retry and cancel only on queued and dead jobs, and names what cancelling loses', () => {
    expect(upstreamJobActions({ state: 'queued' })).toEqual(['retry', 'cancel']);
    expect(upstreamJobActions({ state: 'dead' })).toEqual(['retry', 'cancel']);
    for (const state of ['in_flight', 'done', 'cancelled'] as const) expect(upstreamJobActions({ state })).toEqual([]);
    // A done job says what came of it: a capture the processor declined lost the money.
    expect(jobStatus({ state: 'done', result: { outcome: 'declined', declineCode: 'do_not_honor' } })).toEqual({
      label: 'Done: declined',
      tone: 'bad',
    });
    expect(jobStatus({ state: 'done', result: { outcome: 'captured' } })).toEqual({
      label: 'Done: captured',
      tone: 'ok',
    });
    expect(jobStatus({ state: 'done', result: null })).toEqual({ label: 'Done', tone: 'ok' });
    expect(jobStatus({ state: 'dead', result: null })).toEqual({ label: 'Failed for good', tone: 'bad' });
    expect(cancelRisk(queuedCapture)[0]).toMatch(/^The payment is never captured\. The hold .* lapses at .* money\.$/);
    expect(cancelRisk(deadRefund)).toEqual([
      expect.stringMatching(/^The customer is not refunded through the processor/),
      'It had failed for good: Stripe refused: charge_already_refunded',
      'Cancelling cannot be undone. It is recorded with your name and the reason.',
    ]);
  });

  it('sums the upstreams up for the banner and the dashboard', () => {
    expect(bannerItems(overview, NOW)).toEqual([
      { key: 'internet', text: 'Internet: offline for 2 h 10 min', tone: 'bad' },
      { key: 'stripe', text: 'Stripe (card payments): offline for 2 h 10 min · 3 waiting', tone: 'bad' },
    ]);
    // The hub's problem sentence is shown unless the connector is simply unreachable, which its duration says.
    const refused = 'Stripe refused the secret key (401): Invalid API Key provided';
    const unreachable = { ...stripeOffline, problem: 'Stripe cannot be reached: connect ECONNREFUSED' };
    expect(bannerItems({ ...overview, connectors: [connector({ problem: refused }), unreachable] }, NOW)).toEqual([
      expect.objectContaining({ key: 'internet' }),
      { key: 'stripe', text: `Stripe (card payments): ${refused}`, tone: 'bad' },
      { key: 'stripe', text: 'Stripe (card payments): offline for 2 h 10 min · 3 waiting', tone: 'bad' },
    ]);
    const fine = { internet: target({ target: 'internet' }), connectors: [connector({})] };
    expect(bannerItems(fine, NOW).map((item) => item.text)).toEqual([
      'Internet: online',
      'Stripe (card payments): online',
    ]);
    expect(upstreamSummary(overview, NOW)).toEqual({
      value: '3 waiting',
      detail: 'oldest 2 h 5 min · internet offline · Stripe (card payments) unreachable · 1 failed for good',
      attention: true,
    });
    expect(upstreamSummary(fine, NOW)).toEqual({
      value: 'Up to date',
      detail: 'nothing owed upstream',
      attention: false,
    });
  });
});

describe('the Upstream screen', () => {
  it('words each connector card for its state', async () => {
    const cards: UpstreamOverview = {
      internet: target({ target: 'internet', state: 'degraded', since: ago(12 * MIN) }),
      connectors: [
        stripeOffline,
        connector({ name: 'conexxus', label: 'Conexxus (head office)', reachability: target({ since: ago(HOUR) }) }),
        connector({
          name: 'ksef',
          label: 'KSeF (e-invoices)',
          configured: false,
          paused: true,
          reachability: target({ state: 'unknown' }),
        }),
        connector({
          name: 'bad-key',
          label: 'Stripe test account',
          problem: 'The processor refused the key (401). Set a new one in Settings → Connectors.',
          reachability: target({ state: 'degraded', since: ago(3 * MIN), lastError: 'HTTP 401' }),
        }),
      ],
    };
    renderScreen(<UpstreamPage />, { routes: { ...routes, 'GET /v1/admin/upstream': cards } });

    const internet = await screen.findByRole('region', { name: 'Internet' });
    expect(within(internet).getByLabelText('Reachable').textContent).toBe('Degraded: degraded for 12 min');

    const stripe = screen.getByRole('region', { name: 'Stripe (card payments)' });
    expect(within(stripe).getByLabelText('Reachable').textContent).toBe('Offline: offline for 2 h 10 min');
    expect(within(stripe).getByText(/^Paused while it cannot be reached; 3 jobs will go/)).toBeTruthy();
    expect(within(stripe).getByLabelText('Set up').textContent).toBe('Yes');
    expect(within(stripe).getByLabelText('Still to send').textContent).toBe('3 (2 queued · 1 sending)');
    expect(within(stripe).getByLabelText('Oldest waiting').textContent).toBe('2 h 5 min');
    expect(within(stripe).getByLabelText('Done last hour').textContent).toBe('0');
    expect(within(stripe).getByLabelText('All jobs').textContent).toBe(
      'Queued 2 · Sending 1 · Done 40 · Failed for good 1 · Cancelled 0',
    );

    const conexxus = screen.getByRole('region', { name: 'Conexxus (head office)' });
    expect(within(conexxus).getByLabelText('Reachable').textContent).toBe('Online: online for 1 h');
    expect(within(conexxus).getByText('Up to date: nothing waiting to be sent.')).toBeTruthy();
    expect(within(conexxus).getByLabelText('Oldest waiting').textContent).toBe('—');

    const ksef = screen.getByRole('region', { name: 'KSeF (e-invoices)' });
    expect(within(ksef).getByLabelText('Reachable').textContent).toBe(
      'Not checked yet: no probe has answered yet (probing starts once a connector is set up)',
    );
    expect(within(ksef).getByLabelText('Set up').textContent).toBe('No');
    expect(within(ksef).getByText(/^Not set up yet: a manager sets it up/)).toBeTruthy();

    const badKey = screen.getByRole('region', { name: 'Stripe test account' });
    expect(within(badKey).getByText(/^The processor refused the key \(401\)/)).toBeTruthy();
    expect(within(badKey).getByLabelText('Reachable').textContent).toBe(
      'Degraded: degraded for 3 minLast probe: HTTP 401',
    );
  });

  it('lists jobs with their amount, attempts, last error, deadline and a copyable key', async () => {
    renderScreen(<UpstreamPage />, { routes });
    const table = await screen.findByRole('table', { name: 'Upstream jobs, newest first' });
    const row = within(table).getByText('sale-17').closest('tr')!;
    expect(plain(row.textContent)).toMatch(
      /Capture payment.*sale-17.*pay-17.*PLN 45\.00.*Queued.*3.*connect ETIMEDOUT api\.stripe\.com.*4 d 01:00:00.*bk-stripe-capture-0f3a9c/,
    );
    const key = within(row).getByText('bk-stripe-capture-0f3a9c');
    expect(key.tagName).toBe('CODE');
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    fireEvent.click(within(row).getByRole('button', { name: 'Copy idempotency key bk-stripe-capture-0f3a9c' }));
    await within(row).findByText('Copied');
    expect(writeText).toHaveBeenCalledWith('bk-stripe-capture-0f3a9c');

    const dead = within(table).getByText('sale-9').closest('tr')!;
    expect(dead.querySelector('.job-dead')).not.toBeNull();
    expect(dead.textContent).toMatch(/Refund.*Failed for good.*charge_already_refunded/);
    const done = within(table).getByText('sale-3').closest('tr')!;
    expect(within(done).queryByRole('button', { name: /Retry|Cancel/ })).toBeNull();
  });

  it('asks the hub for the filtered page, and for older pages with `before`', async () => {
    const view = renderScreen(<UpstreamPage />, { routes });
    await screen.findByRole('table', { name: 'Upstream jobs, newest first' });
    expect(view.requests()).toContain('/v1/admin/upstream/jobs?limit=25');

    fireEvent.click(screen.getByRole('button', { name: 'Older →' }));
    await waitFor(() => expect(view.requests()).toContain('/v1/admin/upstream/jobs?limit=25&before=40'));

    fireEvent.change(screen.getByLabelText('Job state'), { target: { value: 'dead' } });
    await waitFor(() => expect(view.requests()).toContain('/v1/admin/upstream/jobs?state=dead&limit=25'));
    fireEvent.change(screen.getByLabelText('Connector'), { target: { value: 'stripe' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'refund' } });
    await waitFor(() =>
      expect(view.requests()).toContain('/v1/admin/upstream/jobs?connector=stripe&state=dead&kind=refund&limit=25'),
    );
    // The filters are in the URL, so a reload shows the same list; a new filter starts again at the newest page.
    expect(view.router.state.location.search).toBe('?connector=stripe&state=dead&kind=refund');
    expect(view.requests().filter((url) => url.includes('before=')).length).toBe(1);
  });

  it('cancels a job only with a reason, after saying what is lost', async () => {
    const view = renderScreen(<UpstreamPage />, { routes });
    const table = await screen.findByRole('table', { name: 'Upstream jobs, newest first' });
    const row = within(table).getByText('sale-17').closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Cancel: Capture payment for sale sale-17' }));

    const dialog = screen.getByRole('dialog', { name: 'Cancel this capture payment job?' });
    expect(plain(dialog.textContent)).toMatch(/PLN 45\.00/);
    expect(dialog.textContent).toMatch(/The payment is never captured\. The hold on the customer’s card lapses/);
    expect(dialog.textContent).toMatch(/the store does not get this money/);
    const confirm = within(dialog).getByRole('button', { name: 'Cancel job' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: '   ' } });
    expect(confirm.disabled).toBe(true); // blanks are no reason

    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: ' Customer paid in cash instead ' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const sent = posted(view, '/v1/admin/upstream/jobs/job-1/cancel')!;
    expect(JSON.parse(String(sent[1]!.body))).toEqual({ reason: 'Customer paid in cash instead' });
  });

  it('shows the hub’s refusal of a cancel in words, and keeps the dialog open', async () => {
    renderScreen(<UpstreamPage />, {
      routes: {
        ...routes,
        'POST /v1/admin/upstream/jobs/job-1/cancel': [
          409,
          { error: { code: 'JOB_STATE', message: 'cannot cancel job job-1: it is in_flight' } },
        ],
      },
    });
    const table = await screen.findByRole('table', { name: 'Upstream jobs, newest first' });
    fireEvent.click(within(table).getByRole('button', { name: 'Cancel: Capture payment for sale sale-17' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Duplicate' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel job' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/^This job has moved on since the list/);
  });

  it('retries a dead job and syncs a connector now', async () => {
    const view = renderScreen(<UpstreamPage />, { routes });
    const table = await screen.findByRole('table', { name: 'Upstream jobs, newest first' });
    fireEvent.click(within(table).getByRole('button', { name: 'Retry: Refund for sale sale-9' }));
    await screen.findByText(/Retry asked: the job is due now, with the same idempotency key/);
    expect(posted(view, '/v1/admin/upstream/jobs/job-2/retry')).toBeTruthy();

    const stripe = screen.getByRole('region', { name: 'Stripe (card payments)' });
    fireEvent.click(within(stripe).getByRole('button', { name: 'Sync now: Stripe (card payments)' }));
    expect((await within(stripe).findByRole('status')).textContent).toBe(
      '2 waiting jobs go now. The connector is paused, so they go once it is reachable.',
    );
    expect(posted(view, '/v1/admin/upstream/stripe/sync-now')).toBeTruthy();
  });

  it('lets a cashier see everything but retry, cancel or sync nothing', async () => {
    const view = renderScreen(<UpstreamPage />, { role: 'cashier', routes });
    await screen.findByRole('table', { name: 'Upstream jobs, newest first' });
    await screen.findByRole('table', { name: 'Payments at risk' });
    expect(screen.queryByRole('button', { name: /Retry|Cancel|Sync now/ })).toBeNull();
    expect(screen.getByText('A manager can sync now, retry or cancel jobs.')).toBeTruthy();
    expect(view.fetch.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
  });

  it('shows Stripe’s payments at risk and the holds with their capture countdown', async () => {
    renderScreen(<UpstreamPage />, { routes });
    const risk = await screen.findByRole('table', { name: 'Payments at risk' });
    const riskRow = within(risk).getByText('sale-5').closest('tr')!;
    expect(plain(riskRow.textContent)).toMatch(
      /sale-5.*pay-5.*Kasia.*PLN 129\.99.*Your card has insufficient funds\..*insufficient_funds.*Declined/,
    );

    const holds = screen.getByRole('table', { name: 'Card holds, nearest deadline first' });
    const open = within(holds).getByText('sale-17').closest('tr')!;
    expect(plain(open.textContent)).toMatch(
      /PLN 45\.00.*4 d 23:00:00.*Waiting for the reader to forward it.*Not forwarded yet/,
    );
    // Captured holds are behind the "All holds" tab, with their PaymentIntent.
    expect(within(holds).queryByText('sale-1')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'All holds' }));
    const all = screen.getByRole('table', { name: 'Card holds, nearest deadline first' });
    expect(within(all).getByText('sale-1').closest('tr')!.textContent).toMatch(/Captured.*pi_3Captured/);
  });
});

describe('the Upstream screen’s KSeF panel', () => {
  const ksefConnector = connector({ name: 'ksef', label: 'KSeF (e-invoices)', depth: 14 });
  const ksef: KsefOverview = {
    token: { set: true, hint: '…9f3a', updatedAt: ago(24 * HOUR), updatedBy: 'Olga' },
    availability: 'failure',
    availabilityDetail: 'Latarnia: KSeF failure announced (awaria), 09:00–13:00.',
    availabilitySince: ago(3 * HOUR),
    backlog: 14,
    sending: 4,
    rejected: 2,
    numberedLastHour: 3,
    nearestDeadline: { invoiceId: 'inv-3', number: 'FV/2026/00003', dueAt: new Date(NOW + 90 * MIN).toISOString() },
    drain: { hoursNeeded: 14 / 3, atRisk: true },
    sessions: [
      {
        sessionRef: '20261122-SB-0A1B2C3D4E-5F6A7B8C9D-10',
        kind: 'batch',
        firstSentAt: ago(40 * MIN),
        invoices: 9,
        numbered: 3,
        rejected: 2,
        waiting: 4,
      },
      {
        sessionRef: '20261122-SO-1111111111-2222222222-33',
        kind: 'online',
        firstSentAt: ago(5 * HOUR),
        invoices: 2,
        numbered: 2,
        rejected: 0,
        waiting: 0,
      },
    ],
  };
  const withKsef = (overviewKsef: KsefOverview) => ({
    ...routes,
    'GET /v1/admin/upstream/ksef': overviewKsef,
    'GET /v1/admin/upstream': { ...overview, connectors: [stripeOffline, ksefConnector] },
  });

  it('shows KSeF’s availability, the backlog, the nearest deadline counting down, and says the backlog is at risk', async () => {
    const view = renderScreen(<UpstreamPage />, { role: 'cashier', routes: withKsef(ksef) });
    const panel = await screen.findByRole('region', { name: 'Sending invoices to KSeF' });
    const fact = (label: string) => within(panel).getByLabelText(label).textContent;
    await within(panel).findByLabelText('KSeF');
    expect(view.requests()).toContain('/v1/admin/upstream/ksef');
    // The connector's own card is there as for any other connector.
    expect(screen.getByRole('region', { name: 'KSeF (e-invoices)' })).toBeTruthy();

    expect(within(panel).getByRole('alert').textContent).toMatch(
      /^At risk: at the rate KSeF numbers invoices now, the backlog cannot all reach KSeF before the nearest deadline \(FV\/2026\/00003, by 22 Nov 2026, \d{2}:30:00\)\./,
    );
    expect(fact('KSeF')).toMatch(/^Failure \(awaria\)Latarnia: KSeF failure announced \(awaria\), 09:00–13:00\.Since /);
    expect(fact('Token')).toBe('Set …9f3a');
    expect(fact('Owed to KSeF')).toBe('14 (4 sent, waiting for their numbers)');
    expect(within(panel).getByRole('link', { name: '2 waiting for a correction' }).getAttribute('href')).toBe(
      '/invoices?status=rejected',
    );
    expect(fact('Numbered last hour')).toBe('3');
    const deadline = within(panel).getByLabelText('Nearest deadline');
    expect(within(deadline).getByRole('link', { name: 'FV/2026/00003' }).getAttribute('href')).toBe('/invoices/inv-3');
    expect(deadline.querySelector('.countdown.urgent')?.textContent).toBe('1:30:00');
    expect(fact('Time to send the backlog')).toBe('About 4 h 40 min at 3 numbered an hour.');

    const sessions = within(panel).getByRole('table', { name: 'KSeF sessions, newest first' });
    const rows = within(sessions).getAllByRole('row');
    expect(rows.map((row) => row.querySelectorAll('th, td')[1]?.textContent)).toEqual(['Kind', 'Batch', 'Interactive']);
    expect(rows[1]!.textContent).toMatch(/^20261122-SB-0A1B2C3D4E-5F6A7B8C9D-10Batch9324.*40 min ago$/);
  });

  it('claims no risk and no rate it does not have, and is not asked for without a KSeF connector', async () => {
    renderScreen(<UpstreamPage />, {
      routes: withKsef({
        ...ksef,
        availability: 'available',
        availabilityDetail: 'KSeF works normally.',
        token: { set: false, hint: null, updatedAt: null, updatedBy: null },
        rejected: 0,
        numberedLastHour: 0,
        nearestDeadline: null,
        drain: { hoursNeeded: null, atRisk: false },
        sessions: [],
      }),
    });
    const panel = await screen.findByRole('region', { name: 'Sending invoices to KSeF' });
    await within(panel).findByLabelText('KSeF');
    expect(within(panel).queryByRole('alert')).toBeNull();
    expect(within(panel).getByLabelText('KSeF').textContent).toMatch(/^AvailableKSeF works normally\./);
    expect(within(panel).getByLabelText('Token').textContent).toBe(
      'Not set: a manager adds it in Settings → Connectors.',
    );
    expect(within(panel).getByLabelText('Rejected').textContent).toBe('0');
    expect(within(panel).getByLabelText('Nearest deadline').textContent).toMatch(/^None/);
    expect(within(panel).getByLabelText('Time to send the backlog').textContent).toMatch(/^No estimate yet/);
    expect(within(panel).getByText('No sessions yet: nothing has been sent to KSeF.')).toBeTruthy();
    cleanup();

    const view = renderScreen(<UpstreamPage />, { routes });
    await screen.findByRole('region', { name: 'Stripe (card payments)' });
    expect(screen.queryByRole('region', { name: 'Sending invoices to KSeF' })).toBeNull();
    expect(view.requests()).not.toContain('/v1/admin/upstream/ksef');
  });
});

describe('the connectivity banner', () => {
  const banner = () => screen.getByRole('status', { name: 'Connectivity' });
  const hubReady = { hub: { state: 'ready', name: 'Shop' } };

  it('shows the hub, then the internet and each upstream, linking to the Upstream screen', async () => {
    renderScreen(<ConnectivityBanner />, { routes: { 'GET /v1/admin/overview': hubReady, ...routes } });
    const link = await within(banner()).findByRole('link', { name: /Internet: offline for 2 h 10 min/ });
    expect(link.getAttribute('href')).toBe('/upstream');
    expect(link.textContent).toBe(
      'Internet: offline for 2 h 10 minStripe (card payments): offline for 2 h 10 min · 3 waiting',
    );
    expect(link.querySelectorAll('.tone-bad').length).toBe(2);
    expect(banner().textContent).toMatch(/^Online\s*since .*The hub is ready/);
    expect(banner().textContent).not.toMatch(/not monitored/);
  });

  it('says when an upstream is not set up, and when all is well', async () => {
    renderScreen(<ConnectivityBanner />, {
      routes: {
        'GET /v1/admin/overview': hubReady,
        'GET /v1/admin/upstream': {
          internet: target({ target: 'internet' }),
          connectors: [connector({ configured: false })],
        },
      },
    });
    const link = await within(banner()).findByRole('link', { name: /Internet: online/ });
    expect(link.textContent).toBe('Internet: onlineStripe (card payments): not set up');
  });

  it('claims nothing about the internet while the hub does not answer', async () => {
    renderScreen(<ConnectivityBanner />, {
      routes: { 'GET /v1/admin/overview': [503, { error: { code: 'SHUTTING_DOWN', message: 'stopping' } }] },
    });
    await within(banner()).findByText('Offline');
    expect(within(banner()).getByRole('link').textContent).toBe(
      'Internet and upstream services: unknown while the hub does not answer.',
    );
  });

  it('says so when the hub does not report its upstreams', async () => {
    renderScreen(<ConnectivityBanner />, { routes: { 'GET /v1/admin/overview': hubReady } });
    await within(banner()).findByText('Internet and upstream services: the hub did not say.');
  });
});

describe('Settings → Connectors', () => {
  const settings: ConnectorSettingsView = {
    stripe: { keySet: true, keyHint: 'sk_test_…4242', updatedAt: '2026-11-20T09:30:00.000Z', updatedBy: 'Olga' },
    conexxus: {
      enabled: false,
      storeLocationId: 'store',
      vendorName: 'Backroom',
      transport: 'folder',
      folder: '',
      url: '',
      auth: 'none',
      username: '',
      endOfDayAt: '02:00',
      acknowledgedBy: '09:00',
      defaultMerchandiseCode: '0',
      secretSet: false,
      updatedAt: null,
      updatedBy: null,
    },
    ksef: { set: false, hint: null, updatedAt: null, updatedBy: null },
    probes: { internet: 'https://www.google.com/generate_204', stripe: 'https://api.stripe.com/healthcheck' },
  };
  const connectorRoutes = {
    'GET /v1/admin/settings/connectors': settings,
    'PUT /v1/admin/settings/connectors/stripe': settings,
    'PUT /v1/admin/settings/connectors/probes': settings,
    'POST /v1/admin/settings/connectors/stripe/test': {
      ok: true,
      message: 'Connected to Backroom Test Shop.',
      latencyMs: 87,
    },
  };
  const SECRET = 'sk_test_51NewSecretKeyAbc9876';

  it('shows only that a key is set, sends a new one with the PIN, and never shows it back', async () => {
    const view = renderScreen(<ConnectorsSection />, { routes: connectorRoutes });
    const form = await screen.findByRole('form', { name: 'Stripe secret key' });
    expect(within(form).getByRole('status', { name: 'Stripe key' }).textContent).toMatch(
      /^Key set: sk_test_…4242, by Olga at 20 Nov 2026, \d{2}:30:00\.$/,
    );
    const key = within(form).getByLabelText('New secret key') as HTMLInputElement;
    expect(key.type).toBe('password');
    expect(key.value).toBe('');

    // Mistakes are caught before anything is sent.
    fireEvent.change(key, { target: { value: 'pk_live_123' } });
    fireEvent.change(within(form).getByLabelText('Your PIN'), { target: { value: '2468' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    expect(within(form).getByRole('alert').textContent).toMatch(
      /^A Stripe secret key starts with sk_live_ or sk_test_/,
    );
    fireEvent.change(key, { target: { value: SECRET } });
    fireEvent.change(within(form).getByLabelText('Your PIN'), { target: { value: '24' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/^A PIN is 4 to 12 digits/);
    expect(view.fetch.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Your PIN'), { target: { value: '2468' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    await within(form).findByText(/^Saved in the hub’s secret store/);
    const sent = posted(view, '/v1/admin/settings/connectors/stripe', 'PUT')!;
    expect(JSON.parse(String(sent[1]!.body))).toEqual({ secretKey: SECRET, pin: '2468' });
    // Emptied after saving: the key is nowhere on the screen, not even in a field.
    expect(key.value).toBe('');
    expect((within(form).getByLabelText('Your PIN') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain('NewSecretKey');
  });

  it('says a wrong PIN is the manager’s own, and empties it', async () => {
    renderScreen(<ConnectorsSection />, {
      routes: {
        ...connectorRoutes,
        'PUT /v1/admin/settings/connectors/stripe': [
          401,
          { error: { code: 'INVALID_CREDENTIALS', message: 'wrong name or PIN' } },
        ],
      },
    });
    const form = await screen.findByRole('form', { name: 'Stripe secret key' });
    fireEvent.change(within(form).getByLabelText('New secret key'), { target: { value: SECRET } });
    fireEvent.change(within(form).getByLabelText('Your PIN'), { target: { value: '9999' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'That PIN is not right. Enter your own PIN again.',
    );
    expect((within(form).getByLabelText('Your PIN') as HTMLInputElement).value).toBe('');
  });

  it('tests the connection and shows what the processor answered', async () => {
    const view = renderScreen(<ConnectorsSection />, { routes: connectorRoutes });
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    expect((await screen.findByText(/^Test passed: /)).textContent).toBe(
      'Test passed: Connected to Backroom Test Shop. (87 ms)',
    );
    expect(posted(view, '/v1/admin/settings/connectors/stripe/test')).toBeTruthy();
  });

  it('cannot test before a key is set', async () => {
    renderScreen(<ConnectorsSection />, {
      routes: {
        ...connectorRoutes,
        'GET /v1/admin/settings/connectors': {
          ...settings,
          stripe: { keySet: false, keyHint: null, updatedAt: null, updatedBy: null },
        },
      },
    });
    const form = await screen.findByRole('form', { name: 'Stripe secret key' });
    expect(within(form).getByRole('status', { name: 'Stripe key' }).textContent).toBe(
      'No key set: card payments taken offline are not captured until one is.',
    );
    expect((screen.getByRole('button', { name: 'Test connection' }) as HTMLButtonElement).disabled).toBe(true);
  });

  const KSEF_TOKEN = '20261120-EC-1A2B3C4D5E-6F7A8B9C0D-E1|nip-5260250274|9f3aSecretPart';
  const KSEF_PUT = '/v1/admin/settings/connectors/ksef';

  it('shows only whether a KSeF token is set, sends a new one with the PIN, and shows what KSeF answered', async () => {
    const view = renderScreen(<ConnectorsSection />, {
      routes: {
        ...connectorRoutes,
        [`PUT ${KSEF_PUT}`]: { ok: true, message: 'KSeF accepted the token for NIP 5260250274.', latencyMs: 312 },
      },
    });
    const form = await screen.findByRole('form', { name: 'KSeF token' });
    expect(within(form).getByRole('status', { name: 'KSeF token status' }).textContent).toBe(
      'No token set: invoices are not sent to KSeF until one is.',
    );
    expect((screen.getByRole('button', { name: 'Test KSeF connection' }) as HTMLButtonElement).disabled).toBe(true);
    const token = within(form).getByLabelText('KSeF token') as HTMLInputElement;
    expect(token.type).toBe('password');

    fireEvent.change(token, { target: { value: 'has a space in it' } });
    fireEvent.change(within(form).getByLabelText('Your PIN'), { target: { value: '2468' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save token' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/^A KSeF token is 8 to 2000 characters with no spaces/);
    expect(view.fetch.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false);

    fireEvent.change(token, { target: { value: ` ${KSEF_TOKEN} ` } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save token' }));
    expect((await within(form).findByText(/^Saved, and KSeF accepted it: /)).textContent).toBe(
      'Saved, and KSeF accepted it: KSeF accepted the token for NIP 5260250274. (312 ms)',
    );
    const put = posted(view, KSEF_PUT, 'PUT')!;
    expect(JSON.parse(String(put[1]!.body))).toEqual({ token: KSEF_TOKEN, pin: '2468' });
    expect(token.value).toBe('');
    expect((within(form).getByLabelText('Your PIN') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain('9f3aSecretPart');
    // Saved: the settings are fetched again, to say who set it and when.
    await waitFor(() =>
      expect(view.requests().filter((url) => url === '/v1/admin/settings/connectors').length).toBe(2),
    );
  });

  it('says when KSeF did not take the token, and tests the stored one on demand', async () => {
    const view = renderScreen(<ConnectorsSection />, {
      routes: {
        ...connectorRoutes,
        'GET /v1/admin/settings/connectors': {
          ...settings,
          ksef: { set: true, hint: '…9f3a', updatedAt: '2026-11-20T09:30:00.000Z', updatedBy: 'Olga' },
        },
        [`PUT ${KSEF_PUT}`]: { ok: false, message: 'KSeF refused the token (21301).', latencyMs: 95 },
        [`POST ${KSEF_PUT}/test`]: { ok: true, message: 'Authenticated with KSeF as NIP 5260250274.', latencyMs: 140 },
      },
    });
    const form = await screen.findByRole('form', { name: 'KSeF token' });
    expect(within(form).getByRole('status', { name: 'KSeF token status' }).textContent).toMatch(
      /^Token set: …9f3a, by Olga at 20 Nov 2026, \d{2}:30:00\.$/,
    );
    fireEvent.change(within(form).getByLabelText('New KSeF token'), { target: { value: KSEF_TOKEN } });
    fireEvent.change(within(form).getByLabelText('Your PIN'), { target: { value: '2468' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save token' }));
    const refused = await within(form).findByText(/^Saved, but KSeF did not accept it: /);
    expect(refused.textContent).toBe('Saved, but KSeF did not accept it: KSeF refused the token (21301). (95 ms)');
    expect(refused.className).toBe('error-message');

    fireEvent.click(screen.getByRole('button', { name: 'Test KSeF connection' }));
    expect((await screen.findByText(/^Test passed: Authenticated with KSeF/)).textContent).toBe(
      'Test passed: Authenticated with KSeF as NIP 5260250274. (140 ms)',
    );
    expect(posted(view, `${KSEF_PUT}/test`)).toBeTruthy();
  });

  it('saves the probe targets', async () => {
    const view = renderScreen(<ConnectorsSection />, { routes: connectorRoutes });
    const form = await screen.findByRole('form', { name: 'Probe targets' });
    expect((within(form).getByLabelText('Internet probe URL') as HTMLInputElement).value).toBe(
      settings.probes.internet,
    );
    fireEvent.change(within(form).getByLabelText('Stripe probe URL'), { target: { value: 'ftp://stripe' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save probe targets' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/^Stripe probe URL: enter a web address/);
    fireEvent.change(within(form).getByLabelText('Stripe probe URL'), {
      target: { value: ' http://127.0.0.1:4010/v1/balance ' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Save probe targets' }));
    await within(form).findByText('Saved. The next probes use these addresses.');
    const sent = posted(view, '/v1/admin/settings/connectors/probes', 'PUT')!;
    expect(JSON.parse(String(sent[1]!.body))).toEqual({
      internet: settings.probes.internet,
      stripe: 'http://127.0.0.1:4010/v1/balance',
    });
  });
});

/**
 * Forwarding end to end in real Chromium: a hub pointed at the Stripe fake (src/fakes/stripe) and at a loopback
 * "internet" it probes every second. Card payments taken offline wait on the Upstream screen while no key is set; the
 * owner sets the key in Settings → Connectors with the PIN (the key is never shown back) and tests the connection; the
 * readers forward what they stored, "Sync now" sends the captures, and the fake's own count says each payment was
 * captured exactly once; a declined one shows up as a payment at risk. Cutting the internet turns the banner to
 * "Internet: offline for …", and restoring it turns it back.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeFake, type StripeFake } from '../../src/fakes/stripe/index.js';
import type { TestDevice } from '../helpers/device-signer.js';
import { OWNER, openUiSession, screenshot, seedShelf, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

/** A key of the form StripeKeyUpdate accepts; the fake answers 401 to any other. */
const STRIPE_KEY = 'sk_test_BackroomFake4242';
const STRIPE_LABEL = 'Stripe (card payments)';

/** A probe target that answers 204 until it is cut, then drops every connection, as a dead uplink does. */
class FakeInternet {
  private up = true;
  private readonly server = http.createServer((request, response) => {
    if (this.up) response.writeHead(204).end();
    else request.socket.destroy();
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  set(up: boolean): void {
    this.up = up;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface CardPayment {
  paymentId: string;
  saleId: string;
  amount: { amount: number; currency: string };
}

const payment = (n: number, amount: number): CardPayment => ({
  paymentId: `pay-${n}`,
  saleId: `sale-${n}`,
  amount: { amount, currency: 'PLN' },
});

const approved = payment(1, 45_00);
const declined = payment(2, 12_00);
const abandoned = payment(3, 8_00);

describe('back-office UI: upstream forwarding to Stripe', () => {
  let s: UiSession;
  let stripe: StripeFake;
  let internet: FakeInternet;
  let till: TestDevice;

  const upstream = () => s.page.getByRole('table', { name: 'Upstream jobs, newest first' });
  const jobRow = (payment: CardPayment, state: string) =>
    upstream().getByRole('row', { name: new RegExp(`${payment.saleId}.*${state}`) });
  const bannerLink = () => s.page.getByRole('status', { name: 'Connectivity' }).getByRole('link');
  const stripeCard = () => s.page.getByRole('region', { name: STRIPE_LABEL });
  const fact = (card: Locator, label: string) => card.getByLabel(label, { exact: true });

  /** The till asks the hub, takes the card offline, and syncs the payment: the hub enqueues its capture with it. */
  async function takeOffline(card: CardPayment): Promise<void> {
    const body = { ...card, method: 'card', locationId: 'shelf' };
    const asked = await s.lan('POST', '/v1/payments/offline-authorizations', { token: till.token, body });
    expect(asked.json, asked.text).toEqual({ decision: 'approved' });
    const pushed = await s.lan('POST', '/v1/events', {
      token: till.token,
      body: { events: [till.envelope('payment.offline_card', { ...body, takenAt: new Date().toISOString() })] },
    });
    expect(pushed.json?.results?.[0], pushed.text).toMatchObject({ status: 'accepted' });
  }

  beforeAll(async () => {
    stripe = await startStripeFake({ apiKey: STRIPE_KEY });
    internet = new FakeInternet();
    const internetUrl = await internet.start();
    s = await openUiSession({
      env: {
        BACKROOM_UPSTREAM_STRIPE_API_BASE: stripe.url,
        BACKROOM_UPSTREAM_PROBES_INTERNET: internetUrl,
        BACKROOM_UPSTREAM_PROBES_STRIPE: `${stripe.url}/`,
        BACKROOM_UPSTREAM_PROBES_INTERVAL_SECONDS: '1',
        BACKROOM_UPSTREAM_PROBES_FAILURE_INTERVAL_SECONDS: '1',
        BACKROOM_UPSTREAM_PROBES_TIMEOUT_SECONDS: '1',
      },
    });
    await seedShelf(s, 10);
    till = await s.pair('Till 1');
  });
  afterAll(async () => {
    await s?.close();
    await internet?.close();
    await stripe?.close();
  });

  it('keeps card payments taken offline waiting while no key is set, and says why', async () => {
    // The readers keep the payments until they are back online; one of the cards will be declined then.
    stripe.storeOffline({ saleId: approved.saleId, amount: approved.amount.amount, currency: 'pln' });
    stripe.storeOffline({
      saleId: declined.saleId,
      amount: declined.amount.amount,
      currency: 'pln',
      declineCode: 'insufficient_funds',
    });
    for (const card of [approved, declined, abandoned]) await takeOffline(card);

    await s.page.goto('/upstream');
    await s.page.getByRole('heading', { name: 'Upstream', level: 1 }).waitFor();
    await stripeCard().getByText('No Stripe secret key is set: add it in Settings → Connectors.').waitFor();
    expect(await fact(stripeCard(), 'Set up').textContent()).toBe('No');
    expect(await fact(stripeCard(), 'Still to send').textContent()).toBe('3 (3 queued · 0 sending)');
    // With no connector set up the hub sends nothing out of the store, not even a probe.
    await fact(s.page.getByRole('region', { name: 'Internet' }), 'Reachable')
      .filter({ hasText: /^Not checked yet: .*once a connector is set up/ })
      .waitFor();
    await bannerLink()
      .filter({ hasText: `${STRIPE_LABEL}: not set up · 3 waiting` })
      .waitFor();
    expect(await bannerLink().getAttribute('href')).toBe('/upstream');

    for (const card of [approved, declined, abandoned]) await jobRow(card, 'Queued').waitFor();
    const row = jobRow(approved, 'Queued');
    expect(await row.textContent()).toMatch(/Capture payment.*PLN\s45\.00/);
    // Five days to capture a card-present hold, counted down on the screen.
    const holds = s.page.getByRole('table', { name: 'Card holds, nearest deadline first' });
    await holds.getByRole('row', { name: /sale-1.*4 d 23:\d\d:\d\d.*Capturing.*Not forwarded yet/ }).waitFor();
    const [job] = (await s.admin('GET', '/v1/admin/upstream/jobs?kind=capture&limit=50')).json.jobs.filter(
      (j: { saleId: string }) => j.saleId === approved.saleId,
    );
    expect(await row.locator('code').textContent()).toBe(job.idempotencyKey);
    await screenshot(s.page, 'upstream-not-configured');
    await expectAccessible(s.page, 'upstream-not-configured');
    expect(s.problems).toEqual([]);
  });

  it('cancels a job only with a reason, after saying the money is lost', async () => {
    await jobRow(abandoned, 'Queued')
      .getByRole('button', { name: `Cancel: Capture payment for sale ${abandoned.saleId}` })
      .click();
    const dialog = s.page.getByRole('dialog', { name: 'Cancel this capture payment job?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/never captured.*the store does not get this money/);
    const confirm = dialog.getByRole('button', { name: 'Cancel job' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason').fill('Customer paid again in cash');
    await screenshot(s.page, 'upstream-cancel');
    await expectAccessible(s.page, 'upstream-cancel');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await jobRow(abandoned, 'Cancelled').waitFor();
    const [job] = (await s.admin('GET', '/v1/admin/upstream/jobs?state=cancelled&limit=50')).json.jobs;
    expect(job).toMatchObject({ saleId: abandoned.saleId, state: 'cancelled', cancelledBy: OWNER.name });
  });

  it('sets the Stripe key with the PIN, never shows it back, and tests the connection', async () => {
    await s.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const form = s.page.getByRole('form', { name: 'Stripe secret key' });
    await form.getByText('No key set: card payments taken offline are not captured until one is.').waitFor();
    const key = form.getByLabel('Secret key', { exact: true });
    expect(await key.getAttribute('type')).toBe('password');
    await key.fill(STRIPE_KEY);
    await form.getByLabel('Your PIN').fill(OWNER.pin);
    await form.getByRole('button', { name: 'Save key' }).click();
    await form.getByText(/^Saved in the hub’s secret store/).waitFor();
    await form
      .getByRole('status', { name: 'Stripe key' })
      .filter({ hasText: /^Key set: sk_test_…4242, by Olga at / })
      .waitFor();
    expect(await form.getByLabel('New secret key').inputValue()).toBe('');
    expect(await s.page.content()).not.toContain('BackroomFake');
    const settings = await s.admin('GET', '/v1/admin/settings/connectors');
    expect(JSON.stringify(settings.json)).not.toContain('BackroomFake');

    await s.page.getByRole('button', { name: 'Test connection' }).click();
    await s.page
      .getByRole('status')
      .filter({ hasText: /^Test passed: / })
      .waitFor();
    await screenshot(s.page, 'upstream-settings-connectors');
    await expectAccessible(s.page, 'upstream-settings-connectors');
    expect(s.problems).toEqual([]);
  });

  it('captures once the reader forwards, exactly once, and shows the declined card at risk', async () => {
    const forwarded = stripe.forwardStored();
    expect(forwarded).toHaveLength(2);
    await s.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upstream' }).click();
    // A job found not yet forwarded waits out a backoff; "Sync now" makes it due at once. One attempt may be in
    // flight as the button is pressed (it then backs off again), so the manager presses it until the capture is done.
    const done = jobRow(approved, 'Done');
    for (let attempt = 1; !(await done.isVisible()); attempt += 1) {
      const jobs = async () => JSON.stringify((await s.admin('GET', '/v1/admin/upstream/jobs?limit=50')).json);
      if (attempt > 6) expect.fail(`the capture never completed after Sync now; the jobs: ${await jobs()}`);
      await stripeCard()
        .getByRole('button', { name: `Sync now: ${STRIPE_LABEL}` })
        .click();
      await stripeCard().getByRole('status').waitFor();
      await done.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    const captured = forwarded.find((intent) => intent.metadata.sale_id === approved.saleId)!;
    expect(stripe.applied(captured.id)).toEqual({ captures: 1, cancels: 0, refunds: 0 });

    // The declined card's capture job is done, and says how it ended.
    await jobRow(declined, 'Done: declined').waitFor({ timeout: 30_000 });
    const risk = s.page.getByRole('table', { name: 'Payments at risk' });
    await risk.getByRole('row', { name: /sale-2.*PLN\s12\.00/ }).waitFor({ timeout: 30_000 });
    expect(await s.page.getByText(/The processor declined this payment after the customer left/).count()).toBe(1);
    await fact(stripeCard(), 'Set up').filter({ hasText: 'Yes' }).waitFor();
    await bannerLink()
      .filter({ hasText: `${STRIPE_LABEL}: online` })
      .waitFor();

    // The holds: the captured one leaves the list still to capture; "All holds" shows it with its PaymentIntent.
    await s.page.getByRole('button', { name: 'All holds' }).click();
    const holds = s.page.getByRole('table', { name: 'Card holds, nearest deadline first' });
    await holds.getByRole('row', { name: new RegExp(`sale-1.*Captured.*${captured.id}`) }).waitFor();

    // The state filter asks the hub for done jobs only.
    await s.page.getByLabel('Job state').selectOption({ label: 'Done' });
    await jobRow(approved, 'Done').waitFor();
    expect(
      await upstream()
        .getByRole('row', { name: /Cancelled/ })
        .count(),
    ).toBe(0);
    expect(new URL(s.page.url()).search).toBe('?state=done');
    await s.page.getByLabel('Job state').selectOption({ label: 'Any state' });
    await jobRow(abandoned, 'Cancelled').waitFor();
    await screenshot(s.page, 'upstream');
    await expectAccessible(s.page, 'upstream');
    expect(s.problems).toEqual([]);
  });

  it('turns the banner to "Internet: offline for …" when the internet is cut, and back when it returns', async () => {
    await s.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await bannerLink().filter({ hasText: 'Internet: online' }).waitFor();
    internet.set(false);
    // Offline after two failed probes, a second apart; the banner follows the hub's upstream notice.
    await bannerLink()
      .filter({ hasText: /Internet: offline for \d+ s/ })
      .waitFor({ timeout: 20_000 });
    await s.page.getByRole('link', { name: /Upstream.*internet offline/ }).waitFor();
    await screenshot(s.page, 'upstream-internet-offline');
    await expectAccessible(s.page, 'upstream-internet-offline');

    internet.set(true);
    await bannerLink().filter({ hasText: 'Internet: online' }).waitFor({ timeout: 20_000 });
    expect(s.problems).toEqual([]);
  });
});

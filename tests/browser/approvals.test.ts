/**
 * An offline card approval decided from the screen: a till asks the hub to authorize a card payment above the
 * manager threshold (200.00 PLN by default), the manager sees it with the policy context, approves it with the PIN
 * entered again, and the till hears the decision on its live stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamClient } from '../helpers/device-client.js';
import type { TestDevice } from '../helpers/device-signer.js';
import { OWNER, openUiSession, screenshot, seedShelf, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

describe('back-office UI: offline card approvals', () => {
  let s: UiSession;
  let till: TestDevice;
  let stream: StreamClient;

  beforeAll(async () => {
    s = await openUiSession();
    await seedShelf(s, 5);
    till = await s.pair('Till 1');
    stream = await s.stream(till);
  });
  afterAll(() => s?.close());

  it('shows the pending payment with the limit, today’s total and the exposure', async () => {
    const { page } = s;
    await page.goto('/approvals');
    await page.getByText('No payment waits for a decision.').waitFor();

    const asked = await s.lan('POST', '/v1/payments/offline-authorizations', {
      token: till.token,
      body: {
        paymentId: 'pay-1',
        saleId: 'sale-1',
        amount: { amount: 250_00, currency: 'PLN' },
        method: 'card',
        locationId: 'shelf',
      },
    });
    expect(asked.json).toMatchObject({ decision: 'pending_manager', reason: 'ABOVE_MANAGER_THRESHOLD' });

    // Live: the approval.request record's cursor notice brings it onto the screen.
    const card = page.getByRole('region', { name: 'PLN 250.00 card payment on Till 1' });
    await card.waitFor();
    // Intl puts a no-break space between the currency code and the amount.
    const text = ((await card.textContent()) ?? '').replace(/\u00a0/g, ' ');
    expect(text).toContain('Above the manager threshold of PLN 200.00.');
    expect(text).toContain('PLN 500.00'); // per-payment limit
    expect(text).toMatch(/Today at this location\s*PLN 0\.00\s*PLN 250\.00\s*PLN 3,000\.00/);
    expect(text).toMatch(/Outstanding exposure\s*PLN 0\.00\s*PLN 250\.00\s*PLN 10,000\.00/);
    await page.getByRole('navigation', { name: 'Main' }).getByLabel('1 waiting').waitFor();
    await screenshot(page, 'approvals-pending');
    await expectAccessible(page, 'approvals-pending');
  });

  it('refuses a wrong PIN in words, then approves; the till is told live', async () => {
    const { page } = s;
    const card = page.getByRole('region', { name: 'PLN 250.00 card payment on Till 1' });
    await card.getByLabel('Your PIN').fill('9999');
    await card.getByRole('button', { name: 'Approve PLN 250.00' }).click();
    await card.getByRole('alert').filter({ hasText: 'name and PIN do not match' }).waitFor();
    expect(await card.getByLabel('Your PIN').inputValue()).toBe('');

    await card.getByLabel('Your PIN').fill(OWNER.pin);
    await card.getByRole('button', { name: 'Approve PLN 250.00' }).click();
    const decision = await stream.waitFor((message) => message.type === 'approval');
    expect(decision).toMatchObject({ type: 'approval', paymentId: 'pay-1', decision: 'approved', decidedBy: 'Olga' });

    await card.waitFor({ state: 'detached' });
    await page.getByText('No payment waits for a decision.').waitFor();
    const history = page.getByRole('table', { name: 'Decided and expired approvals' });
    await history.getByRole('row', { name: /PLN 250\.00.*Approved.*Olga/ }).waitFor();
    await screenshot(page, 'approvals-decided');
    await expectAccessible(page, 'approvals-decided');
    expect(s.problems).toEqual([]);
  });

  it('says how long the till waits, and lets an approval the till gave up on expire into the history', async () => {
    const { page } = s;
    const asked = await s.lan('POST', '/v1/payments/offline-authorizations', {
      token: till.token,
      body: {
        paymentId: 'pay-2',
        saleId: 'sale-2',
        amount: { amount: 300_00, currency: 'PLN' },
        method: 'card',
        locationId: 'shelf',
      },
    });
    expect(asked.json.decision).toBe('pending_manager');
    const card = page.getByRole('region', { name: 'PLN 300.00 card payment on Till 1' });
    await card.getByText(/The till waits at most (2\d|30):\d\d more/).waitFor();

    // The customer paid cash instead: the till records the sale, and the hub closes the approval.
    const sale = {
      saleId: 'sale-2',
      locationId: 'shelf',
      lines: [{ productId: 'cola', quantity: 1, unitPrice: { amount: 300_00, currency: 'PLN' }, taxRate: '23' }],
      tenders: [{ method: 'cash', amount: { amount: 300_00, currency: 'PLN' } }],
    };
    const pushed = await s.lan('POST', '/v1/events', {
      token: till.token,
      body: { events: [till.envelope('sale.complete', sale)] },
    });
    expect(pushed.json.results[0].status).toBe('accepted');
    await card.waitFor({ state: 'detached' });
    const history = page.getByRole('table', { name: 'Decided and expired approvals' });
    const row = history.getByRole('row', { name: /PLN 300\.00/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(
      'Expired: the till stopped waitingThe till recorded the sale paid another way. Ledger record #',
    );
    const record = row.getByRole('link', { name: `Ledger record #${pushed.json.results[0].cursor}` });
    expect(await record.getAttribute('href')).toBe(`/activity/${pushed.json.results[0].cursor}`);
    await screenshot(page, 'approvals-expired');
    await expectAccessible(page, 'approvals-expired');
    expect(s.problems).toEqual([]);
  });

  it('changes the payment limits on the Settings screen, in złoty, saved as minor units', async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const threshold = page.getByLabel('A manager approves payments above (PLN)');
    expect(await threshold.inputValue()).toBe('200.00');
    await threshold.fill('300');
    await page.getByRole('button', { name: 'Save payment limits' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await threshold.inputValue()).toBe('300.00');
    const policy = await s.admin('GET', '/v1/admin/settings/payment-policy');
    expect(policy.json).toMatchObject({ managerThreshold: 300_00, perTransactionLimit: 500_00 });

    await threshold.fill('3.5.0');
    await page.getByRole('button', { name: 'Save payment limits' }).click();
    await page.getByRole('alert').filter({ hasText: 'is not an amount' }).waitFor();
    await screenshot(page, 'settings');
    await expectAccessible(page, 'settings');
    expect(s.problems).toEqual([]);
  });
});

/**
 * A conflict created by two tills and resolved from the screen: three colas on the shelf, each till sells two while
 * neither knows of the other, so the second issue reaches the ledger short and is held. The manager sees the till's
 * event beside the hub's stock, tries "retry" (refused in words: still short), then forces it with the PIN, which
 * books the movement and records the compensating adjustment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDevice } from '../helpers/device-signer.js';
import { OWNER, openUiSession, screenshot, seedShelf, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

describe('back-office UI: conflicts', () => {
  let s: UiSession;
  let tillA: TestDevice;
  let tillB: TestDevice;

  const issue = (till: TestDevice, quantity: number) =>
    s.lan('POST', '/v1/events', {
      token: till.token,
      body: { events: [till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity })] },
    });

  beforeAll(async () => {
    s = await openUiSession();
    await seedShelf(s, 3);
    tillA = await s.pair('Till A');
    tillB = await s.pair('Till B');
  });
  afterAll(() => s?.close());

  it('shows the conflict live, with the till’s event beside the hub’s stock and each option’s consequence', async () => {
    const { page } = s;
    await page.goto('/conflicts');
    await page.getByText('Nothing here.').waitFor();

    expect((await issue(tillA, 2)).json.results[0].status).toBe('accepted');
    expect((await issue(tillB, 2)).json.results[0].status).toBe('conflict');

    const row = page.getByRole('row', { name: /Not enough stock/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/inventory\.issue.*Till B.*Open: needs a decision/);
    await row.getByRole('link', { name: 'Not enough stock' }).click();

    await page.getByRole('heading', { name: 'Not enough stock', level: 1 }).waitFor();
    const device = page.getByRole('region', { name: 'The device’s event' });
    expect(await device.textContent()).toMatch(/Till B recorded inventory\.issue.*Quantity\s*2/s);
    const hub = page.getByRole('region', { name: 'The hub’s state' });
    expect(await hub.getByRole('row', { name: /Available/ }).textContent()).toBe('Available11');

    const decide = page.getByRole('region', { name: 'Decide' });
    const labels = await decide.locator('.option-label').allTextContents();
    expect(labels).toEqual([
      'Keep the hub’s stock',
      'Retry against current stock',
      'Book part of it',
      'Escalate',
      'Force the whole movement · PIN',
    ]);
    const force = decide.getByRole('button', { name: /Force the whole movement/ });
    expect(await force.getAttribute('aria-describedby')).toBeTruthy();
    expect(await decide.textContent()).toContain(
      'Book all of 2 × cola from shelf even if the books hold fewer (1 on the books now).',
    );
    await screenshot(page, 'conflict-detail');
    await expectAccessible(page, 'conflict-detail');
  });

  it('says in words why a retry is refused, then forces the movement with the PIN', async () => {
    const { page } = s;
    const decide = page.getByRole('region', { name: 'Decide' });
    await decide.getByRole('button', { name: /Retry against current stock/ }).click();
    let dialog = page.getByRole('dialog', { name: 'Retry against current stock' });
    await dialog.getByRole('button', { name: 'Confirm: Retry against current stock' }).click();
    await dialog.getByRole('alert').filter({ hasText: '1 available at shelf, 2 needed' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await decide.getByRole('button', { name: /Force the whole movement/ }).click();
    dialog = page.getByRole('dialog', { name: 'Force the whole movement' });
    await dialog.getByLabel('Note (optional)').fill('Two cans were in the back, counted them');
    await dialog.getByLabel('Your PIN').fill(OWNER.pin);
    await screenshot(page, 'conflict-force');
    await expectAccessible(page, 'conflict-force');
    await dialog.getByRole('button', { name: 'Confirm: Force the whole movement' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('region', { name: 'Summary' }).getByText('Resolved', { exact: true }).waitFor();
    const history = page.getByRole('region', { name: 'Resolution history' });
    await history.getByText('conflict.resolved').waitFor();
    await history.getByText('inventory.adjustment').waitFor();
    expect(await page.getByRole('region', { name: 'Decide' }).count()).toBe(0);
    await screenshot(page, 'conflict-resolved');
    await expectAccessible(page, 'conflict-resolved');

    const state = await s.lan('GET', '/v1/state', { token: tillA.token });
    expect(state.json.stock).toContainEqual({ productId: 'cola', locationId: 'shelf', quantity: 0 });
    await page.getByRole('link', { name: 'All conflicts' }).click();
    await page.getByText('Nothing here.').waitFor();
    await page.getByRole('button', { name: 'Resolved' }).click();
    await page.getByRole('row', { name: /Not enough stock.*Resolved/ }).waitFor();
    expect(s.problems).toEqual([]);
  });

  it('shows a card payment over the limits in money, and the hub’s then and now side by side at 1280 px', async () => {
    const { page } = s;
    const payment = {
      paymentId: 'pay-9',
      saleId: 'sale-9',
      amount: { amount: 1_845_67, currency: 'PLN' },
      method: 'card',
      locationId: 'shelf',
      takenAt: new Date().toISOString(),
    };
    const pushed = await s.lan('POST', '/v1/events', {
      token: tillA.token,
      body: { events: [tillA.envelope('payment.offline_card', payment)] },
    });
    expect(pushed.json.results[0].status).toBe('conflict');
    await page.goto(`/conflicts/${pushed.json.results[0].conflict.id}`);
    await page.getByRole('heading', { name: 'Offline card payment over the limits', level: 1 }).waitFor();

    const hub = page.getByRole('region', { name: 'The hub’s state' });
    const cells = async (figure: string) =>
      (
        await hub
          .getByRole('row', { name: new RegExp(`^${figure}`) })
          .getByRole('cell')
          .allTextContents()
      ).map((text) => text.replace(/\u00a0/g, ' '));
    expect(await cells('Per-payment limit')).toEqual(['PLN 500.00', 'PLN 500.00']);
    expect(await cells('Manager approves above')).toEqual(['PLN 200.00', 'PLN 200.00']);
    expect(await cells('Methods allowed offline')).toEqual(['cash, card', 'cash, card']);
    expect(await cells('Why it was held')).toEqual(['Over the per-payment limit', '— (changed)']);
    expect(await hub.textContent()).not.toMatch(/50000|\{/);

    const box = async (locator: ReturnType<typeof page.locator>) => (await locator.boundingBox())!;
    // The two cards side by side, then the two value columns side by side, each wide enough for an amount.
    const device = await box(page.getByRole('region', { name: 'The device’s event' }));
    const state = await box(hub);
    expect(state.y).toBe(device.y);
    expect(state.x).toBeGreaterThanOrEqual(device.x + device.width);
    const then = await box(hub.getByRole('columnheader', { name: /At cursor/ }));
    const now = await box(hub.getByRole('columnheader', { name: 'Now' }));
    expect(now.x).toBeGreaterThanOrEqual(then.x + then.width - 1);
    expect(Math.abs(now.width - then.width)).toBeLessThan(2);
    expect(then.width).toBeGreaterThan(100);
    // Every amount on one line: its text makes one line box, not a letter per line.
    const wrapped = await hub.locator('td').evaluateAll((tds) =>
      tds
        .filter((td) => td.textContent?.startsWith('PLN'))
        .filter((td) => {
          const text = document.createRange();
          text.selectNodeContents(td.firstChild!);
          return text.getClientRects().length !== 1;
        })
        .map((td) => td.textContent),
    );
    expect(wrapped).toEqual([]);
    await screenshot(page, 'conflict-offline-limit');
    await expectAccessible(page, 'conflict-offline-limit');
    expect(s.problems).toEqual([]);
  });
});

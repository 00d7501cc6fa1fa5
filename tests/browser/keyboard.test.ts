/**
 * The back office with the keyboard alone (issue 12): a manager pairs a till and approves its card payment using
 * only Tab, Shift+Tab, Enter and Space (and digits for the PIN), from the top of the page. Each stop must be visibly
 * focused, and focus must never fall back to the top of the page when what had it goes away.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamClient } from '../helpers/device-client.js';
import type { TestDevice } from '../helpers/device-signer.js';
import { OWNER, openUiSession, seedShelf, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

const MAX_STOPS = 60;

const focused = (target: Locator) => target.evaluate((element) => element === document.activeElement);

/** Presses `key` (Tab or Shift+Tab) until `target` has the focus; fails if it takes more than MAX_STOPS. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  await target.waitFor();
  for (let stop = 0; stop < MAX_STOPS; stop++) {
    await page.keyboard.press(key);
    if (await focused(target)) {
      const outline = await target.evaluate((element) => getComputedStyle(element).outlineStyle);
      expect(outline, 'the focused element shows it').not.toBe('none');
      return;
    }
  }
  throw new Error(`${String(target)} was not reached with ${key} in ${MAX_STOPS} stops`);
}

/** Where focus is now: never the page itself, which would send a keyboard user back to the top. */
async function expectFocusKept(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
}

describe('back-office UI: keyboard only', () => {
  let s: UiSession;
  let till: TestDevice;
  let stream: StreamClient;

  beforeAll(async () => {
    s = await openUiSession();
    await seedShelf(s, 5);
  });
  afterAll(() => s?.close());

  it('pairs a till', async () => {
    const { page } = s;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await tabTo(page, nav.getByRole('link', { name: 'Devices' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();

    await tabTo(page, page.getByRole('button', { name: 'Pair a device' }));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: 'Create pairing code' }));
    await page.keyboard.press('Enter');
    const pairing = page.getByRole('region', { name: 'Pair a device' });
    const code = pairing.getByLabel('Pairing code', { exact: true });
    await code.waitFor();
    await expectFocusKept(page);

    till = await s.pair('Till 1', ((await code.textContent()) ?? '').replace(/\s/g, ''));
    await page.getByRole('row', { name: /Till 1/ }).waitFor();
    await tabTo(page, pairing.getByRole('button', { name: 'Done' }));
    await page.keyboard.press('Space');
    await pairing.waitFor({ state: 'detached' });
    await expectFocusKept(page);
    await expectAccessible(page, 'devices, paired from the keyboard');
  });

  it('approves the till’s card payment', async () => {
    const { page } = s;
    stream = await s.stream(till);
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
    expect(asked.json.decision).toBe('pending_manager');

    // Back up to the navigation from where the pairing left the focus.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await tabTo(page, nav.getByRole('link', { name: /^Approvals/ }), 'Shift+Tab');
    await page.keyboard.press('Enter');
    const card = page.getByRole('region', { name: 'PLN 250.00 card payment on Till 1' });
    await card.waitFor();
    await expectAccessible(page, 'approvals, reached from the keyboard');

    await tabTo(page, card.getByLabel('Your PIN'));
    await page.keyboard.type(OWNER.pin);
    await tabTo(page, card.getByRole('button', { name: 'Approve PLN 250.00' }));
    await page.keyboard.press('Space');
    const decision = await stream.waitFor((message) => message.type === 'approval');
    expect(decision).toMatchObject({ paymentId: 'pay-1', decision: 'approved', decidedBy: OWNER.name });
    await card.waitFor({ state: 'detached' });
    await expectFocusKept(page);
    expect(s.problems).toEqual([]);
  });
});

/**
 * Devices end to end: the manager creates a pairing code on the screen, a till pairs with the code read from the
 * page (raw device protocol), and appears in the list live; its activity shows in the ledger with a valid signature;
 * revoking asks for a reason and says what it does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDevice } from '../helpers/device-signer.js';
import { openUiSession, screenshot, seedShelf, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

describe('back-office UI: devices and activity', () => {
  let s: UiSession;
  let till: TestDevice;

  beforeAll(async () => {
    s = await openUiSession();
    await seedShelf(s, 20);
  });
  afterAll(() => s?.close());

  it('pairs a till with the code shown on the screen, and the till appears live', async () => {
    const { page } = s;
    await page.goto('/devices');
    await page.getByText('No devices yet').waitFor();
    await page.getByRole('button', { name: 'Pair a device' }).click();
    await page.getByRole('button', { name: 'Create pairing code' }).click();

    const pairing = page.getByRole('region', { name: 'Pair a device' });
    const code = ((await pairing.getByLabel('Pairing code', { exact: true }).textContent()) ?? '').replace(/\s/g, '');
    expect(code).toMatch(/^\d{8}$/);
    expect(await pairing.getByLabel('Expires in').textContent()).toMatch(/^(10:00|9:[0-5]\d)$/);
    const qr = pairing.getByRole('img', { name: /QR code for pairing code/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot(page, 'devices-pairing');
    await expectAccessible(page, 'devices-pairing');

    till = await s.pair('Till 1', code);
    // No reload: the device.paired record's cursor notice refreshes the list.
    const row = page.getByRole('row', { name: /Till 1/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Offline|Online/);

    const stream = await s.stream(till);
    stream.send(
      JSON.stringify({ type: 'heartbeat', queued: 3, deviceTime: new Date(Date.now() - 4_000).toISOString() }),
    );
    await row.filter({ hasText: 'Online' }).waitFor();
    await row.filter({ hasText: 'Pending: 3' }).waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toMatch(/[3-5]\.\d s behind/);
    await page.getByRole('button', { name: 'Done' }).click();
    await screenshot(page, 'devices');
    await expectAccessible(page, 'devices');
  });

  it('shows the till’s events in the activity, filters them, and checks a signature', async () => {
    const { page } = s;
    const pushed = await s.lan('POST', '/v1/events', {
      token: till.token,
      body: {
        events: [
          till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 2 }),
          till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 50 }),
          till.envelope('catalog.location', { id: 'mine', name: 'Mine', active: true }),
        ],
      },
    });
    expect(pushed.json.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'conflict', 'refused']);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    const table = page.getByRole('table', { name: 'Ledger records, newest first' });
    await table.getByText('Failed: refused').waitFor();
    await table.getByText('Conflict', { exact: true }).waitFor();
    await screenshot(page, 'activity');
    await expectAccessible(page, 'activity');

    await page.getByLabel('Device').selectOption({ label: 'Till 1' });
    await page.getByLabel('Status').selectOption('accepted');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=accepted/);
    // The URL changes before the filtered page arrives: wait for the unfiltered rows to go, not just for a row.
    await table.getByRole('row').nth(2).waitFor({ state: 'detached' });
    await table.getByRole('row').nth(1).waitFor();
    const rows = await table.getByRole('row').count();
    expect(rows).toBe(2); // header + the one accepted issue
    await table.getByRole('link', { name: /^Event \d+$/ }).click();

    await page.getByRole('heading', { name: /^Event #\d+$/ }).waitFor();
    const integrity = page.getByRole('region', { name: 'Integrity' });
    await integrity.getByText('Valid device signature').waitFor();
    await integrity.getByText('Intact: linked to the record before').waitFor();
    await page.getByRole('region', { name: 'Payload' }).getByText('"quantity": 2').waitFor();
    await screenshot(page, 'event-detail');
    await expectAccessible(page, 'event-detail');
  });

  it('revokes the till after a confirmation that says what revoking does', async () => {
    const { page } = s;
    await page.goto('/devices');
    await page.getByRole('button', { name: 'Revoke Till 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke Till 1?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/stops its access at once.*cannot be undone/s);
    const confirm = dialog.getByRole('button', { name: 'Revoke device' });
    expect(await confirm.isDisabled()).toBe(true); // no reason yet
    await dialog.getByLabel('Reason').fill('Till stolen from the counter');
    await screenshot(page, 'devices-revoke');
    await expectAccessible(page, 'devices-revoke');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /Till 1/ });
    await row.filter({ hasText: 'Revoked by Olga: Till stolen from the counter' }).waitFor();
    const device = await s.admin('GET', `/v1/admin/devices/${till.deviceId}`);
    expect(device.json).toMatchObject({ state: 'revoked', revokedReason: 'Till stolen from the counter' });
    expect(s.problems).toEqual([]);
  });
});

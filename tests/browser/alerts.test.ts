/**
 * An alert raised and acknowledged from the screen: a till's heartbeat reports 600 events waiting (critical above
 * 500), the hub's alert engine (evaluating every second here) raises it, and the manager acknowledges it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUiSession, screenshot, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

describe('back-office UI: alerts', () => {
  let s: UiSession;

  beforeAll(async () => {
    s = await openUiSession({ env: { BACKROOM_ALERTS_INTERVAL_SECONDS: '1' } });
  });
  afterAll(() => s?.close());

  it('shows a raised alert on the dashboard and the alerts screen, and acknowledges it', async () => {
    const { page } = s;
    const till = await s.pair('Till 1');
    const stream = await s.stream(till);
    stream.send(JSON.stringify({ type: 'heartbeat', queued: 600, deviceTime: new Date().toISOString() }));

    await page.goto('/');
    const stat = page.getByRole('link', { name: /Active alerts/ });
    await stat.filter({ hasText: '1 critical' }).waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: /Devices online\s*1 of 1/ }).waitFor();
    await page.getByRole('figure', { name: 'Events recorded and queues over time' }).waitFor();
    await screenshot(page, 'dashboard-alert');
    await expectAccessible(page, 'dashboard-alert');
    await stat.click();

    const table = page.getByRole('table', { name: 'Alerts' });
    const row = table.getByRole('row', { name: /Till 1 has 600 events waiting to sync/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Critical');
    await screenshot(page, 'alerts');
    await expectAccessible(page, 'alerts');

    await row.getByRole('button', { name: /Acknowledge/ }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByText('No alerts here.').waitFor();
    await page.getByRole('button', { name: 'Acknowledged' }).click();
    await table.getByRole('row', { name: /Till 1 has 600 events.*Seen by Olga/ }).waitFor();
    await screenshot(page, 'alerts-acknowledged');
    await expectAccessible(page, 'alerts-acknowledged');

    const stored = await s.admin('GET', '/v1/admin/alerts?status=acknowledged');
    expect(stored.json.alerts).toEqual([expect.objectContaining({ severity: 'critical', acknowledgedBy: 'Olga' })]);
    expect(s.problems).toEqual([]);
  });
});

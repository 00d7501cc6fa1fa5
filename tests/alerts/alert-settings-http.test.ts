import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/main/hub/alerts/alert-store.js';
import type { HubConfig } from '../../src/main/hub/config/settings-schema.js';
import type { Hub } from '../../src/main/hub/hub.js';
import { expectErrorShape, fetchAnswer } from '../helpers/ledger-http.js';
import { insertDevice } from './helpers.js';
import { adminLogin, startTestHub, testHubConfig } from '../helpers/test-hub.js';

const DEFAULTS = {
  deviceOfflineWarnHours: 24,
  deviceOfflineCriticalHours: 72,
  deviceQueueWarn: 100,
  deviceQueueCritical: 500,
  conflictUnresolvedWarnHours: 24,
  conflictUnresolvedCriticalHours: 168,
  syncFailuresCritical: 10,
};
const ALL_CONFIG = Object.fromEntries(Object.keys(DEFAULTS).map((key) => [key, 'config']));

describe('alert threshold settings on a real hub', () => {
  let config: HubConfig;
  let hub: Hub;
  let ui: string;
  const cookies: Record<string, string> = {};

  const login = (name: string, pin: string) => adminLogin(ui, name, pin);

  const get = (path: string, cookie?: string) => fetchAnswer(`${ui}${path}`, { headers: cookie ? { cookie } : {} });
  const put = (body: unknown, cookie?: string) =>
    fetchAnswer(`${ui}/v1/admin/settings/alerts`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  const settingsOf = async (cookie = cookies.cashier) => {
    const answer = await get('/v1/admin/settings/alerts', cookie);
    expect(answer.status, answer.text).toBe(200);
    return JSON.parse(answer.text) as { thresholds: object; defaults: object; source: Record<string, string> };
  };
  const activeKeys = async () => {
    const answer = await get('/v1/admin/alerts', cookies.cashier);
    return (JSON.parse(answer.text) as { alerts: Alert[] }).alerts.map((alert) => [alert.key, alert.severity]);
  };

  async function start(): Promise<void> {
    hub = await startTestHub(config);
    ui = hub.status().uiUrl;
    cookies.manager = await login('Mia', '2468');
    cookies.cashier = await login('Cas', '1111');
  }

  beforeAll(async () => {
    config = testHubConfig();
    hub = await startTestHub(config);
    ui = hub.status().uiUrl;
    await Promise.all([
      hub.context.users.add({ name: 'Mia', role: 'manager', pin: '2468' }),
      hub.context.users.add({ name: 'Cas', role: 'cashier', pin: '1111' }),
    ]);
    cookies.manager = await login('Mia', '2468');
    cookies.cashier = await login('Cas', '1111');
    insertDevice(hub.context.ledger.db, { id: 'busy', name: 'Till 2', lastSeenAt: new Date(), queued: 10 });
    hub.context.alerts.evaluate();
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('answers anyone logged in with the config defaults, each from the config', async () => {
    expectErrorShape(await get('/v1/admin/settings/alerts'), 401, 'UNAUTHENTICATED');
    expect(await settingsOf()).toEqual({ thresholds: DEFAULTS, defaults: DEFAULTS, source: ALL_CONFIG });
    expect(await activeKeys()).toEqual([]);
  });

  it('refuses a cashier and bad input, changing nothing', async () => {
    const lower = { ...DEFAULTS, deviceQueueWarn: 5 };
    expectErrorShape(await put(lower), 401, 'UNAUTHENTICATED');
    expectErrorShape(await put(lower, cookies.cashier), 403, 'FORBIDDEN');
    for (const bad of [
      { ...DEFAULTS, deviceQueueWarn: -1 },
      { ...DEFAULTS, deviceQueueWarn: 2.5 },
      { ...DEFAULTS, deviceOfflineWarnHours: 0 },
      { ...DEFAULTS, syncFailuresCritical: 'ten' },
      { ...DEFAULTS, intervalSeconds: 5 },
      { deviceQueueWarn: 5 },
    ])
      expectErrorShape(await put(bad, cookies.manager), 400, 'INVALID_REQUEST');
    expect((await settingsOf()).thresholds).toEqual(DEFAULTS);
  });

  it('a manager saves new thresholds: audited, and an alert is raised at the new lower threshold at once', async () => {
    const answer = await put({ ...DEFAULTS, deviceQueueWarn: 5, deviceOfflineWarnHours: 1.5 }, cookies.manager);
    expect(answer.status, answer.text).toBe(200);
    const saved = JSON.parse(answer.text) as Awaited<ReturnType<typeof settingsOf>>;
    expect(saved.thresholds).toEqual({ ...DEFAULTS, deviceQueueWarn: 5, deviceOfflineWarnHours: 1.5 });
    expect(saved.defaults).toEqual(DEFAULTS);
    expect(saved.source).toEqual({ ...ALL_CONFIG, deviceQueueWarn: 'saved', deviceOfflineWarnHours: 'saved' });
    expect(await settingsOf()).toEqual(saved);

    expect(await activeKeys()).toEqual([['device-queue:busy', 'warning']]);
    const entry = hub.context.audit.list({ limit: 10 }).find((e) => e.action === 'alerts.thresholds_update');
    expect(entry).toMatchObject({
      actor: 'Mia',
      action: 'alerts.thresholds_update',
      detail: { before: DEFAULTS, after: saved.thresholds },
    });
  });

  it('keeps saved thresholds across a restart on the same data directory', async () => {
    await hub.stop();
    await start();
    const settings = await settingsOf();
    expect(settings.thresholds).toMatchObject({ deviceQueueWarn: 5, deviceOfflineWarnHours: 1.5 });
    expect(settings.source.deviceQueueWarn).toBe('saved');
    expect(hub.context.alerts.thresholds()).toEqual(settings.thresholds);
    expect(await activeKeys()).toEqual([['device-queue:busy', 'warning']]);

    // Back to the config's value: that threshold follows the config again, and the alert clears.
    const answer = await put({ ...DEFAULTS, deviceOfflineWarnHours: 1.5 }, cookies.manager);
    expect(answer.status, answer.text).toBe(200);
    expect((JSON.parse(answer.text) as { source: Record<string, string> }).source.deviceQueueWarn).toBe('config');
    expect(await activeKeys()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/main/hub/alerts/alert-store.js';
import type { Hub } from '../../src/main/hub/hub.js';
import { expectErrorShape, fetchAnswer } from '../helpers/ledger-http.js';
import { insertDevice, plus, updateDevice } from './helpers.js';
import { adminLogin, startTestHub, testHubConfig } from '../helpers/test-hub.js';

const HOUR_AGO = (hours: number) => plus(new Date(), -hours * 3_600_000);

describe('admin alerts API on a real hub', () => {
  let hub: Hub;
  let ui: string;
  const cookies: Record<string, string> = {};

  const login = (name: string, pin: string) => adminLogin(ui, name, pin);

  const get = (path: string, cookie?: string) => fetchAnswer(`${ui}${path}`, { headers: cookie ? { cookie } : {} });
  const ack = (id: string, cookie?: string) =>
    fetchAnswer(`${ui}/v1/admin/alerts/${id}/ack`, { method: 'POST', headers: cookie ? { cookie } : {} });
  const alertsOf = async (query: string, cookie = cookies.cashier) => {
    const answer = await get(`/v1/admin/alerts${query}`, cookie);
    expect(answer.status, answer.text).toBe(200);
    return (JSON.parse(answer.text) as { alerts: Alert[] }).alerts;
  };

  beforeAll(async () => {
    const config = testHubConfig();
    hub = await startTestHub(config);
    ui = hub.status().uiUrl;
    await Promise.all([
      hub.context.users.add({ name: 'Mia', role: 'manager', pin: '2468' }),
      hub.context.users.add({ name: 'Cas', role: 'cashier', pin: '1111' }),
    ]);
    cookies.manager = await login('Mia', '2468');
    cookies.cashier = await login('Cas', '1111');

    const db = hub.context.ledger.db;
    insertDevice(db, { id: 'quiet', name: 'Till 1', pairedAt: HOUR_AGO(100), lastSeenAt: HOUR_AGO(30) });
    insertDevice(db, { id: 'busy', name: 'Till 2', pairedAt: HOUR_AGO(100), lastSeenAt: new Date(), queued: 600 });
    hub.context.alerts.evaluate();
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('needs a session to read, and a manager to acknowledge', async () => {
    expectErrorShape(await get('/v1/admin/alerts'), 401, 'UNAUTHENTICATED');
    const [alert] = await alertsOf('');
    expectErrorShape(await ack(alert!.id), 401, 'UNAUTHENTICATED');
    expectErrorShape(await ack(alert!.id, cookies.cashier), 403, 'FORBIDDEN');
  });

  it('lists active alerts by default, newest first, in the documented shape', async () => {
    const alerts = await alertsOf('');
    expect(alerts.map((alert) => [alert.key, alert.severity, alert.status]).sort()).toEqual([
      ['device-offline:quiet', 'warning', 'active'],
      ['device-queue:busy', 'critical', 'active'],
    ]);
    expect(Object.keys(alerts[0]!).sort()).toEqual(
      [
        'id',
        'key',
        'severity',
        'status',
        'subject',
        'message',
        'data',
        'raisedAt',
        'updatedAt',
        'acknowledgedAt',
        'acknowledgedBy',
        'clearedAt',
      ].sort(),
    );
    expect(alerts.find((alert) => alert.key === 'device-queue:busy')!.data).toEqual({ deviceId: 'busy', queued: 600 });
  });

  it('a manager acknowledges; the alert moves from active to acknowledged', async () => {
    const queue = (await alertsOf('')).find((alert) => alert.key === 'device-queue:busy')!;
    const answer = await ack(queue.id, cookies.manager);
    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ id: queue.id, status: 'acknowledged', acknowledgedBy: 'Mia' });

    expect((await alertsOf('?status=active')).map((alert) => alert.key)).toEqual(['device-offline:quiet']);
    expect((await alertsOf('?status=acknowledged')).map((alert) => alert.id)).toEqual([queue.id]);
    expect(await alertsOf('?status=all&limit=1')).toHaveLength(1);
    const metrics = await get('/metrics');
    expect(metrics.text).toContain('backroom_alerts_active{severity="critical"} 0');
    expect(metrics.text).toContain('backroom_alerts_active{severity="warning"} 1');
  });

  it('404 ALERT_NOT_FOUND, 409 ALERT_CLEARED, 400 for an unknown status', async () => {
    expectErrorShape(await ack('no-such-alert', cookies.manager), 404, 'ALERT_NOT_FOUND');

    updateDevice(hub.context.ledger.db, 'quiet', { lastSeenAt: new Date() });
    hub.context.alerts.evaluate();
    const [cleared] = await alertsOf('?status=cleared');
    expect(cleared).toMatchObject({ key: 'device-offline:quiet', status: 'cleared' });
    expectErrorShape(await ack(cleared!.id, cookies.manager), 409, 'ALERT_CLEARED');

    expectErrorShape(await get('/v1/admin/alerts?status=open', cookies.cashier), 400, 'INVALID_REQUEST');
  });
});

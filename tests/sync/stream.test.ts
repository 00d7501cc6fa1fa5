import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { openStream, type StreamClient } from '../helpers/device-client.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';

describe('live streams (GET /v1/stream, GET /v1/admin/stream)', () => {
  let t: DeviceTestHub;
  let streamUrl: string;
  const till = new TestDevice();
  const open: StreamClient[] = [];
  const connect = async (...args: Parameters<typeof openStream>) => {
    const client = await openStream(...args);
    open.push(client);
    return client;
  };
  const addLocation = (id: string) => t.admin('POST', '/v1/admin/catalog/locations', { id, name: id, active: true });

  beforeAll(async () => {
    t = await startDeviceTestHub();
    streamUrl = `${t.lanUrl.replace('https', 'wss')}/v1/stream`;
    await t.pair(till);
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await t.hub.stop();
  });

  it('sends the current cursor on connect and every new cursor after a commit', async () => {
    const stream = await connect(streamUrl, { header: `Bearer ${till.token}` });
    const head = t.hub.context.ledger.head().cursor;
    expect(await stream.waitFor(() => true)).toEqual({ type: 'cursor', cursor: head });
    await addLocation('back');
    expect(await stream.waitFor((m) => m.cursor === head + 1)).toEqual({ type: 'cursor', cursor: head + 1 });
  });

  it('accepts the token as a bearer.<token> subprotocol and echoes that protocol', async () => {
    const stream = await connect(streamUrl, { protocols: ['backroom.v1', `bearer.${till.token}`] });
    expect(stream.protocol).toBe(`bearer.${till.token}`);
    expect(await stream.waitFor((m) => m.type === 'cursor')).toBeDefined();
  });

  it('records heartbeats: queue size, app version, last sync and the clock skew', async () => {
    const stream = await connect(streamUrl, { header: `Bearer ${till.token}` });
    const deviceTime = new Date(Date.now() - 5000).toISOString();
    // An unknown message type is ignored (later SDKs may add some), the heartbeat after it still counts.
    stream.send(JSON.stringify({ type: 'hello-from-the-future' }));
    stream.send(
      JSON.stringify({
        type: 'heartbeat',
        queued: 12,
        lastSyncAt: '2026-11-22T10:00:00.000Z',
        deviceTime,
        appVersion: '1.2.3',
      }),
    );
    await vi.waitFor(() => expect(t.hub.context.devices.get(till.deviceId)!.queued).toBe(12));
    const device = (await t.admin('GET', `/v1/admin/devices/${till.deviceId}`)).json;
    expect(device).toMatchObject({
      queued: 12,
      appVersion: '1.2.3',
      lastSyncAt: '2026-11-22T10:00:00.000Z',
      state: 'online',
    });
    expect(device.clockSkewMs).toBeGreaterThanOrEqual(5000);
    expect(device.clockSkewMs).toBeLessThan(10_000);
  });

  it('closes with 1008 on a message that is not JSON, without harming the hub', async () => {
    const stream = await connect(streamUrl, { header: `Bearer ${till.token}` });
    stream.send('{not json');
    expect((await stream.closed).code).toBe(1008);
    expect((await t.lan('GET', '/v1/state', { token: till.token })).status).toBe(200);
  });

  it('answers a plain GET with 426 UPGRADE_REQUIRED', async () => {
    expectErrorShape(await t.lan('GET', '/v1/stream', { token: till.token }), 426, 'UPGRADE_REQUIRED');
  });

  it('tells the admin stream about cursors and devices going online, offline and revoked', async () => {
    const adminUrl = `${t.uiUrl.replace('http', 'ws')}/v1/admin/stream`;
    await expect(openStream(adminUrl)).rejects.toThrow(/401/);
    const admin = await connect(adminUrl, { cookie: t.cookie });
    await admin.waitFor((m) => m.type === 'cursor');

    const handheld = new TestDevice();
    await t.pair(handheld, 'Handheld');
    const deviceStream = await connect(streamUrl, { header: `Bearer ${handheld.token}` });
    const online = { type: 'device', deviceId: handheld.deviceId, state: 'online' };
    expect(await admin.waitFor((m) => m.deviceId === handheld.deviceId)).toEqual(online);
    deviceStream.close();
    await admin.waitFor((m) => m.deviceId === handheld.deviceId && m.state === 'offline');

    const head = t.hub.context.ledger.head().cursor;
    await addLocation('cellar');
    await admin.waitFor((m) => m.type === 'cursor' && m.cursor === head + 1);
  });

  it('tells the admin stream about heartbeats that change the queue and about alert changes', async () => {
    const admin = await connect(`${t.uiUrl.replace('http', 'ws')}/v1/admin/stream`, { cookie: t.cookie });
    await admin.waitFor((m) => m.type === 'cursor');
    const stream = await connect(streamUrl, { header: `Bearer ${till.token}` });
    const beat = (queued: number) =>
      stream.send(JSON.stringify({ type: 'heartbeat', queued, deviceTime: new Date().toISOString() }));

    beat(150);
    const notice = await admin.waitFor((m) => m.type === 'device' && m.queued === 150);
    expect(notice).toMatchObject({ deviceId: till.deviceId, state: 'online', clockSkewMs: expect.any(Number) });
    // Over the default warning threshold (100 queued): the next evaluation raises an alert.
    t.hub.context.alerts.evaluate();
    expect(await admin.waitFor((m) => m.type === 'alert')).toEqual({
      type: 'alert',
      change: 'raised',
      alertId: expect.any(String),
      severity: 'warning',
      status: 'active',
    });

    // The same figures again announce nothing; the change after them does. Notices keep the heartbeats' order.
    beat(150);
    beat(0);
    await admin.waitFor((m) => m.type === 'device' && m.queued === 0);
    expect(admin.received.filter((m) => m.type === 'device' && m.queued === 150)).toHaveLength(1);
  });

  it('sends {"type":"revoked"} and closes the stream when the device is revoked', async () => {
    const stream = await connect(streamUrl, { header: `Bearer ${till.token}` });
    await stream.waitFor((m) => m.type === 'cursor');
    await t.admin('POST', `/v1/admin/devices/${till.deviceId}/revoke`, { reason: 'left the store' });
    expect(await stream.waitFor((m) => m.type === 'revoked')).toEqual({ type: 'revoked' });
    expect((await stream.closed).code).toBe(1008);
  });
});

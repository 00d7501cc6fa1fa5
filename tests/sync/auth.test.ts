import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { openStream } from '../helpers/device-client.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';

const DEVICE_ROUTES = [
  ['POST', '/v1/events'],
  ['GET', '/v1/events'],
  ['GET', '/v1/state'],
] as const;

describe('device auth', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();
  const call = (method: string, path: string, token?: string) =>
    t.lan(method, path, { token, ...(method === 'POST' ? { body: { events: [{}] } } : {}) });

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await t.pair(till);
  });
  afterAll(() => t.hub.stop());

  it('answers 401 UNAUTHENTICATED without a token and with a wrong one, on every device route', async () => {
    for (const [method, path] of DEVICE_ROUTES) {
      expectErrorShape(await call(method, path), 401, 'UNAUTHENTICATED');
      expectErrorShape(await call(method, path, 'A'.repeat(43)), 401, 'UNAUTHENTICATED');
      expectErrorShape(await call(method, path, 'short'), 401, 'UNAUTHENTICATED');
    }
    await expect(openStream(`${t.lanUrl.replace('https', 'wss')}/v1/stream`)).rejects.toThrow(/401/);
  });

  it('answers 401 DEVICE_REVOKED once the manager revokes the device, and audits the revocation', async () => {
    expect((await call('GET', '/v1/state', till.token)).status).toBe(200);
    const revoked = await t.admin('POST', `/v1/admin/devices/${till.deviceId}/revoke`, { reason: 'stolen' });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json).toMatchObject({ state: 'revoked', revokedReason: 'stolen', revokedBy: 'Olga' });

    for (const [method, path] of DEVICE_ROUTES)
      expectErrorShape(await call(method, path, till.token), 401, 'DEVICE_REVOKED');
    await expect(
      openStream(`${t.lanUrl.replace('https', 'wss')}/v1/stream`, { header: `Bearer ${till.token}` }),
    ).rejects.toThrow(/401/);

    const head = t.hub.context.ledger.log.get(t.hub.context.ledger.head().cursor)!;
    expect(head.event).toMatchObject({
      type: 'device.revoked',
      actor: 'Olga',
      payload: { deviceId: till.deviceId, reason: 'stolen' },
    });
    const [audit] = t.hub.context.audit.list({ limit: 1 });
    expect(audit).toMatchObject({
      actor: 'Olga',
      action: 'device.revoke',
      detail: { deviceId: till.deviceId, reason: 'stolen' },
    });

    expectErrorShape(
      await t.admin('POST', `/v1/admin/devices/${till.deviceId}/revoke`, { reason: 'again' }),
      409,
      'ALREADY_REVOKED',
    );
    expectErrorShape(await t.admin('POST', '/v1/admin/devices/nope/revoke', { reason: 'x' }), 404, 'DEVICE_NOT_FOUND');
  });
});

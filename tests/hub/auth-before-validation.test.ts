import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from '../helpers/ledger-http.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';

/** DESIGN §3: every device call without a valid token is a 401, whatever its body; admin calls likewise. */
describe('authentication answers before the body is validated', () => {
  let t: DeviceTestHub;
  beforeAll(async () => {
    t = await startDeviceTestHub();
  });
  afterAll(() => t.hub.stop());

  it('device calls without a token get 401 even with a broken body or query', async () => {
    expectErrorShape(await t.lan('POST', '/v1/events', { body: { events: [] } }), 401, 'UNAUTHENTICATED');
    expectErrorShape(await t.lan('GET', '/v1/events?limit=99999'), 401, 'UNAUTHENTICATED');
    expectErrorShape(await t.lan('POST', '/v1/payments/offline-authorizations', { body: {} }), 401, 'UNAUTHENTICATED');
  });

  it('admin calls without a session get 401 even with a broken body', async () => {
    const answer = await t.admin('POST', '/v1/admin/catalog/products', { id: '' }, 'backroom_session=nope');
    expectErrorShape(answer, 401, 'UNAUTHENTICATED');
    expect(answer.json.error.message).not.toMatch(/must/);
  });
});

/**
 * Numbers a double cannot hold and JSON values of the wrong type, on both listeners of a real hub: each is refused
 * with 400 in the error format and nothing is recorded, where the hub used to answer 500 or record a coerced value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape, fetchAnswer, httpsRequest } from '../helpers/ledger-http.js';

const OUT_OF_RANGE = ['1e309', 'Infinity', '-Infinity', '-1e400'];

describe('hostile numbers and types', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await t.pair(till);
  });
  afterAll(async () => {
    await t?.hub.stop();
  });

  const adminRaw = (method: string, path: string, body: string) =>
    fetchAnswer(`${t.uiUrl}${path}`, {
      method,
      headers: { cookie: t.cookie, 'content-type': 'application/json' },
      body,
    });

  it('refuses a non-finite query number on every list with 400, where it was a 500', async () => {
    for (const limit of OUT_OF_RANGE) {
      for (const path of ['/v1/events?after=0&', '/v1/print-jobs?']) {
        const answer = await t.lan('GET', `${path}limit=${limit}`, { token: till.token });
        expectErrorShape(answer, 400, 'INVALID_REQUEST');
      }
      for (const path of [
        '/v1/admin/events?',
        '/v1/admin/alerts?',
        '/v1/admin/approvals?',
        '/v1/admin/print-jobs?',
        '/v1/admin/drawer-kicks?',
      ]) {
        expectErrorShape(await t.admin('GET', `${path}limit=${limit}`), 400, 'INVALID_REQUEST');
      }
    }
    // Query strings are still coerced: that is what they are for.
    expect((await t.lan('GET', '/v1/events?after=0&limit=5', { token: till.token })).status).toBe(200);
    expect((await t.admin('GET', '/v1/admin/alerts?limit=5')).status).toBe(200);
  });

  it('refuses a non-finite number in a JSON body, as a string or as a literal', async () => {
    const policy = (await t.admin<Record<string, unknown>>('GET', '/v1/admin/settings/payment-policy')).json;
    const path = '/v1/admin/settings/payment-policy';
    const before = t.hub.context.ledger.head().cursor;
    expectErrorShape(
      await t.admin('PUT', path, { ...policy, maxOutstandingExposure: '1e309' }),
      400,
      'INVALID_REQUEST',
    );
    const literal = JSON.stringify(policy).replace(/("maxOutstandingExposure":)\d+/, '$11e309');
    expect(literal).toContain('1e309');
    const refused = expectErrorShape(await adminRaw('PUT', path, literal), 400, 'INVALID_REQUEST');
    expect(refused.message).toContain('/maxOutstandingExposure');
    // On the device listener too, wherever in the body it is.
    const push = await httpsRequest(`${t.lanUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${till.token}`, 'content-type': 'application/json' },
      body: '{"events":[{"payload":{"quantity":-1e309}}]}',
    });
    expect(expectErrorShape(push, 400, 'INVALID_REQUEST').message).toContain('/events/0/payload/quantity');
    expect(t.hub.context.ledger.head().cursor).toBe(before);
  });

  it('takes body values as sent: wrong JSON types are refused, not coerced and recorded', async () => {
    const before = t.hub.context.ledger.head().cursor;
    const refusals = [
      ['/v1/admin/catalog/locations', { id: 'shelf', name: true, active: 'false' }],
      ['/v1/admin/catalog/locations', { id: 'shelf', name: 'Shelf', active: 'false' }],
      ['/v1/admin/catalog/products', { id: 1, name: 'One', unit: 'pcs' }],
      ['/v1/admin/catalog/products', { id: 'p1', name: ['One'], unit: 'pcs' }],
    ] as const;
    for (const [path, body] of refusals) {
      expectErrorShape(await t.admin('POST', path, body), 400, 'INVALID_REQUEST');
    }
    expect(t.hub.context.ledger.head().cursor).toBe(before);
    expect(
      (await t.admin('POST', '/v1/admin/catalog/locations', { id: 'shelf', name: 'Shelf', active: true })).status,
    ).toBe(201);
  });
});

/**
 * A real hub for device-protocol tests: started in-process on loopback ports with a memory secret store, an owner
 * logged in, and helpers to call the admin API and pair test devices.
 */
import { expect } from 'vitest';
import type { Hub } from '../../src/main/hub/hub.js';
import type { DeviceKind } from '../../src/shared/protocol/device-api.js';
import { lanCall, type LanAnswer, type LanCallOptions, type LooseJson } from './device-client.js';
import type { TestDevice } from './device-signer.js';
import { fetchAnswer } from './ledger-http.js';
import { tempDir } from './ledger-testkit.js';
import { adminLogin, startTestHub, testHubConfig } from './test-hub.js';

export interface DeviceTestHub {
  hub: Hub;
  dataDir: string;
  lanUrl: string;
  uiUrl: string;
  /** The owner's session cookie (`backroom_session=…`). */
  cookie: string;
  /** A call to the admin API as the owner (or with `cookie`); the body is parsed JSON. */
  admin<T = LooseJson>(method: string, path: string, body?: unknown, cookie?: string): Promise<LanAnswer<T>>;
  lan<T = LooseJson>(method: string, path: string, options?: LanCallOptions): Promise<LanAnswer<T>>;
  /** Pairs `device` with a fresh code and fills in its id and token. */
  pair(device: TestDevice, name?: string, kind?: DeviceKind): Promise<void>;
  login(name: string, pin: string): Promise<string>;
}

/** `settings` are more config flags by setting path, e.g. `{ 'sync.maxClockSkewSeconds': 60 }`. */
export async function startDeviceTestHub(settings: Record<string, unknown> = {}): Promise<DeviceTestHub> {
  const dataDir = typeof settings.dataDir === 'string' ? settings.dataDir : tempDir('backroom-sync-');
  const config = testHubConfig({ dataDir, ...settings });
  const hub = await startTestHub(config);
  const uiUrl = hub.status().uiUrl;
  const lanUrl = hub.status().lanUrl;

  const admin = async (method: string, path: string, body?: unknown, cookie = session) => {
    const answer = await fetchAnswer(`${uiUrl}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { ...answer, json: answer.text ? JSON.parse(answer.text) : undefined };
  };
  const login = (name: string, pin: string) => adminLogin(uiUrl, name, pin);
  // A hub restarted on the same data dir keeps its owner.
  if (hub.context.users.count() === 0) await hub.context.users.add({ name: 'Olga', role: 'owner', pin: '13579' });
  const session = await login('Olga', '13579');

  return {
    hub,
    dataDir,
    lanUrl,
    uiUrl,
    cookie: session,
    admin,
    lan: (method, path, options) => lanCall(`${lanUrl}${path}`, method, options),
    login,
    async pair(device, name = 'Till 1', kind = 'pos') {
      const code = await admin('POST', '/v1/admin/pairing-codes');
      expect(code.status).toBe(201);
      const paired = await lanCall(`${lanUrl}/v1/pairing`, 'POST', {
        body: { code: code.json.code, device: { name, kind, publicKey: device.publicKey } },
      });
      expect(paired.status, paired.text).toBe(201);
      device.deviceId = paired.json.deviceId;
      device.token = paired.json.token;
    },
  };
}

/** A shelf with `stock` colas on it, made through the admin catalog API. */
export async function seedCatalog(testHub: DeviceTestHub, stock = 10): Promise<void> {
  for (const [path, body] of [
    ['/v1/admin/catalog/locations', { id: 'shelf', name: 'Shelf', active: true }],
    ['/v1/admin/catalog/products', { id: 'cola', name: 'Cola', unit: 'pcs', price: { amount: 450, currency: 'PLN' } }],
    ['/v1/admin/inventory/receipts', { productId: 'cola', locationId: 'shelf', quantity: stock }],
  ] as const) {
    const answer = await testHub.admin('POST', path, body);
    expect(answer.status, answer.text).toBe(201);
  }
}

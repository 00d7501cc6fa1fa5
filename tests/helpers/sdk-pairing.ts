import { pair } from '../../src/device/client/pairing.js';
import type { DeviceStorage, HubTransport } from '../../src/device/core/ports.js';
import { loadOrCreateDeviceSigner } from '../../src/device/signer/device-keys.js';
import type { DeviceTestHub } from './device-hub.js';

/** Pairs an SDK till (its own storage and keys) with a fresh code from the test hub, as a vendor's app would. */
export async function pairSdkTill(t: DeviceTestHub, transport: HubTransport, storage: DeviceStorage): Promise<void> {
  const code = await t.admin<{ code: string }>('POST', '/v1/admin/pairing-codes');
  await pair({
    transport,
    storage,
    signer: await loadOrCreateDeviceSigner(storage),
    code: code.json.code,
    name: 'till',
    kind: 'pos',
    hubUrl: t.lanUrl,
    fingerprint: t.hub.status().tlsFingerprint,
  });
}

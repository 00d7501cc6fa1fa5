import { pairingProofBytes } from '../../shared/protocol/pairing-proof.js';
import type { EventSigner } from '../../shared/protocol/signing.js';
import { normalizeFingerprint, sameFingerprint } from '../core/fingerprint.js';
import type { DeviceKind } from '../../shared/protocol/device-api.js';
import type { DeviceStorage, HubInfo, HubTransport } from '../core/ports.js';
import { HubApi } from './hub-api.js';

export interface PairOptions {
  /** Must already pin `fingerprint` (node/https-transport does), so the code goes to no other server. */
  transport: HubTransport;
  storage: DeviceStorage;
  /** The key the hub will verify this device's events with (signer/device-keys.ts keeps it in `storage`). */
  signer: EventSigner;
  /** The 8-digit code the manager created. */
  code: string;
  name: string;
  kind: DeviceKind;
  hubUrl: string;
  /** The hub's TLS fingerprint: from the mDNS TXT `fp`, or typed or scanned from the manager's screen. */
  fingerprint: string;
}

export interface PairedDevice {
  deviceId: string;
  hub: HubInfo;
}

export class AlreadyPairedError extends Error {
  constructor(deviceId: string) {
    super(`this storage already belongs to device ${deviceId}; pair a new device with new storage`);
    this.name = 'AlreadyPairedError';
  }
}

/**
 * Pairs with the hub (POST /v1/pairing) and stores identity, token and the pinned hub. A storage pairs once: its
 * sequence numbers belong to that device id, and the hub expects a new device to start at seq 1.
 */
export async function pair(options: PairOptions): Promise<PairedDevice> {
  const { storage } = options;
  const existing = await storage.getMeta('deviceId');
  if (existing) throw new AlreadyPairedError(existing);
  const pinned = normalizeFingerprint(options.fingerprint);

  const { code, signer } = options;
  const response = await new HubApi(options.transport).pair({
    code,
    device: { name: options.name, kind: options.kind, publicKey: signer.publicKey },
    proof: await signer.sign(pairingProofBytes(code, signer.publicKey)),
  });
  // The transport already checked the certificate; a hub that reports another one is misconfigured (or a proxy
  // terminates TLS), and the device must not pin something the hub itself disowns.
  if (!sameFingerprint(response.hub.tlsFingerprint, pinned)) {
    throw new Error(`the hub reports TLS fingerprint ${response.hub.tlsFingerprint}, but ${pinned} was pinned`);
  }

  const hub: HubInfo = { url: options.hubUrl, ...response.hub, tlsFingerprint: pinned };
  await storage.setMeta('hub', hub);
  await storage.setMeta('token', response.token);
  await storage.setMeta('lastSequence', response.lastSequence);
  // Written last: a device id in storage means pairing completed.
  await storage.setMeta('deviceId', response.deviceId);
  return { deviceId: response.deviceId, hub };
}

import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { PairingReply, PushReply } from '../../src/shared/protocol/device-api.js';
import type { EventEnvelope, UnsignedEnvelope } from '../../src/shared/protocol/envelope.js';
import { signingBytes } from '../../src/shared/protocol/signing.js';
import { BENCH_CATALOG } from './hub-admin.js';
import { LanConnection } from './lan-client.js';

/** An Ed25519 device key pair with node:crypto, independent of the SDK's WebCrypto signer. */
export class DeviceKeys {
  private constructor(
    readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  static generate(): DeviceKeys {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return new DeviceKeys(privateKey, publicKey);
  }

  /** base64url of the raw public key, as pairing sends it. */
  get publicKeyText(): string {
    return this.publicKey.export({ format: 'jwk' }).x!;
  }

  sign(unsigned: UnsignedEnvelope): EventEnvelope {
    return { ...unsigned, sig: sign(null, signingBytes(unsigned), this.privateKey).toString('base64url') };
  }
}

/** The bench's event: a return to the shelf, which the hub accepts at any stock level, so every push records. */
export function unsignedReturn(deviceId: string, seq: number): UnsignedEnvelope {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    deviceId,
    seq,
    type: 'inventory.return',
    v: 1,
    occurredAt: now,
    deviceTime: now,
    basis: 0,
    payload: { ...BENCH_CATALOG, quantity: 1 },
  };
}

/** A paired till as the raw scenarios drive it: events are signed and serialised before any clock starts. */
export class SignedDevice {
  private nextSeq = 1;

  private constructor(
    private readonly keys: DeviceKeys,
    readonly deviceId: string,
    readonly token: string,
    private readonly lanUrl: string,
  ) {}

  static async pair(lanUrl: string, code: string, name: string): Promise<SignedDevice> {
    const keys = DeviceKeys.generate();
    const connection = new LanConnection(lanUrl);
    try {
      const body = JSON.stringify({ code, device: { name, kind: 'pos', publicKey: keys.publicKeyText } });
      const paired = await connection.json<PairingReply>('POST', '/v1/pairing', body, 201);
      return new SignedDevice(keys, paired.deviceId, paired.token, lanUrl);
    } finally {
      connection.close();
    }
  }

  /** A keep-alive connection carrying this device's token. */
  connect(): LanConnection {
    return new LanConnection(this.lanUrl, this.token);
  }

  /** The next `count` events of this device, signed, in seq order. */
  signReturns(count: number): EventEnvelope[] {
    return Array.from({ length: count }, () => this.keys.sign(unsignedReturn(this.deviceId, this.nextSeq++)));
  }
}

/** Push bodies of at most `batchSize` events each, as JSON text. */
export function pushBodies(events: readonly EventEnvelope[], batchSize: number): string[] {
  const bodies: string[] = [];
  for (let start = 0; start < events.length; start += batchSize) {
    bodies.push(JSON.stringify({ events: events.slice(start, start + batchSize) }));
  }
  return bodies;
}

/** How many events a push reply recorded as accepted; anything else means the workload is not what it claims. */
export function acceptedIn(status: number, body: Buffer): number {
  if (status !== 200) throw new Error(`push answered ${status}: ${body.toString('utf8').slice(0, 300)}`);
  const reply = JSON.parse(body.toString('utf8')) as PushReply;
  const other = reply.results.find((result) => result.status !== 'accepted' || result.replayed);
  if (other) throw new Error(`push result not a fresh accept: ${JSON.stringify(other)}`);
  return reply.results.length;
}

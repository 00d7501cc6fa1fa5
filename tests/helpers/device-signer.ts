/**
 * A device's keys and envelope signing with node:crypto only, so hub tests do not depend on the device SDK.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { EventEnvelope, UnsignedEnvelope } from '../../src/shared/protocol/envelope.js';
import { signingBytes } from '../../src/shared/protocol/signing.js';

export class TestDevice {
  readonly publicKey: string;
  private readonly privateKey: KeyObject;
  deviceId = '';
  token = '';
  /** The seq the next envelope gets. */
  nextSeq = 1;

  constructor() {
    const keys = generateKeyPairSync('ed25519');
    this.privateKey = keys.privateKey;
    this.publicKey = keys.publicKey.export({ format: 'jwk' }).x!;
  }

  sign(unsigned: UnsignedEnvelope): EventEnvelope {
    return { ...unsigned, sig: this.signBytes(signingBytes(unsigned)) };
  }

  /** base64url Ed25519 signature of `bytes` (a pairing proof, say). */
  signBytes(bytes: Uint8Array): string {
    return sign(null, bytes, this.privateKey).toString('base64url');
  }

  /** A signed envelope with the next seq; `fields` override anything before signing. */
  envelope(type: string, payload: Record<string, unknown>, fields: Partial<UnsignedEnvelope> = {}): EventEnvelope {
    const now = new Date().toISOString();
    const unsigned: UnsignedEnvelope = {
      id: uuidv7(),
      deviceId: this.deviceId,
      seq: this.nextSeq,
      type,
      v: 1,
      occurredAt: now,
      deviceTime: now,
      basis: 0,
      payload,
      ...fields,
    };
    this.nextSeq = unsigned.seq + 1;
    return this.sign(unsigned);
  }
}

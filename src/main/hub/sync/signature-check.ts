import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { EventEnvelope } from '../../../shared/protocol/envelope.js';
import { signingBytes } from '../../../shared/protocol/signing.js';
import type { LedgerEvent } from '../ledger/event-log.js';
import type { RecordCheck } from '../ledger/verify-ledger.js';

/** A device's raw Ed25519 public key (base64url, as sent at pairing) as a key node:crypto verifies with. */
export function publicKeyFromBase64Url(publicKey: string): KeyObject {
  return createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', x: publicKey } });
}

/** Whether `sig` signs the canonical form of the rest of the envelope (DESIGN §3). */
export function signatureValid(envelope: EventEnvelope | LedgerEvent, key: KeyObject): boolean {
  if (typeof envelope.sig !== 'string') return false;
  try {
    return verify(null, signingBytes(envelope as EventEnvelope), key, Buffer.from(envelope.sig, 'base64url'));
  } catch {
    // A malformed signature is simply not a valid one.
    return false;
  }
}

/**
 * For `ledger verify` and the event detail: every device event must carry a valid signature by the device it
 * names, checked with the public key the device gave at pairing. Keys are parsed once per device.
 */
export function deviceSignatureCheck(db: Database): RecordCheck {
  const lookup = db.prepare<[string], { public_key: string }>('SELECT public_key FROM devices WHERE id = ?');
  const keys = new Map<string, KeyObject>();
  return (record) => {
    const deviceId = record.event.deviceId;
    if (deviceId === undefined) return undefined;
    let key = keys.get(deviceId);
    if (!key) {
      const row = lookup.get(deviceId);
      if (!row) return `device ${deviceId} is not a paired device`;
      key = publicKeyFromBase64Url(row.public_key);
      keys.set(deviceId, key);
    }
    return signatureValid(record.event, key) ? undefined : `device signature of event ${record.event.id} is invalid`;
  };
}

import type { Database } from 'better-sqlite3';
import type { EventEnvelope } from '../../../shared/protocol/envelope.js';
import { signingBytes } from '../../../shared/protocol/signing.js';
import { parseDeviceKey, signedBy, type DeviceKey } from '../devices/device-key.js';
import type { LedgerEvent } from '../ledger/event-log.js';
import type { RecordCheck } from '../ledger/verify-ledger.js';

/** Whether `sig` signs the canonical form of the rest of the envelope (DESIGN §3). */
export function signatureValid(envelope: EventEnvelope | LedgerEvent, key: DeviceKey): boolean {
  if (typeof envelope.sig !== 'string') return false;
  return signedBy(key, signingBytes(envelope as EventEnvelope), envelope.sig);
}

/**
 * For `ledger verify` and the event detail: every device event must carry a valid signature by the device it
 * names, checked with the public key the device gave at pairing. A device paired with a weak key (before pairing
 * refused them) is named as the break: whatever its events say, anyone could have signed them. Keys are parsed
 * once per device.
 */
export function deviceSignatureCheck(db: Database): RecordCheck {
  const lookup = db.prepare<[string], { public_key: string }>('SELECT public_key FROM devices WHERE id = ?');
  const keys = new Map<string, DeviceKey>();
  return (record) => {
    const deviceId = record.event.deviceId;
    if (deviceId === undefined) return undefined;
    let key = keys.get(deviceId);
    if (!key) {
      const row = lookup.get(deviceId);
      if (!row) return `device ${deviceId} is not a paired device`;
      key = parseDeviceKey(row.public_key);
      keys.set(deviceId, key);
    }
    if (!key.valid) {
      return `device ${deviceId} has a weak public key that ${key.reason}, so its events prove nothing; revoke it`;
    }
    return signatureValid(record.event, key) ? undefined : `device signature of event ${record.event.id} is invalid`;
  };
}

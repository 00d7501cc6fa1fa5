import { createHash, randomBytes } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { uuidv7 } from '../uuid-v7.js';
import type { DeviceView } from '../../../shared/protocol/admin-views.js';
import type { DeviceKind, HeartbeatMessage } from '../../../shared/protocol/device-api.js';
import { PAIRING_PROOF_VERSION, pairingProofBytes } from '../../../shared/protocol/pairing-proof.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { revocationOutcome } from '../conflicts/custody-dispute.js';
import { hubEvent } from '../inventory/hub-events.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Notifier } from '../notifications/notifier.js';
import { clockSkewMs } from './clock-skew.js';
import { parseDeviceKey, signedBy, type DeviceKey } from './device-key.js';
import { PairingCodes } from './pairing-codes.js';

export type DeviceErrorCode =
  | 'PAIRING_CODE_INVALID'
  | 'PUBLIC_KEY_INVALID'
  | 'PAIRING_PROOF_INVALID'
  | 'UNAUTHENTICATED'
  | 'DEVICE_REVOKED'
  | 'DEVICE_NOT_FOUND'
  | 'ALREADY_REVOKED';

export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}

export interface NewDevice {
  name: string;
  kind: DeviceKind;
  /** base64url of the raw Ed25519 public key. */
  publicKey: string;
}

export interface PairedDevice {
  deviceId: string;
  /** Shown to the device once; only its hash is stored. */
  token: string;
  cursor: number;
}

/** The caller of a device route, as its token proves. */
export interface AuthenticatedDevice {
  id: string;
  name: string;
  publicKey: DeviceKey;
}

interface DeviceRow {
  id: string;
  name: string;
  kind: DeviceKind;
  public_key: string;
  paired_at: string;
  last_seq: number;
  revoked_at: string | null;
  revoked_reason: string | null;
  revoked_by: string | null;
  last_seen_at: string | null;
  last_sync_at: string | null;
  queued: number | null;
  clock_skew_ms: number | null;
  app_version: string | null;
  consecutive_failures: number;
}

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Paired devices: pairing, token auth, revocation and the operational state the manager watches (last seen, queue,
 * clock skew). What a device did is in the ledger; this table holds only who it is and how it is doing.
 */
export class DeviceRegistry {
  private readonly codes: PairingCodes;
  /** Parsed keys by their base64url text: checking a key's point on every request would cost more than the lookup. */
  private readonly keys = new Map<string, DeviceKey>();
  private readonly byToken: Statement<[string], DeviceRow>;
  private readonly byId: Statement<[string], DeviceRow>;
  private readonly pushRecorded: Statement<[number, string, number, string]>;
  private readonly heartbeatRecorded: Statement<[string, number, string | null, number | null, string | null, string]>;

  constructor(
    private readonly ledger: Ledger,
    private readonly audit: AuditTrail,
    private readonly notifier: Notifier,
  ) {
    const db = ledger.db;
    this.codes = new PairingCodes(db);
    this.byToken = db.prepare('SELECT * FROM devices WHERE token_hash = ?');
    this.byId = db.prepare('SELECT * FROM devices WHERE id = ?');
    this.pushRecorded = db.prepare(
      `UPDATE devices SET last_seq = ?, last_seen_at = ?,
         consecutive_failures = CASE WHEN ? THEN consecutive_failures + 1 ELSE 0 END WHERE id = ?`,
    );
    this.heartbeatRecorded = db.prepare(
      `UPDATE devices SET last_seen_at = ?, queued = ?, last_sync_at = COALESCE(?, last_sync_at),
         clock_skew_ms = ?, app_version = COALESCE(?, app_version) WHERE id = ?`,
    );
  }

  /**
   * Redeems the pairing code and records a hub-made `device.paired` event, all in one transaction. The key and the
   * optional proof of possession (shared/protocol/pairing-proof.ts) are checked first, so a refused key or proof
   * leaves the code usable; neither check says anything about the code, so they tell a guesser nothing.
   */
  pair(code: string, device: NewDevice, proof?: string): PairedDevice {
    const key = parseDeviceKey(device.publicKey);
    if (!key.valid) throw new DeviceError('PUBLIC_KEY_INVALID', `device.publicKey ${key.reason}`);
    if (proof !== undefined && !signedBy(key, pairingProofBytes(code, device.publicKey), proof)) {
      throw new DeviceError(
        'PAIRING_PROOF_INVALID',
        `proof is not the signature by device.publicKey of "${PAIRING_PROOF_VERSION}\\n<code>\\n<publicKey>"`,
      );
    }
    const deviceId = uuidv7();
    const token = randomBytes(32).toString('base64url');
    return this.ledger.transaction(() => {
      const redeemed = this.codes.redeem(code, deviceId);
      if (!redeemed) throw new DeviceError('PAIRING_CODE_INVALID', 'the pairing code is unknown, used or expired');
      const pairedAt = new Date().toISOString();
      this.ledger.db
        .prepare(
          `INSERT INTO devices (id, name, kind, public_key, token_hash, paired_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(deviceId, device.name, device.kind, device.publicKey, hashToken(token), pairedAt);
      // The code's creator is the person who let this device in.
      const [record] = this.ledger.append([
        { status: 'accepted', event: hubEvent('device.paired', { deviceId, ...device }, redeemed.createdBy) },
      ]);
      return { deviceId, token, cursor: record!.cursor };
    });
  }

  authenticate(token: string | undefined): AuthenticatedDevice {
    const row = token && TOKEN_FORMAT.test(token) ? this.byToken.get(hashToken(token)) : undefined;
    if (!row) throw new DeviceError('UNAUTHENTICATED', 'send a valid device token as "Authorization: Bearer <token>"');
    if (row.revoked_at !== null) throw new DeviceError('DEVICE_REVOKED', 'this device was revoked; pair it again');
    return { id: row.id, name: row.name, publicKey: this.keyFor(row.public_key) };
  }

  /**
   * Records a hub-made `device.revoked` event; the token stops working at once and live streams are told. The same
   * record quarantines the device's unresolved conflicts and opens a dispute for the stock in its custody
   * (custody-dispute.ts), so both follow from the ledger alone.
   */
  revoke(deviceId: string, reason: string, actor: string): DeviceView {
    this.ledger.transaction(() => {
      const row = this.require(deviceId);
      if (row.revoked_at !== null) throw new DeviceError('ALREADY_REVOKED', `device ${deviceId} is already revoked`);
      const event = hubEvent('device.revoked', { deviceId, reason }, actor);
      const outcome = revocationOutcome(this.ledger.db, deviceId, event.id);
      const [record] = this.ledger.append([{ status: 'accepted', event, ...(outcome ? { outcome } : {}) }]);
      this.ledger.db
        .prepare('UPDATE devices SET revoked_at = ?, revoked_reason = ?, revoked_by = ? WHERE id = ?')
        .run(record!.recordedAt, reason, actor, deviceId);
      this.audit.record({
        actor,
        action: 'device.revoke',
        detail: {
          deviceId,
          reason,
          cursor: record!.cursor,
          quarantined: outcome?.quarantine?.conflictIds ?? [],
          disputeId: outcome?.dispute?.id ?? null,
        },
      });
    });
    this.notifier.publish({ type: 'device', deviceId, state: 'revoked' });
    return this.get(deviceId)!;
  }

  /**
   * Clock skew is hub receive time minus device time: positive when the device's clock is behind. Live streams are
   * told only when the queue size or the skew visibly changed, so steady heartbeats do not make screens refetch.
   */
  heartbeat(deviceId: string, beat: HeartbeatMessage, receivedAt = new Date()): void {
    const before = this.byId.get(deviceId);
    const skew = clockSkewMs(beat.deviceTime, receivedAt);
    this.heartbeatRecorded.run(
      receivedAt.toISOString(),
      beat.queued,
      beat.lastSyncAt ?? null,
      skew,
      beat.appVersion ?? null,
      deviceId,
    );
    if (!before || !heartbeatChanged(before, beat.queued, skew)) return;
    this.notifier.publish({ type: 'device', deviceId, state: 'online', queued: beat.queued, clockSkewMs: skew });
  }

  lastSequence(deviceId: string): number {
    return this.require(deviceId).last_seq;
  }

  /** Called by ingest inside the batch's transaction. */
  recordPush(deviceId: string, lastSequence: number, rejected: boolean, at = new Date()): void {
    this.pushRecorded.run(lastSequence, at.toISOString(), rejected ? 1 : 0, deviceId);
  }

  get(deviceId: string): DeviceView | undefined {
    const row = this.byId.get(deviceId);
    return row ? toView(row) : undefined;
  }

  list(): DeviceView[] {
    return this.ledger.db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY paired_at, id').all().map(toView);
  }

  private require(deviceId: string): DeviceRow {
    const row = this.byId.get(deviceId);
    if (!row) throw new DeviceError('DEVICE_NOT_FOUND', `no device ${deviceId}`);
    return row;
  }

  /** A weak key stored before pairing refused them stays weak here: nothing its device signs verifies. */
  private keyFor(publicKey: string): DeviceKey {
    let key = this.keys.get(publicKey);
    if (!key) {
      key = parseDeviceKey(publicKey);
      this.keys.set(publicKey, key);
    }
    return key;
  }
}

/** Skew jitters by network latency on every beat; the screens show it to a tenth of a second but act on seconds. */
const SKEW_NOTICE_MS = 1000;

function heartbeatChanged(before: DeviceRow, queued: number, skew: number | null): boolean {
  if (before.queued !== queued) return true;
  if (before.clock_skew_ms === null || skew === null) return before.clock_skew_ms !== skew;
  return Math.abs(before.clock_skew_ms - skew) >= SKEW_NOTICE_MS;
}

/** Plain SHA-256 suffices: the token is 256 random bits, so there is nothing to brute-force. */
function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toView(row: DeviceRow): DeviceView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    publicKey: row.public_key,
    pairedAt: row.paired_at,
    lastSequence: row.last_seq,
    lastSeenAt: row.last_seen_at,
    lastSyncAt: row.last_sync_at,
    queued: row.queued,
    clockSkewMs: row.clock_skew_ms,
    appVersion: row.app_version,
    consecutiveFailures: row.consecutive_failures,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
    revokedBy: row.revoked_by,
  };
}

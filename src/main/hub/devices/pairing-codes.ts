import { createHash, randomInt } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;

const CODE_FORMAT = /^\d{8}$/;
const CREATE_ATTEMPTS = 5;

export interface PairingCode {
  code: string;
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * The 8-digit codes a manager hands to a device being paired (DESIGN §3): single use, valid 10 minutes. They live
 * in the database, not in memory, so `backroom pairing-code` works beside a running hub.
 */
export class PairingCodes {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(createdBy: string): PairingCode {
    const now = this.now();
    const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS).toISOString();
    return this.db.transaction(() => {
      // Expired rows are useless (the device.paired ledger event keeps who paired what), and pruning them keeps
      // the chance that a fresh code collides with a stored one negligible.
      this.db.prepare('DELETE FROM pairing_codes WHERE expires_at <= ?').run(now.toISOString());
      for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
        const code = randomInt(0, 100_000_000).toString().padStart(8, '0');
        const inserted = this.db
          .prepare(
            `INSERT INTO pairing_codes (code_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?)
             ON CONFLICT(code_hash) DO NOTHING`,
          )
          .run(hashCode(code), createdBy, now.toISOString(), expiresAt);
        if (inserted.changes === 1) return { code, expiresAt };
      }
      throw new Error('could not find an unused pairing code');
    })();
  }

  /**
   * Marks a live code used by `deviceId` and says who created it; undefined for unknown, used and expired codes
   * alike, so a caller cannot tell a guesser which. Run it inside the pairing transaction.
   */
  redeem(code: string, deviceId: string): { createdBy: string } | undefined {
    if (!CODE_FORMAT.test(code)) return undefined;
    const now = this.now().toISOString();
    const row = this.db
      .prepare<[string, string, string, string], { created_by: string }>(
        `UPDATE pairing_codes SET used_at = ?, device_id = ?
          WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING created_by`,
      )
      .get(now, deviceId, hashCode(code), now);
    return row ? { createdBy: row.created_by } : undefined;
  }
}

/**
 * An 8-digit code's hash is no secret to anyone who can run 10^8 hashes; it only keeps live codes out of plain
 * sight in a database copy. What protects pairing is the short life, single use and the attempt limits.
 */
function hashCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Role, User } from './user-store.js';

export interface AdminSessionsOptions {
  ttlHours?: number;
  now?: () => Date;
}

export interface NewAdminSession {
  /** Given to the browser once; only its hash is stored. */
  token: string;
  expiresAt: Date;
}

interface SessionRow {
  expires_at: string;
  id: string;
  name: string;
  role: Role;
  created_at: string;
}

/** Back-office login sessions. A stolen database copy holds only token hashes, which cannot be replayed. */
export class AdminSessions {
  private readonly ttlMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    options: AdminSessionsOptions = {},
  ) {
    this.ttlMs = (options.ttlHours ?? 12) * 60 * 60 * 1000;
    this.now = options.now ?? (() => new Date());
  }

  create(userId: string): NewAdminSession {
    const now = this.now();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    this.db.transaction(() => {
      // Sessions nobody resolves again would otherwise pile up; ISO strings in UTC compare correctly as text.
      this.db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?').run(now.toISOString());
      this.db
        .prepare('INSERT INTO admin_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
        .run(hashToken(token), userId, now.toISOString(), expiresAt.toISOString());
    })();
    return { token, expiresAt };
  }

  resolve(token: string): User | undefined {
    if (typeof token !== 'string' || token.length === 0) return undefined;
    const tokenHash = hashToken(token);
    const row = this.db
      .prepare(
        `SELECT s.expires_at, u.id, u.name, u.role, u.created_at
           FROM admin_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = ?`,
      )
      .get(tokenHash) as SessionRow | undefined;
    if (!row) return undefined;
    if (Date.parse(row.expires_at) <= this.now().getTime()) {
      this.db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?').run(tokenHash);
      return undefined;
    }
    return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at };
  }

  destroy(token: string): void {
    if (typeof token !== 'string' || token.length === 0) return;
    this.db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?').run(hashToken(token));
  }
}

/** Plain SHA-256 suffices: the token is 256 random bits, so there is nothing to brute-force. */
function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

import type { Database } from 'better-sqlite3';

export interface AuditRecord {
  /** Who did it: a user id, or a fixed label such as `system` or `setup` where no user exists yet. */
  actor: string;
  action: string;
  detail: object;
}

export interface AuditEntry {
  id: number;
  /** ISO 8601. */
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface AuditListOptions {
  limit: number;
  /** Only entries older than this id: pass the last id of the previous page. */
  before?: number;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: string;
}

/** Who did which admin action when (DESIGN §9). Separate from the event log: it records decisions, not sales. */
export class AuditTrail {
  constructor(private readonly db: Database) {}

  record(entry: AuditRecord): AuditEntry {
    const at = new Date().toISOString();
    const detail = JSON.stringify(entry.detail);
    const { id } = this.db
      .prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?) RETURNING id')
      .get(at, entry.actor, entry.action, detail) as { id: number };
    return { id, at, actor: entry.actor, action: entry.action, detail: JSON.parse(detail) as Record<string, unknown> };
  }

  /** Newest first. */
  list(options: AuditListOptions): AuditEntry[] {
    if (!Number.isSafeInteger(options.limit) || options.limit < 1)
      throw new RangeError('limit must be a positive integer');
    const rows = this.db
      .prepare('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?')
      .all(options.before ?? Number.MAX_SAFE_INTEGER, options.limit) as AuditRow[];
    return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
  }
}

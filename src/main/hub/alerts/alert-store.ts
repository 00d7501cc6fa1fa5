import type { Database, Statement } from 'better-sqlite3';
import { uuidv7 } from '../uuid-v7.js';
import {
  ALERT_SEVERITIES,
  type AlertSeverity,
  type AlertStatus,
  type AlertView,
} from '../../../shared/protocol/admin-views.js';
import type { AlertCondition } from './alert-rule.js';

export type AlertFilter = AlertStatus | 'all';

/** An alert as the admin API shows it. */
export type Alert = AlertView;

interface AlertRow {
  id: string;
  key: string;
  severity: AlertSeverity;
  subject: string;
  message: string;
  data: string;
  raised_at: string;
  updated_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  cleared_at: string | null;
}

const WHERE_STATUS: Record<AlertFilter, string> = {
  active: 'cleared_at IS NULL AND acknowledged_at IS NULL',
  acknowledged: 'cleared_at IS NULL AND acknowledged_at IS NOT NULL',
  cleared: 'cleared_at IS NOT NULL',
  all: '1',
};

/** The alerts table. Plain reads and writes: when to raise, change or clear is the engine's business. */
export class AlertStore {
  private readonly byId: Statement<[string], AlertRow>;
  private readonly listing: Record<AlertFilter, Statement<[number], AlertRow>>;

  constructor(private readonly db: Database) {
    this.byId = db.prepare('SELECT * FROM alerts WHERE id = ?');
    this.listing = Object.fromEntries(
      Object.entries(WHERE_STATUS).map(([filter, where]) => [
        filter,
        db.prepare(`SELECT * FROM alerts WHERE ${where} ORDER BY raised_at DESC, id DESC LIMIT ?`),
      ]),
    ) as Record<AlertFilter, Statement<[number], AlertRow>>;
  }

  get(id: string): Alert | undefined {
    const row = this.byId.get(id);
    return row && toAlert(row);
  }

  /** Newest first. */
  list(filter: AlertFilter, limit: number): Alert[] {
    return this.listing[filter].all(limit).map(toAlert);
  }

  /** Every alert whose condition was still true at the last evaluation, acknowledged or not. */
  uncleared(): Alert[] {
    return this.db.prepare<[], AlertRow>('SELECT * FROM alerts WHERE cleared_at IS NULL').all().map(toAlert);
  }

  raise(condition: AlertCondition, at: Date): Alert {
    const id = uuidv7();
    const iso = at.toISOString();
    this.db
      .prepare(
        `INSERT INTO alerts (id, key, severity, subject, message, data, raised_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        condition.key,
        condition.severity,
        condition.subject,
        condition.message,
        JSON.stringify(condition.data),
        iso,
        iso,
      );
    return this.get(id)!;
  }

  update(id: string, condition: AlertCondition, at: Date): Alert {
    this.db
      .prepare('UPDATE alerts SET severity = ?, subject = ?, message = ?, data = ?, updated_at = ? WHERE id = ?')
      .run(
        condition.severity,
        condition.subject,
        condition.message,
        JSON.stringify(condition.data),
        at.toISOString(),
        id,
      );
    return this.get(id)!;
  }

  clear(id: string, at: Date): Alert {
    const iso = at.toISOString();
    this.db.prepare('UPDATE alerts SET cleared_at = ?, updated_at = ? WHERE id = ?').run(iso, iso, id);
    return this.get(id)!;
  }

  acknowledge(id: string, actor: string, at: Date): Alert {
    const iso = at.toISOString();
    this.db
      .prepare('UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, updated_at = ? WHERE id = ?')
      .run(iso, actor, iso, id);
    return this.get(id)!;
  }

  activeCountsBySeverity(): Record<AlertSeverity, number> {
    const counts = Object.fromEntries(ALERT_SEVERITIES.map((severity) => [severity, 0])) as Record<
      AlertSeverity,
      number
    >;
    const rows = this.db
      .prepare<[], { severity: AlertSeverity; count: number }>(
        `SELECT severity, COUNT(*) AS count FROM alerts WHERE ${WHERE_STATUS.active} GROUP BY severity`,
      )
      .all();
    for (const { severity, count } of rows) counts[severity] = count;
    return counts;
  }
}

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    key: row.key,
    severity: row.severity,
    status: row.cleared_at !== null ? 'cleared' : row.acknowledged_at !== null ? 'acknowledged' : 'active',
    subject: row.subject,
    message: row.message,
    data: JSON.parse(row.data) as Record<string, unknown>,
    raisedAt: row.raised_at,
    updatedAt: row.updated_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    clearedAt: row.cleared_at,
  };
}

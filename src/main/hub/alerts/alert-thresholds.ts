import type { Database } from 'better-sqlite3';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { AlertSettings, AlertThresholds } from './alert-rule.js';

export const ALERT_THRESHOLD_KEYS = [
  'deviceOfflineWarnHours',
  'deviceOfflineCriticalHours',
  'deviceQueueWarn',
  'deviceQueueCritical',
  'conflictUnresolvedWarnHours',
  'conflictUnresolvedCriticalHours',
  'syncFailuresCritical',
] as const satisfies ReadonlyArray<keyof AlertThresholds>;

export type AlertThresholdKey = (typeof ALERT_THRESHOLD_KEYS)[number];

/** `config`: the hub's config value (the default) applies; `saved`: a manager's saved value overrides it. */
export type ThresholdSource = 'config' | 'saved';

/** What `GET /v1/admin/settings/alerts` answers. */
export interface AlertThresholdSettings {
  thresholds: AlertThresholds;
  defaults: AlertThresholds;
  source: Record<AlertThresholdKey, ThresholdSource>;
}

/** The thresholds part of the config's `alerts` section: the defaults that saved values override. */
export function configThresholds(settings: AlertSettings): AlertThresholds {
  return Object.fromEntries(ALERT_THRESHOLD_KEYS.map((key) => [key, settings[key]])) as AlertThresholds;
}

function savedThresholds(db: Database): Partial<AlertThresholds> {
  const rows = db.prepare<[], { name: string; value: number }>('SELECT name, value FROM alert_thresholds').all();
  const known = new Set<string>(ALERT_THRESHOLD_KEYS);
  // A row for a threshold this version no longer has is ignored, not an error.
  return Object.fromEntries(rows.filter((row) => known.has(row.name)).map((row) => [row.name, row.value]));
}

/** The thresholds in force: the config's, with every saved one in its place. */
export function thresholdSettings(db: Database, defaults: AlertThresholds): AlertThresholdSettings {
  const saved = savedThresholds(db);
  return {
    thresholds: { ...defaults, ...saved },
    defaults,
    source: Object.fromEntries(
      ALERT_THRESHOLD_KEYS.map((key) => [key, saved[key] === undefined ? 'config' : 'saved']),
    ) as Record<AlertThresholdKey, ThresholdSource>,
  };
}

/**
 * Replaces the saved thresholds with `next`, audited with what it replaced. A value equal to the config's is not
 * stored, so that threshold follows the config again (and a later config change).
 */
export function saveThresholds(
  db: Database,
  audit: AuditTrail,
  defaults: AlertThresholds,
  next: AlertThresholds,
  actor: string,
  now = new Date(),
): AlertThresholdSettings {
  return db
    .transaction(() => {
      const before = thresholdSettings(db, defaults).thresholds;
      const remove = db.prepare('DELETE FROM alert_thresholds WHERE name = ?');
      const upsert = db.prepare(
        `INSERT INTO alert_thresholds (name, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
      );
      for (const key of ALERT_THRESHOLD_KEYS) {
        if (next[key] === defaults[key]) remove.run(key);
        else upsert.run(key, next[key], now.toISOString(), actor);
      }
      const after = thresholdSettings(db, defaults);
      audit.record({ actor, action: 'alerts.thresholds_update', detail: { before, after: after.thresholds } });
      return after;
    })
    .immediate();
}

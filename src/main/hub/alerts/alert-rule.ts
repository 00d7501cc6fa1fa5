import type { Database } from 'better-sqlite3';
import type { AlertSeverity } from '../../../shared/protocol/admin-views.js';
import type { HubConfig } from '../config/settings-schema.js';

export type AlertSettings = HubConfig['alerts'];
export type AlertThresholds = Omit<AlertSettings, 'intervalSeconds'>;

/** Something a rule finds wrong right now. The same `key` found again is the same alert, not a new one. */
export interface AlertCondition {
  /** `<rule>:<id>`, e.g. `device-offline:<deviceId>`. */
  key: string;
  severity: AlertSeverity;
  /** What the alert is about as `<kind>:<id>` (`device:…`, `conflict:…`), so the UI can link and group by it. */
  subject: string;
  message: string;
  data: Record<string, unknown>;
}

/** Reads the current state and reports every condition over its thresholds. Writes nothing. */
export type AlertRule = (db: Database, now: Date, thresholds: AlertThresholds) => AlertCondition[];

export const HOUR_MS = 3_600_000;

/** DESIGN §11 thresholds are exclusive (">24 h"): a value exactly at a limit does not fire it. */
export function severityAbove(
  value: number,
  limits: { warning?: number; critical: number },
): AlertSeverity | undefined {
  if (value > limits.critical) return 'critical';
  if (limits.warning !== undefined && value > limits.warning) return 'warning';
  return undefined;
}

export function hoursBetween(earlierIso: string, now: Date): number {
  return (now.getTime() - Date.parse(earlierIso)) / HOUR_MS;
}

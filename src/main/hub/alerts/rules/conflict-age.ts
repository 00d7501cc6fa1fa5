import type { AlertRule } from '../alert-rule.js';
import { hoursBetween, severityAbove } from '../alert-rule.js';

interface Row {
  id: string;
  kind: string;
  status: 'open' | 'escalated' | 'quarantined';
  device_id: string | null;
  device_name: string | null;
  opened_at: string;
}

/**
 * A conflict nobody has resolved: its event's effect is still held. Escalated and quarantined ones count too, from
 * when the conflict was recorded, since handing it on settles nothing.
 */
export const conflictAge: AlertRule = (db, now, thresholds) =>
  db
    .prepare<[], Row>(
      `SELECT c.id, c.kind, c.status, c.device_id, d.name AS device_name, e.recorded_at AS opened_at
       FROM conflicts c
       JOIN events e ON e.cursor = c.cursor
       LEFT JOIN devices d ON d.id = c.device_id
       WHERE c.status IN ('open', 'escalated', 'quarantined')`,
    )
    .all()
    .flatMap((conflict) => {
      const severity = severityAbove(hoursBetween(conflict.opened_at, now), {
        warning: thresholds.conflictUnresolvedWarnHours,
        critical: thresholds.conflictUnresolvedCriticalHours,
      });
      if (!severity) return [];
      const from = conflict.device_name ?? conflict.device_id ?? 'the hub';
      return {
        key: `conflict-age:${conflict.id}`,
        severity,
        subject: `conflict:${conflict.id}`,
        message: `Conflict (${conflict.kind}) from ${from} has been unresolved since ${conflict.opened_at}`,
        data: {
          conflictId: conflict.id,
          kind: conflict.kind,
          status: conflict.status,
          deviceId: conflict.device_id,
          openedAt: conflict.opened_at,
        },
      };
    });

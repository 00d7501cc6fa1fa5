import type { AlertRule } from '../alert-rule.js';
import { hoursBetween, severityAbove } from '../alert-rule.js';

interface Row {
  id: string;
  name: string;
  last_seen_at: string | null;
  paired_at: string;
}

/** A paired device the hub has not heard from. One that never made contact counts from when it was paired. */
export const deviceOffline: AlertRule = (db, now, thresholds) =>
  db
    .prepare<[], Row>('SELECT id, name, last_seen_at, paired_at FROM devices WHERE revoked_at IS NULL')
    .all()
    .flatMap((device) => {
      const lastContactAt = device.last_seen_at ?? device.paired_at;
      const severity = severityAbove(hoursBetween(lastContactAt, now), {
        warning: thresholds.deviceOfflineWarnHours,
        critical: thresholds.deviceOfflineCriticalHours,
      });
      if (!severity) return [];
      const limit = severity === 'critical' ? thresholds.deviceOfflineCriticalHours : thresholds.deviceOfflineWarnHours;
      return {
        key: `device-offline:${device.id}`,
        severity,
        subject: `device:${device.id}`,
        message: `${device.name} has been out of touch for more than ${limit} h (last contact ${lastContactAt})`,
        data: { deviceId: device.id, lastSeenAt: device.last_seen_at, lastContactAt },
      };
    });

import type { AlertRule } from '../alert-rule.js';
import { severityAbove } from '../alert-rule.js';

interface Row {
  id: string;
  name: string;
  consecutive_failures: number;
}

/** A device whose pushes keep being rejected: it is stuck and its outbox will not drain on its own. */
export const syncFailures: AlertRule = (db, _now, thresholds) =>
  db
    .prepare<[], Row>('SELECT id, name, consecutive_failures FROM devices WHERE revoked_at IS NULL')
    .all()
    .flatMap((device) => {
      const severity = severityAbove(device.consecutive_failures, { critical: thresholds.syncFailuresCritical });
      if (!severity) return [];
      return {
        key: `sync-failures:${device.id}`,
        severity,
        subject: `device:${device.id}`,
        message: `${device.name}: the last ${device.consecutive_failures} pushes in a row were rejected`,
        data: { deviceId: device.id, consecutiveFailures: device.consecutive_failures },
      };
    });

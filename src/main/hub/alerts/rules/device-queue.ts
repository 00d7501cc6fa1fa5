import type { AlertRule } from '../alert-rule.js';
import { severityAbove } from '../alert-rule.js';

interface Row {
  id: string;
  name: string;
  queued: number;
}

/** A device whose last heartbeat reported a long outbox: sales and counts the hub has not received yet. */
export const deviceQueue: AlertRule = (db, _now, thresholds) =>
  db
    .prepare<[], Row>('SELECT id, name, queued FROM devices WHERE revoked_at IS NULL AND queued IS NOT NULL')
    .all()
    .flatMap((device) => {
      const severity = severityAbove(device.queued, {
        warning: thresholds.deviceQueueWarn,
        critical: thresholds.deviceQueueCritical,
      });
      if (!severity) return [];
      return {
        key: `device-queue:${device.id}`,
        severity,
        subject: `device:${device.id}`,
        message: `${device.name} has ${device.queued} events waiting to sync`,
        data: { deviceId: device.id, queued: device.queued },
      };
    });

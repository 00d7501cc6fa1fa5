import { currentPolicy, outstandingExposure } from '../../payments/index.js';
import type { AlertRule } from '../alert-rule.js';
import { severityAbove } from '../alert-rule.js';

/**
 * Offline card money not yet forwarded upstream above the cap the manager set (DESIGN §11). The policy keeps tills
 * under it, but a manager's approval or an accepted risk can take the store over; the threshold is the policy's own,
 * so changing the policy moves the alert with it.
 */
export const offlineExposure: AlertRule = (db) => {
  const policy = currentPolicy(db);
  const exposure = outstandingExposure(db, policy.currency);
  const severity = severityAbove(exposure, { critical: policy.maxOutstandingExposure });
  if (!severity) return [];
  return [
    {
      key: `offline-exposure:${policy.currency}`,
      severity,
      subject: 'payments:offline-card',
      message:
        `Offline card payments waiting to be forwarded total ${exposure} minor units of ${policy.currency}, ` +
        `above the limit of ${policy.maxOutstandingExposure}`,
      data: { currency: policy.currency, outstandingExposure: exposure, limit: policy.maxOutstandingExposure },
    },
  ];
};

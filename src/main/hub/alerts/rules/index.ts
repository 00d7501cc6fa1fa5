import type { AlertRule } from '../alert-rule.js';
import { conflictAge } from './conflict-age.js';
import { deviceOffline } from './device-offline.js';
import { deviceQueue } from './device-queue.js';
import { droppedDrawerKicks } from './dropped-drawer-kicks.js';
import { offlineExposure } from './offline-exposure.js';
import { printerTrouble } from './printer-trouble.js';
import { syncFailures } from './sync-failures.js';
import { uncertainReceipts } from './uncertain-receipts.js';

/** Every rule the engine evaluates; a new alert kind (upstream queue, KSeF deadline…) is one more module here. */
export const alertRules: readonly AlertRule[] = [
  deviceOffline,
  deviceQueue,
  conflictAge,
  syncFailures,
  offlineExposure,
  printerTrouble,
  uncertainReceipts,
  droppedDrawerKicks,
];

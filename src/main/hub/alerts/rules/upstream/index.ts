import type { UpstreamSettings } from '../../../config/settings-schema.js';
import type { AlertRule } from '../../alert-rule.js';
import { conexxusRejected, conexxusUnacknowledged, type EndOfDaySource } from './conexxus-reports.js';
import { connectorMisconfigured, type ConnectorProblems } from './connector-misconfigured.js';
import { deadJobs } from './dead-jobs.js';
import { holdExpiry } from './hold-expiry.js';
import { internetOffline, type Reachabilities } from './internet-offline.js';
import { ksefDrainRisk, ksefRejected, type KsefSendingSource } from './ksef-sending.js';
import { paymentsAtRisk } from './payments-at-risk.js';
import { upstreamQueue } from './upstream-queue.js';

/** What the forwarding rules read besides the database: the monitor's statuses and the connectors' configuration. */
export type UpstreamAlertSource = Reachabilities & ConnectorProblems & EndOfDaySource & KsefSendingSource;

/** The forwarding alerts of DESIGN §11 and issues 7–10, with their thresholds from `upstream.alerts`. */
export function upstreamAlertRules(source: UpstreamAlertSource, limits: UpstreamSettings['alerts']): AlertRule[] {
  return [
    upstreamQueue(limits.queueWarn),
    deadJobs,
    paymentsAtRisk,
    holdExpiry(limits.holdExpiryWarnHours),
    internetOffline(source, limits.internetOfflineWarnMinutes),
    connectorMisconfigured(source),
    conexxusUnacknowledged(source),
    conexxusRejected,
    ksefDrainRisk(source),
    ksefRejected,
  ];
}

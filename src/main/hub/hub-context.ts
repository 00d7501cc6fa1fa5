import type { AlertEngine } from './alerts/alert-engine.js';
import type { AuditTrail } from './audit/audit-trail.js';
import type { HubConfig } from './config/settings-schema.js';
import type { DevicePresence } from './devices/device-presence.js';
import type { DeviceRegistry } from './devices/device-registry.js';
import type { UpstreamForwarding } from './forwarding/upstream-forwarding.js';
import type { InvoicingService } from './invoicing/invoicing-service.js';
import type { BackupScheduler } from './ledger/backup-scheduler.js';
import type { Ledger } from './ledger/ledger.js';
import type { Notifier } from './notifications/notifier.js';
import type { ActivityHistory } from './observability/activity-history.js';
import type { HubMetrics } from './observability/metrics.js';
import type { PrintService } from './printing/print-service.js';
import type { ForegroundHolds } from './scheduling/foreground-holds.js';
import type { AdminSessions } from './security/admin-sessions.js';
import type { SetupCode } from './security/setup-code.js';
import type { UserStore } from './security/user-store.js';

export type HubState = 'starting' | 'ready' | 'stopping' | 'stopped' | 'failed';

export interface HubIdentity {
  hubId: string;
  storeId: string;
  name: string;
  version: string;
}

export interface HubStatus {
  state: HubState;
  identity: HubIdentity;
  startedAt: string;
  dataDir: string;
  uiUrl: string;
  lanUrl: string;
  /** Where tills on the store network reach the LAN listener; empty when it binds loopback only (or is not up). */
  lanAddresses: string[];
  tlsFingerprint: string;
  mdns: { advertising: boolean; instanceName: string | null };
}

/** What HTTP routes may use: the hub's services, never its lifecycle. */
export interface HubContext {
  config: HubConfig;
  identity: HubIdentity;
  ledger: Ledger;
  users: UserStore;
  sessions: AdminSessions;
  setupCode: SetupCode;
  audit: AuditTrail;
  metrics: HubMetrics;
  /** The dashboard chart's figures, sampled once a minute. */
  activity: ActivityHistory;
  backups: BackupScheduler;
  devices: DeviceRegistry;
  presence: DevicePresence;
  /** Live notices (new cursor, device state) for the WebSocket streams, published after commit. */
  notifier: Notifier;
  alerts: AlertEngine;
  printing: PrintService;
  /** Lets a drawer kick go before bulk sync on the one event loop (issue 11). */
  foreground: ForegroundHolds;
  /** The outbox, the connectivity monitor and the connectors' pools (DESIGN §6). */
  upstream: UpstreamForwarding;
  /** Seller settings, the offline certificate, manager-issued invoices, the hub's word on KSeF (issue 9). */
  invoicing: InvoicingService;
  status(): HubStatus;
}

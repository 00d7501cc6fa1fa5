/** Shapes of the admin API answers the UI uses (DESIGN.md §3b). Protocol shapes come from src/shared. */
import type {
  ActivityPoint,
  AdminDevice,
  AlertSeverity,
  AlertStatus,
  AlertView,
  ApprovalView,
  DeviceState,
} from '../../shared/protocol/admin-views.js';
import type { ConflictStatus } from '../../shared/protocol/conflicts.js';
import type { ConflictView, PulledEvent } from '../../shared/protocol/device-api.js';
import type { Money } from '../../shared/protocol/money.js';
import type { OfflineCardFigures, OfflineCardPolicy } from '../../shared/protocol/payment-payloads.js';
import type { HardwareNotice } from './hardware.js';
import type { UpstreamNotice } from './upstream.js';

export type {
  ActivityPoint,
  AlertSeverity,
  AlertStatus,
  ApprovalView,
  ConflictStatus,
  ConflictView,
  DeviceState,
  Money,
  OfflineCardFigures,
  OfflineCardPolicy,
  PulledEvent,
};
export type Device = AdminDevice;
export type Alert = AlertView;

export type Role = 'owner' | 'manager' | 'cashier';

export interface User {
  id: string;
  name: string;
  role: Role;
}

/** A row of `GET /v1/admin/users`: `locked` after too many wrong PINs, until the lock expires. */
export interface UserAccount extends User {
  createdAt: string;
  locked: boolean;
}

export interface NewUser {
  name: string;
  role: Role;
  pin: string;
}

export interface UserResponse {
  user: User;
}

export interface SetupStatus {
  needed: boolean;
}

export interface Overview {
  hub: { hubId: string; storeId: string; name: string; version: string; startedAt: string; state: string };
  /** `lan.addresses`: where tills on the store network reach the hub; empty when it listens on loopback only. */
  listeners: { ui: { url: string }; lan: { url: string; addresses: string[]; tlsFingerprint: string } };
  dataDir: string;
  ledger: { cursor: number; hash: string; events: number };
  backups: { dir: string; intervalMinutes: number; keep: number; last: string | null };
  mdns: { advertising: boolean; instanceName: string | null };
}

export interface PairingCode {
  code: string;
  expiresAt: string;
}

export type RecordStatus = PulledEvent['status'];

export interface EventPage {
  events: PulledEvent[];
  next: number | null;
}

export interface EventDetail {
  record: PulledEvent;
  prevHash: string;
  hash: string;
  chain: { ok: boolean; reason?: string };
  signature: { checked: false } | { checked: true; ok: boolean; reason?: string };
}

/** What a conflict row of the list holds in `detail` (conflicts projection): both sides and the held event. */
export interface ConflictHeld {
  server: Record<string, unknown>;
  requested: Record<string, unknown>;
  options: string[];
  type: string;
  payload: Record<string, unknown>;
}

/** What `GET /v1/admin/stream` sends. */
export type AdminNotice =
  | { type: 'cursor'; cursor: number }
  | { type: 'device'; deviceId: string; state: DeviceState; queued?: number; clockSkewMs?: number | null }
  | { type: 'alert'; change: string; alertId: string; severity: AlertSeverity; status: AlertStatus }
  | { type: 'approval'; approvalId: string; paymentId: string; decision: string; decidedBy: string; deviceId: string }
  | HardwareNotice
  | UpstreamNotice;

/** DESIGN §11 alert thresholds, as `GET /v1/admin/settings/alerts` answers them. */
export interface AlertThresholdValues {
  deviceOfflineWarnHours: number;
  deviceOfflineCriticalHours: number;
  deviceQueueWarn: number;
  deviceQueueCritical: number;
  conflictUnresolvedWarnHours: number;
  conflictUnresolvedCriticalHours: number;
  syncFailuresCritical: number;
}

export interface AlertThresholdSettings {
  thresholds: AlertThresholdValues;
  defaults: AlertThresholdValues;
  source: Record<keyof AlertThresholdValues, 'config' | 'saved'>;
}

/** Shapes of the admin API answers the UI uses (DESIGN.md §3b). Protocol shapes come from src/shared. */
import type { ConflictStatus } from '../../shared/protocol/conflicts.js';
import type { ConflictView, PulledEvent } from '../../shared/protocol/device-api.js';
import type { Money } from '../../shared/protocol/money.js';
import type { OfflineCardFigures, OfflineCardPolicy } from '../../shared/protocol/payment-payloads.js';
import type { HardwareNotice } from './hardware.js';

export type { ConflictStatus, ConflictView, Money, OfflineCardFigures, OfflineCardPolicy, PulledEvent };

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

export type DeviceState = 'online' | 'offline' | 'revoked';

export interface Device {
  id: string;
  name: string;
  kind: 'pos' | 'handheld';
  publicKey: string;
  pairedAt: string;
  state: DeviceState;
  lastSequence: number;
  lastSeenAt: string | null;
  lastSyncAt: string | null;
  queued: number | null;
  clockSkewMs: number | null;
  appVersion: string | null;
  consecutiveFailures: number;
  revokedAt: string | null;
  revokedReason: string | null;
  revokedBy: string | null;
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

export interface ApprovalView {
  approvalId: string;
  paymentId: string;
  saleId: string;
  deviceId: string;
  locationId: string;
  amount: Money;
  method: string;
  reason: string;
  status: 'pending' | 'approved' | 'declined';
  figures: OfflineCardFigures;
  policy: OfflineCardPolicy;
  requestedAt: string;
  requestedCursor: number;
  decidedBy: string | null;
  decidedAt: string | null;
  decidedCursor: number | null;
}

export type AlertSeverity = 'warning' | 'critical';
export type AlertStatus = 'active' | 'acknowledged' | 'cleared';

export interface Alert {
  id: string;
  key: string;
  severity: AlertSeverity;
  status: AlertStatus;
  subject: string;
  message: string;
  data: Record<string, unknown>;
  raisedAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  clearedAt: string | null;
}

/** What `GET /v1/admin/stream` sends. */
export type AdminNotice =
  | { type: 'cursor'; cursor: number }
  | { type: 'device'; deviceId: string; state: DeviceState; queued?: number; clockSkewMs?: number | null }
  | { type: 'alert'; change: string; alertId: string; severity: AlertSeverity; status: AlertStatus }
  | { type: 'approval'; approvalId: string; paymentId: string; decision: string; decidedBy: string; deviceId: string }
  | HardwareNotice;

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

/**
 * The device's view of protocol v1 responses (DESIGN §3). The hub validates requests with the shared TypeBox schemas;
 * these are the shapes a device reads back. Fields the hub may add later are tolerated, never required.
 */
import type { EventEnvelope, PushStatus } from '../../shared/protocol/envelope.js';

export type DeviceKind = 'pos' | 'handheld';

export interface PairingResponse {
  deviceId: string;
  token: string;
  hub: { hubId: string; storeId: string; name: string; tlsFingerprint: string };
  lastSequence: number;
  cursor: number;
}

export interface PushResult {
  id: string;
  seq: number;
  status: PushStatus;
  cursor?: number;
  error?: { code: string; message: string };
  conflict?: Record<string, unknown>;
  replayed?: boolean;
}

export interface PushResponse {
  results: PushResult[];
  lastSequence: number;
  cursor: number;
}

/** A ledger record as pulled: device envelopes and hub-made events alike. */
export interface PulledRecord {
  cursor: number;
  recordedAt: string;
  status: 'accepted' | 'conflict' | 'refused';
  event: PulledEvent;
  /** Not in the v1 contract; used when a hub sends it because it is the hub's own decision. */
  outcome?: { stock?: Array<{ productId: string; locationId: string; delta: number }> };
}

export type PulledEvent = Pick<EventEnvelope, 'id' | 'type' | 'v' | 'occurredAt' | 'payload'> & {
  deviceId?: string;
  seq?: number;
};

export interface PullResponse {
  events: PulledRecord[];
  cursor: number;
  hasMore: boolean;
}

export interface StockLevel {
  productId: string;
  locationId: string;
  quantity: number;
}

export interface StateSnapshot {
  cursor: number;
  stock: StockLevel[];
  [section: string]: unknown;
}

export type HubStreamMessage =
  | { type: 'cursor'; cursor: number }
  | { type: 'revoked'; reason?: string }
  | { type: 'approval'; [field: string]: unknown };

export interface HeartbeatMessage {
  type: 'heartbeat';
  queued: number;
  lastSyncAt: string | null;
  deviceTime: string;
  appVersion: string;
}

/**
 * The ports the device SDK runs on. Everything outside src/device/node/ uses only these and web-standard APIs, so
 * the same core runs in a Node POS and in a browser till (IndexedDB storage, fetch/WebSocket transport).
 */
import type { EventEnvelope, UnsignedEnvelope } from '../../shared/protocol/envelope.js';
import type { HeartbeatMessage, HubStreamMessage, PushResult, StockLevel } from '../../shared/protocol/device-api.js';
import type { PaymentPolicyState } from '../../shared/protocol/payment-payloads.js';

/** Per-event sync status, as the UI shows it. `failed` means the hub rejected it: nothing recorded, seq unused. */
export type SyncStatus = 'pending' | 'synced' | 'conflict' | 'failed' | 'refused';
export const SYNC_STATUSES: readonly SyncStatus[] = ['pending', 'synced', 'conflict', 'failed', 'refused'];

export interface HubInfo {
  /** base URL of the hub's LAN listener, e.g. https://10.0.0.5:4849 */
  url: string;
  hubId: string;
  storeId: string;
  name: string;
  /** pinned TLS certificate fingerprint (SHA-256, colon-separated hex) */
  tlsFingerprint: string;
}

/** The device key pair, base64url: PKCS#8 private key and the raw 32-byte Ed25519 public key. */
export interface StoredKeyPair {
  privateKeyPkcs8: string;
  publicKeyRaw: string;
}

export interface DeviceMeta {
  deviceId: string;
  token: string;
  hub: HubInfo;
  keys: StoredKeyPair;
  /** the last seq the hub acknowledged (from pairing and pushes) */
  lastSequence: number;
  lastSyncAt: string;
  revoked: { at: string; reason?: string };
  /** the offline payment policy and exposure from the hub's last `GET /v1/state` that carried them */
  policy: PaymentPolicyState;
}

/** What the device decides; the storage adds `seq`. */
export type EventDraft = Omit<UnsignedEnvelope, 'seq'>;

/** An outbox row. `sig` is absent only if the process stopped between allocating the seq and signing. */
export interface OutboxEntry {
  envelope: UnsignedEnvelope & { sig?: string };
  status: SyncStatus;
  /** the hub's result for the event, once it answered */
  result?: PushResult;
}

export type SignedOutboxEntry = OutboxEntry & { envelope: EventEnvelope };

/** One change to the local copy of hub stock, applied in order (a count sets, movements add). */
export type StockChange =
  { productId: string; locationId: string; delta: number } | { productId: string; locationId: string; set: number };

export interface DeviceStorage {
  getMeta<K extends keyof DeviceMeta>(key: K): Promise<DeviceMeta[K] | undefined>;
  setMeta<K extends keyof DeviceMeta>(key: K, value: DeviceMeta[K]): Promise<void>;

  /**
   * Stores the event with the next seq in one atomic step and returns it. A seq is never reused, even after
   * restarts or once events are pruned, so the hub's gap-free sequence check always holds.
   */
  enqueue(draft: EventDraft): Promise<UnsignedEnvelope>;
  attachSignature(seq: number, sig: string): Promise<void>;
  /** `pending` entries in seq order, at most `limit`. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** The lowest-seq `failed` entry: while one exists, nothing after it can be recorded by the hub. */
  firstFailed(): Promise<OutboxEntry | undefined>;
  /** Records the hub's results; entries not named keep their status. */
  markResults(results: readonly PushResult[]): Promise<void>;
  /** Puts `failed` entries back to `pending` (after the cause was fixed); returns how many. */
  retryFailed(): Promise<number>;
  entry(eventId: string): Promise<OutboxEntry | undefined>;
  counts(): Promise<Record<SyncStatus, number>>;

  /** The hub cursor the local state reflects; undefined until a snapshot was applied. */
  hubCursor(): Promise<number | undefined>;
  /** Replaces the local hub state with a snapshot (GET /v1/state). */
  replaceHubState(snapshot: { cursor: number; stock: readonly StockLevel[] }): Promise<void>;
  /** Applies pulled changes and advances the cursor in one atomic step. */
  applyHubChanges(cursor: number, changes: readonly StockChange[]): Promise<void>;
  stockLevel(productId: string, locationId: string): Promise<number | undefined>;

  close(): Promise<void>;
}

export interface HubResponse {
  status: number;
  body: unknown;
}

export interface StreamHandlers {
  onOpen(): void;
  onMessage(message: HubStreamMessage): void;
  /** Called once when the stream ends for any reason; `error` says why if it failed. */
  onClose(error?: Error): void;
}

export interface HubStream {
  send(message: HeartbeatMessage): void;
  close(): void;
}

/**
 * How the device reaches its hub. Network failures reject with a TransportError (core/errors.ts); HTTP error
 * statuses are not failures here: they resolve with the status and the error body.
 */
export interface HubTransport {
  request(method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<HubResponse>;
  openStream(token: string, handlers: StreamHandlers): HubStream;
  /** Releases pooled connections. */
  close(): void;
}

/** Time, injectable so backoff and schedules are testable without waiting. */
export interface Clock {
  now(): number;
  /** Calls `callback` after `ms`; the returned function cancels it. */
  schedule(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(callback, ms) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

import Value from 'typebox/value';
import { v7 as uuidv7 } from 'uuid';
import type { EventEnvelope } from '../shared/protocol/envelope.js';
import { eventTypeSpec } from '../shared/protocol/event-types.js';
import { signEnvelope } from '../shared/protocol/signing.js';
import { DeviceRevokedError, NotPairedError } from './core/errors.js';
import { systemClock, type Clock, type DeviceStorage, type SyncStatus } from './core/ports.js';
import { WebCryptoSigner } from './signer/webcrypto-signer.js';
import {
  SyncEngine,
  type EventSyncState,
  type SyncEngineOptions,
  type SyncEngineStatus,
  type SyncReport,
} from './sync/sync-engine.js';

export type DeviceOptions = Omit<SyncEngineOptions, 'signer' | 'appVersion'> & { appVersion?: string };

export interface RecordOptions {
  /** when it happened, if not now (e.g. a count taken earlier) */
  occurredAt?: Date;
}

/** An event the device may not record: it would be rejected by the hub and block everything after it. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/**
 * A paired device: records what happens as signed events in its outbox and keeps them in step with the hub.
 * Recording never needs the hub; `sync()` or `start()` deliver.
 */
export class Device {
  private constructor(
    readonly deviceId: string,
    private readonly storage: DeviceStorage,
    private readonly signer: WebCryptoSigner,
    private readonly clock: Clock,
    private readonly engine: SyncEngine,
  ) {}

  /** Opens a device from paired storage (see client/pairing.ts). */
  static async open(options: DeviceOptions): Promise<Device> {
    const { storage } = options;
    const deviceId = await storage.getMeta('deviceId');
    if (!deviceId) throw new NotPairedError();
    const keys = await storage.getMeta('keys');
    if (!keys) throw new Error(`device ${deviceId} has no key in its storage; it must be paired again`);
    const signer = await WebCryptoSigner.fromStored(keys);
    const engine = new SyncEngine({ ...options, signer, appVersion: options.appVersion ?? 'unknown' });
    return new Device(deviceId, storage, signer, options.clock ?? systemClock, engine);
  }

  /**
   * Records an event: validated against the protocol's payload schema, given the next seq, signed and stored
   * durably before this resolves. `basis` is the hub cursor the local state reflects.
   */
  async record(type: string, payload: Record<string, unknown>, options: RecordOptions = {}): Promise<EventEnvelope> {
    const v = this.validate(type, payload);
    const revoked = await this.storage.getMeta('revoked');
    if (revoked) throw new DeviceRevokedError(revoked.reason);
    const now = new Date(this.clock.now());
    const unsigned = await this.storage.enqueue({
      id: uuidv7(),
      deviceId: this.deviceId,
      type,
      v,
      occurredAt: (options.occurredAt ?? now).toISOString(),
      deviceTime: now.toISOString(),
      basis: (await this.storage.hubCursor()) ?? 0,
      payload,
    });
    const envelope = await signEnvelope(unsigned, this.signer);
    await this.storage.attachSignature(envelope.seq, envelope.sig);
    this.engine.requestSync();
    return envelope;
  }

  /** One sync cycle now: push the outbox, pull the hub. */
  sync(): Promise<SyncReport> {
    return this.engine.syncNow();
  }

  /** Syncs in the background until stop(): on new records, hub notifications, reconnects and a poll interval. */
  start(): void {
    this.engine.start();
  }

  stop(): Promise<void> {
    return this.engine.stop();
  }

  /** The hub's stock as of the last applied snapshot and pulls; undefined if the hub has never reported it. */
  stock(productId: string, locationId: string): Promise<number | undefined> {
    return this.storage.stockLevel(productId, locationId);
  }

  statusOf(eventId: string): Promise<EventSyncState | undefined> {
    return this.engine.statusOf(eventId);
  }

  counts(): Promise<Record<SyncStatus, number>> {
    return this.engine.counts();
  }

  syncStatus(): SyncEngineStatus {
    return this.engine.status();
  }

  /** After the cause of a rejection was fixed (an app update, a hub fix): push the failed events again. */
  async retryFailed(): Promise<number> {
    const count = await this.storage.retryFailed();
    this.engine.resume();
    return count;
  }

  private validate(type: string, payload: Record<string, unknown>): number {
    const spec = eventTypeSpec(type);
    if (!spec) throw new InvalidEventError(`unknown event type ${type}`);
    if (!spec.deviceMay) throw new InvalidEventError(`${type} is central-only: the hub would refuse it from a device`);
    const v = Math.max(...Object.keys(spec.versions).map(Number));
    const schema = spec.versions[v]!;
    if (!Value.Check(schema, payload)) {
      const problems = [...Value.Errors(schema, payload)].map((e) => `${e.instancePath || '/'} ${e.message}`);
      throw new InvalidEventError(`invalid ${type} payload: ${problems.join('; ')}`);
    }
    return v;
  }
}

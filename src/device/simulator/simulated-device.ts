import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ConflictKind } from '../../shared/protocol/conflicts.js';
import type { DeviceKind, StateReply } from '../../shared/protocol/device-api.js';
import type { EventEnvelope } from '../../shared/protocol/envelope.js';
import { HubApi } from '../client/hub-api.js';
import { pair } from '../client/pairing.js';
import { sameFingerprint } from '../core/fingerprint.js';
import { DeviceRevokedError, HubError, NotPairedError } from '../core/errors.js';
import type { DeviceStorage } from '../core/ports.js';
import { Device } from '../device.js';
import { HttpsTransport } from '../node/https-transport.js';
import { SqliteStorage } from '../node/sqlite-storage.js';
import { loadOrCreateDeviceSigner } from '../signer/device-keys.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { SwitchableTransport } from './switchable-transport.js';

export interface HubConnection {
  /** the hub's LAN listener, e.g. https://127.0.0.1:4849 */
  hubUrl: string;
  fingerprint: string;
  pairingCode: () => string | Promise<string>;
  /** one SQLite file per device here, kept and reused by the next run; in memory when absent */
  storageDir?: string;
}

/** An event the simulator recorded, and the conflict it recorded it to cause, if it did so on purpose. */
export interface RecordedEvent {
  id: string;
  type: string;
  deliberate?: ConflictKind;
}

// A simulated outage lasts seconds to a minute: the device must be back within seconds of its end, not minutes.
const BACKOFF = { baseMs: 500, maxMs: 5_000 };
const HEARTBEAT_MS = 10_000;

/** A paired device of the simulated store, with the transport its outages are made with. */
export class SimulatedDevice {
  readonly recorded: RecordedEvent[] = [];
  /** the protocol calls the SDK does not wrap: snapshots and the whole ledger, for the simulation's own checks */
  readonly api: HubApi;

  private constructor(
    readonly name: string,
    readonly kind: DeviceKind,
    readonly device: Device,
    private readonly storage: DeviceStorage,
    private readonly transport: SwitchableTransport,
  ) {
    this.api = new HubApi(transport);
  }

  /**
   * Opens the device kept from an earlier run against the same hub, or pairs a new one. A kept device the hub
   * revoked meanwhile, or one of another hub, is replaced: its history belongs to that pairing.
   */
  static async connect(name: string, kind: DeviceKind, hub: HubConnection): Promise<SimulatedDevice> {
    if (!hub.storageDir) return SimulatedDevice.pairNew(name, kind, hub, new MemoryStorage());
    const file = path.join(hub.storageDir, `${name.replaceAll(/[^a-z0-9]+/gi, '-')}.sqlite`);
    const kept = existsSync(file) ? await SimulatedDevice.reopen(name, kind, hub, SqliteStorage.open(file)) : undefined;
    if (kept) return kept;
    // With its write-ahead log: a stale one beside a new database would corrupt it.
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    return SimulatedDevice.pairNew(name, kind, hub, SqliteStorage.open(file));
  }

  private static async reopen(
    name: string,
    kind: DeviceKind,
    hub: HubConnection,
    storage: DeviceStorage,
  ): Promise<SimulatedDevice | undefined> {
    const pinned = await storage.getMeta('hub');
    const sameHub = pinned?.url === hub.hubUrl && sameFingerprint(pinned.tlsFingerprint, hub.fingerprint);
    if (!sameHub || (await storage.getMeta('revoked'))) {
      await storage.close();
      return undefined;
    }
    const sim = await SimulatedDevice.open(name, kind, hub, storage);
    try {
      await sim.device.sync();
      return sim;
    } catch (error) {
      await sim.close();
      if (isRevocation(error)) return undefined;
      throw error;
    }
  }

  private static async pairNew(
    name: string,
    kind: DeviceKind,
    hub: HubConnection,
    storage: DeviceStorage,
  ): Promise<SimulatedDevice> {
    try {
      const signer = await loadOrCreateDeviceSigner(storage);
      const code = await hub.pairingCode();
      const transport = new HttpsTransport({ url: hub.hubUrl, fingerprint: hub.fingerprint });
      try {
        await pair({ transport, storage, signer, code, name, kind, hubUrl: hub.hubUrl, fingerprint: hub.fingerprint });
      } finally {
        transport.close();
      }
    } catch (error) {
      await storage.close();
      throw error;
    }
    return SimulatedDevice.open(name, kind, hub, storage);
  }

  private static async open(
    name: string,
    kind: DeviceKind,
    hub: HubConnection,
    storage: DeviceStorage,
  ): Promise<SimulatedDevice> {
    const transport = new SwitchableTransport(new HttpsTransport({ url: hub.hubUrl, fingerprint: hub.fingerprint }));
    try {
      const device = await Device.open({
        storage,
        transport,
        appVersion: 'simulator',
        backoff: BACKOFF,
        heartbeatIntervalMs: HEARTBEAT_MS,
      });
      return new SimulatedDevice(name, kind, device, storage, transport);
    } catch (error) {
      transport.close();
      await storage.close();
      throw error;
    }
  }

  get deviceId(): string {
    return this.device.deviceId;
  }

  get offline(): boolean {
    return this.transport.cutOff;
  }

  async record(type: string, payload: object, deliberate?: ConflictKind): Promise<EventEnvelope> {
    const envelope = await this.device.record(type, { ...payload });
    this.recorded.push({ id: envelope.id, type, ...(deliberate ? { deliberate } : {}) });
    return envelope;
  }

  /** The hub's stock as this device last saw it; 0 when it never heard of the product there. */
  async stock(productId: string, locationId: string): Promise<number> {
    return (await this.device.stock(productId, locationId)) ?? 0;
  }

  async token(): Promise<string> {
    const token = await this.storage.getMeta('token');
    if (!token) throw new NotPairedError();
    return token;
  }

  /** The hub revoked it: it can neither record nor read any more. */
  async revoked(): Promise<boolean> {
    return (await this.storage.getMeta('revoked')) !== undefined;
  }

  async hubState(): Promise<StateReply> {
    return this.api.state(await this.token());
  }

  cutOffFromHub(): void {
    this.transport.cutOffFromHub();
  }

  reconnect(): void {
    this.transport.reconnect();
  }

  async close(): Promise<void> {
    await this.device.stop();
    this.transport.close();
    await this.storage.close();
  }
}

/** The hub refused the device because the manager revoked it. */
export function isRevocation(error: unknown): boolean {
  return error instanceof DeviceRevokedError || (error instanceof HubError && error.code === 'DEVICE_REVOKED');
}

/**
 * Virtual devices against a real hub: they pair, go offline and record inventory events, then all reconnect at once
 * and sync concurrently. The summary says what the hub decided and whether anything was lost or duplicated.
 * A Node tool (SQLite files, pinned HTTPS), not part of the SDK a browser till loads.
 */
import path from 'node:path';
import { HubApi } from '../client/hub-api.js';
import { pair } from '../client/pairing.js';
import type { DeviceStorage, SyncStatus } from '../core/ports.js';
import { Device } from '../device.js';
import { HttpsTransport } from '../node/https-transport.js';
import { peerFingerprint } from '../node/pinned-tls.js';
import { SqliteStorage } from '../node/sqlite-storage.js';
import { loadOrCreateDeviceSigner } from '../signer/device-keys.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { EventGenerator, MAX_MOVE_QUANTITY, type SimulationCatalog } from './event-generator.js';

export interface SimulationOptions {
  /** the hub's LAN listener, e.g. https://127.0.0.1:4849 */
  hubUrl: string;
  /** pinned TLS fingerprint; when absent it is read from the hub's certificate (trust on first use) */
  fingerprint?: string;
  /** one code per device, or a function that makes one */
  pairingCodes: readonly string[] | (() => string | Promise<string>);
  devices: number;
  eventsPerDevice: number;
  /** how long the devices stay offline; their events are spread over it */
  offlineForMs: number;
  /** share of events that are issues exceeding stock, [0, 1] */
  conflictRate: number;
  /** products and locations to move; by default the hub's active ones from GET /v1/state */
  catalog?: SimulationCatalog;
  /** a SQLite file per device here; in memory when absent */
  dataDir?: string;
  random?: () => number;
}

export interface SimulationSummary {
  devices: number;
  events: number;
  accepted: number;
  conflicts: number;
  refused: number;
  /** rejected by the hub (not recorded); a correct SDK and hub make this 0 */
  rejected: number;
  /** not delivered by the end (a sync failed) */
  pending: number;
  /** oversells the simulator recorded on purpose: with ample stock, `conflicts` equals this */
  expectedConflicts: number;
  /** event ids that appear more than once in the hub's ledger (pulled in full): must be 0 */
  duplicates: number;
  /** events the hub answered for that are not in its ledger: must be 0 */
  missing: number;
  /** why a device's sync failed, if one did */
  errors: string[];
  /** from reconnecting to every device synced */
  syncMs: number;
  elapsedMs: number;
}

interface SimulatedDevice {
  device: Device;
  storage: DeviceStorage;
  transport: HttpsTransport;
  recordedIds: string[];
  oversells: number;
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const started = performance.now();
  const random = options.random ?? Math.random;
  const fingerprint = options.fingerprint ?? (await peerFingerprint(options.hubUrl));
  const nextCode = codeSource(options.pairingCodes, options.devices);
  const devices: SimulatedDevice[] = [];
  try {
    for (let index = 0; index < options.devices; index++) {
      devices.push(await pairDevice(options, fingerprint, index, await nextCode()));
    }
    // Each device starts from the hub's snapshot, as a till does when it opens in the morning.
    await Promise.all(devices.map(({ device }) => device.sync()));
    const catalog = options.catalog ?? (await hubCatalog(devices[0]!));
    const oversellMargin = 2 * options.devices * options.eventsPerDevice * MAX_MOVE_QUANTITY;

    // Offline: nothing syncs while the devices record.
    const pace = options.eventsPerDevice > 0 ? options.offlineForMs / options.eventsPerDevice : 0;
    const offlineUntil = performance.now() + options.offlineForMs;
    await Promise.all(
      devices.map((simulated) => recordOffline(simulated, catalog, options, oversellMargin, pace, random)),
    );
    await sleep(offlineUntil - performance.now());

    const reconnected = performance.now();
    const outcomes = await Promise.allSettled(devices.map(({ device }) => device.sync()));
    const syncMs = performance.now() - reconnected;
    const errors = outcomes.flatMap((outcome, index) =>
      outcome.status === 'rejected' ? [`device ${index + 1}: ${(outcome.reason as Error).message}`] : [],
    );

    const counts = await Promise.all(devices.map(({ device }) => device.counts()));
    const total = (status: SyncStatus) => counts.reduce((sum, c) => sum + c[status], 0);
    const ledger = await ledgerIdCounts(devices[0]!);
    const answered = await answeredIds(devices);
    return {
      devices: options.devices,
      events: devices.reduce((sum, d) => sum + d.recordedIds.length, 0),
      accepted: total('synced'),
      conflicts: total('conflict'),
      refused: total('refused'),
      rejected: total('failed'),
      pending: total('pending'),
      expectedConflicts: devices.reduce((sum, d) => sum + d.oversells, 0),
      duplicates: [...ledger.values()].filter((n) => n > 1).length,
      missing: answered.filter((id) => !ledger.has(id)).length,
      errors,
      syncMs: Math.round(syncMs),
      elapsedMs: Math.round(performance.now() - started),
    };
  } finally {
    for (const { device, transport, storage } of devices) {
      await device.stop();
      transport.close();
      await storage.close();
    }
  }
}

async function pairDevice(
  options: SimulationOptions,
  fingerprint: string,
  index: number,
  code: string,
): Promise<SimulatedDevice> {
  const name = `simulated till ${index + 1}`;
  const storage: DeviceStorage = options.dataDir
    ? SqliteStorage.open(path.join(options.dataDir, `device-${index + 1}.sqlite`))
    : new MemoryStorage();
  const transport = new HttpsTransport({ url: options.hubUrl, fingerprint });
  try {
    const signer = await loadOrCreateDeviceSigner(storage);
    await pair({ transport, storage, signer, code, name, kind: 'pos', hubUrl: options.hubUrl, fingerprint });
    const device = await Device.open({ storage, transport, appVersion: 'simulator' });
    return { device, storage, transport, recordedIds: [], oversells: 0 };
  } catch (error) {
    transport.close();
    await storage.close();
    throw error;
  }
}

async function recordOffline(
  simulated: SimulatedDevice,
  catalog: SimulationCatalog,
  options: SimulationOptions,
  oversellMargin: number,
  paceMs: number,
  random: () => number,
): Promise<void> {
  const { device } = simulated;
  const generator = new EventGenerator(catalog, await believedStock(device, catalog), {
    conflictRate: options.conflictRate,
    oversellMargin,
    random,
  });
  for (let n = 0; n < options.eventsPerDevice; n++) {
    const next = generator.next();
    const envelope = await device.record(next.type, next.payload);
    simulated.recordedIds.push(envelope.id);
    if (next.oversell) simulated.oversells++;
    await sleep(paceMs);
  }
}

/** The device's stock view when it goes offline, read once so generating events needs no awaits. */
async function believedStock(
  device: Device,
  catalog: SimulationCatalog,
): Promise<(productId: string, locationId: string) => number> {
  const levels = new Map<string, number>();
  for (const productId of catalog.productIds)
    for (const locationId of catalog.locationIds)
      levels.set(JSON.stringify([productId, locationId]), (await device.stock(productId, locationId)) ?? 0);
  return (productId, locationId) => levels.get(JSON.stringify([productId, locationId])) ?? 0;
}

async function hubCatalog({ storage, transport }: SimulatedDevice): Promise<SimulationCatalog> {
  const state = await new HubApi(transport).state((await storage.getMeta('token'))!);
  const locationIds = state.catalog.locations.filter((l) => l.active).map((l) => l.id);
  const productIds = state.catalog.products.map((p) => p.id);
  if (productIds.length === 0 || locationIds.length === 0) {
    throw new Error('the hub has no products or no active locations to simulate with');
  }
  return { productIds, locationIds };
}

/** How often each event id occurs in the whole ledger, pulled page by page like a device catching up. */
async function ledgerIdCounts({ storage, transport }: SimulatedDevice): Promise<Map<string, number>> {
  const api = new HubApi(transport);
  const token = (await storage.getMeta('token'))!;
  const counts = new Map<string, number>();
  for (let after = 0; ;) {
    const page = await api.pull(token, after, 1000);
    for (const record of page.events) {
      const id = String(record.event.id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const last = page.events.at(-1);
    if (!last || !page.hasMore) return counts;
    after = last.cursor;
  }
}

/** Ids of events the hub gave a ledger result for (accepted, conflict, refused). */
async function answeredIds(devices: readonly SimulatedDevice[]): Promise<string[]> {
  const ids: string[] = [];
  for (const { device, recordedIds } of devices) {
    for (const id of recordedIds) {
      const state = await device.statusOf(id);
      if (state && state.status !== 'pending' && state.status !== 'failed') ids.push(id);
    }
  }
  return ids;
}

function codeSource(codes: SimulationOptions['pairingCodes'], devices: number): () => Promise<string> {
  if (typeof codes === 'function') return async () => codes();
  if (codes.length < devices) throw new Error(`${devices} devices need ${devices} pairing codes, got ${codes.length}`);
  let next = 0;
  return async () => codes[next++]!;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

import { pair } from '../src/device/client/pairing.js';
import { Device } from '../src/device/device.js';
import { HttpsTransport } from '../src/device/node/https-transport.js';
import { peerFingerprint } from '../src/device/node/pinned-tls.js';
import { loadOrCreateDeviceSigner } from '../src/device/signer/device-keys.js';
import { MemoryStorage } from '../src/device/storage/memory-storage.js';
import type { PushResult } from '../src/shared/protocol/device-api.js';
import { startCpuMeter, type CpuShare } from './lib/cpu-meter.js';
import { BENCH_CATALOG, type HubAdmin } from './lib/hub-admin.js';
import type { HubProcess } from './lib/hub-process.js';
import { withTimeout } from './lib/timing.js';

export interface RecoverySizes {
  devices: number;
  eventsPerDevice: number;
  maxMs: number;
}

export interface RecoveryResult {
  devices: number;
  storage: 'MemoryStorage';
  queued: number;
  /** How long the devices took to record their outbox offline (sign + store; not part of the target). */
  recordMs: number;
  /** Events the hub recorded (acknowledged after its commit) before the time cap. */
  durable: number;
  /** The time cap on the reconnect (durability and sync cycles alike). */
  capMs: number;
  /** From the simultaneous reconnect until the last queued event was durable; null if the cap came first. */
  durableMs: number | null;
  /**
   * Until every device's sync cycle ended (push, then catching up with everyone's new events: far behind, as here,
   * from the hub's snapshot); null if capped.
   */
  syncedMs: number | null;
  /** Why devices' sync cycles failed, if any did (a correct SDK and hub make this empty). */
  failures: string[];
  /** Until everything was durable (or the cap): who had the CPU while the figure was made. */
  cpu: CpuShare;
  /** Until every sync cycle ended (or the cap). */
  cpuUntilSynced?: CpuShare;
}

/** MemoryStorage that says when the hub's answers make its events durable, as it happens, not after the pull. */
class ObservedStorage extends MemoryStorage {
  constructor(private readonly onRecorded: (results: readonly PushResult[]) => void) {
    super();
  }

  override async markResults(results: readonly PushResult[]): Promise<void> {
    await super.markResults(results);
    this.onRecorded(results);
  }
}

interface BenchTill {
  device: Device;
  transport: HttpsTransport;
}

/**
 * The SDK end to end: devices paired through the SDK (pinned TLS), each takes the hub's snapshot, records its outbox
 * while offline (WebCrypto-signed, in MemoryStorage), then all call `sync()` at the same moment, as tills do when
 * the LAN comes back. The clock stops when the hub has acknowledged every queued event.
 */
export async function runMassRecovery(hub: HubProcess, admin: HubAdmin, sizes: RecoverySizes): Promise<RecoveryResult> {
  const queued = sizes.devices * sizes.eventsPerDevice;
  let durable = 0;
  let allDurable: () => void = () => undefined;
  const durableReached = new Promise<void>((resolve) => (allDurable = resolve));
  const onRecorded = (results: readonly PushResult[]) => {
    // A rejected event is not recorded, and it fails its device's sync, which the failures below report.
    durable += results.filter((result) => result.status !== 'rejected' && !result.replayed).length;
    if (durable >= queued) allDurable();
  };

  const fingerprint = await peerFingerprint(hub.lanUrl);
  const tills: BenchTill[] = [];
  try {
    for (let index = 0; index < sizes.devices; index += 1) {
      tills.push(await pairTill(hub.lanUrl, fingerprint, await admin.pairingCode(), index, onRecorded));
    }
    await Promise.all(tills.map(({ device }) => device.sync()));

    const recordStarted = performance.now();
    await Promise.all(
      tills.map(async ({ device }) => {
        for (let n = 0; n < sizes.eventsPerDevice; n += 1) {
          await device.record('inventory.return', { ...BENCH_CATALOG, quantity: 1 });
        }
      }),
    );
    const recordMs = performance.now() - recordStarted;

    const cpu = startCpuMeter(hub.pid);
    const reconnected = performance.now();
    const elapsed = () => performance.now() - reconnected;
    const syncs = Promise.allSettled(tills.map(({ device }) => device.sync()));
    // Syncs that all end before everything is durable can only have failed; then there is no time to report.
    const durableMs = await withTimeout(Promise.race([durableReached, syncs]), sizes.maxMs, 'capped').then(
      () => (durable >= queued ? elapsed() : null),
      () => null,
    );
    const cpuUntilDurable = cpu();
    const settled = await withTimeout(syncs, sizes.maxMs - elapsed(), 'capped').catch(() => undefined);
    const syncedMs = settled ? elapsed() : null;
    const failures = (settled ?? []).flatMap((outcome) =>
      outcome.status === 'rejected' ? [(outcome.reason as Error).message] : [],
    );
    return {
      devices: sizes.devices,
      storage: 'MemoryStorage',
      queued,
      recordMs,
      capMs: sizes.maxMs,
      durable,
      durableMs,
      syncedMs,
      failures,
      cpu: cpuUntilDurable,
      cpuUntilSynced: cpu(),
    };
  } finally {
    // Transports first: closing them ends requests still in flight after a cap, so stop() need not wait for them.
    for (const { transport } of tills) transport.close();
    for (const { device } of tills) await device.stop();
  }
}

async function pairTill(
  hubUrl: string,
  fingerprint: string,
  code: string,
  index: number,
  onRecorded: (results: readonly PushResult[]) => void,
): Promise<BenchTill> {
  const storage = new ObservedStorage(onRecorded);
  const transport = new HttpsTransport({ url: hubUrl, fingerprint });
  const signer = await loadOrCreateDeviceSigner(storage);
  await pair({
    transport,
    storage,
    signer,
    code,
    name: `recovering till ${index + 1}`,
    kind: 'pos',
    hubUrl,
    fingerprint,
  });
  return { device: await Device.open({ storage, transport, appVersion: 'bench' }), transport };
}

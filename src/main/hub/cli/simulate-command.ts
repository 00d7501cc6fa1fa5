import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { ampleStock, type SimulationCatalog } from '../../../device/simulator/event-generator.js';
import { runSimulation, type SimulationOptions, type SimulationSummary } from '../../../device/simulator/simulate.js';
import { loadConfig } from '../config/load-config.js';
import { PairingCodes } from '../devices/pairing-codes.js';
import { createLogger } from '../observability/logger.js';
import { startHub, type Hub } from '../hub.js';
import { CatalogService } from '../inventory/catalog-service.js';
import { MemorySecretStore } from '../security/memory-secret-store.js';
import { UsageError } from './cli-config.js';

interface SimulateFlags {
  devices: string;
  events: string;
  offlineFor: string;
  conflictRate: string;
  hubUrl?: string;
  fingerprint?: string;
  pairingCodes?: string;
  dataDir?: string;
}

const CATALOG: SimulationCatalog = {
  productIds: ['sim-cola', 'sim-chips', 'sim-water'],
  locationIds: ['sim-shelf', 'sim-back'],
};
const ACTOR = 'simulator';

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('virtual devices pair, record inventory events offline, reconnect and sync concurrently')
    .option('--devices <n>', 'number of virtual devices', '5')
    .option('--events <m>', 'events each device records while offline', '100')
    .option('--offline-for <seconds>', 'how long the devices stay offline', '0')
    .option('--conflict-rate <r>', 'share of events that oversell stock, 0..1', '0.05')
    .option('--hub-url <url>', "an existing hub's device listener (default: start a hub in this process)")
    .option('--fingerprint <fp>', 'with --hub-url: its TLS fingerprint (default: trust the certificate it presents)')
    .option('--pairing-codes <codes>', 'with --hub-url: comma-separated codes, one per device (backroom pairing-code)')
    .option('--data-dir <dir>', 'keep the hub and device databases here (default: a temporary directory, removed)')
    .action(async (flags: SimulateFlags) => {
      const summary = flags.hubUrl ? await againstExternalHub(flags, flags.hubUrl) : await againstOwnHub(flags);
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      if (summary.rejected > 0 || summary.duplicates > 0 || summary.missing > 0 || summary.errors.length > 0) {
        process.exitCode = 1;
      }
    });
}

async function againstExternalHub(flags: SimulateFlags, hubUrl: string): Promise<SimulationSummary> {
  if (!flags.pairingCodes) throw new UsageError('--hub-url needs --pairing-codes (one code per device)');
  return runSimulation({
    ...common(flags),
    hubUrl,
    pairingCodes: flags.pairingCodes.split(',').map((code) => code.trim()),
    ...(flags.fingerprint ? { fingerprint: flags.fingerprint } : {}),
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
  });
}

/** A throwaway hub on loopback: its own data directory, ports chosen by the OS, no mDNS, no environment settings. */
async function againstOwnHub(flags: SimulateFlags): Promise<SimulationSummary> {
  const root = flags.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'backroom-simulate-'));
  const hubDir = path.join(root, 'hub');
  const devicesDir = path.join(root, 'devices');
  mkdirSync(devicesDir, { recursive: true });
  const config = loadConfig({
    env: {},
    flags: {
      dataDir: hubDir,
      'ui.host': '127.0.0.1',
      'ui.port': 0,
      'lan.host': '127.0.0.1',
      'lan.port': 0,
      'mdns.enabled': false,
      'backup.intervalMinutes': 0,
    },
  });
  // stdout carries the summary; the hub's problems go to stderr, without the first-start setup-code notice.
  const logger = createLogger('error', pino.destination(2));
  const hub = await startHub({ config, secrets: new MemorySecretStore(), logger });
  try {
    const options = common(flags);
    seedCatalog(hub, ampleStock(options.devices, options.eventsPerDevice));
    const codes = new PairingCodes(hub.context.ledger.db);
    const status = hub.status();
    return await runSimulation({
      ...options,
      hubUrl: status.lanUrl,
      fingerprint: status.tlsFingerprint,
      pairingCodes: () => codes.create(ACTOR).code,
      catalog: CATALOG,
      dataDir: devicesDir,
    });
  } finally {
    await hub.stop();
    if (!flags.dataDir) rmSync(root, { recursive: true, force: true });
  }
}

function seedCatalog(hub: Hub, stock: number): void {
  const catalog = new CatalogService(hub.context.ledger);
  for (const id of CATALOG.locationIds) catalog.upsertLocation({ id, name: id, active: true }, ACTOR);
  for (const id of CATALOG.productIds) {
    catalog.upsertProduct({ id, name: id, unit: 'pcs' }, ACTOR);
    for (const locationId of CATALOG.locationIds)
      catalog.receive({ productId: id, locationId, quantity: stock }, ACTOR);
  }
}

type CommonOptions = Pick<SimulationOptions, 'devices' | 'eventsPerDevice' | 'offlineForMs' | 'conflictRate'>;

function common(flags: SimulateFlags): CommonOptions {
  const devices = integer('--devices', flags.devices, 1, 1000);
  const eventsPerDevice = integer('--events', flags.events, 0, 1_000_000);
  const offlineFor = Number(flags.offlineFor);
  const conflictRate = Number(flags.conflictRate);
  if (!Number.isFinite(offlineFor) || offlineFor < 0) throw new UsageError('--offline-for must be seconds >= 0');
  if (!(conflictRate >= 0 && conflictRate <= 1)) throw new UsageError('--conflict-rate must be between 0 and 1');
  return { devices, eventsPerDevice, offlineForMs: offlineFor * 1000, conflictRate };
}

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

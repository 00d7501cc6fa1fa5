import { randomInt, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import pino from 'pino';
import { peerFingerprint } from '../../../device/node/pinned-tls.js';
import type { HubFigures } from '../../../device/simulator/day-check.js';
import type { DailySales } from '../../../device/simulator/ledger-replay.js';
import { pause } from '../../../device/simulator/pause.js';
import { simulateStoreDay, type SimulationOptions } from '../../../device/simulator/simulate.js';
import { storeDayPolicy } from '../../../device/simulator/store-catalog.js';
import { socatAvailable, StorePrinter } from '../../../device/simulator/store-printer.js';
import type { BackOfficeTransport } from '../../../device/simulator/store-back-office.js';
import { StoreUpstreams } from '../../../device/simulator/store-upstreams.js';
import { summaryText } from '../../../device/simulator/summary-text.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { loadConfig } from '../config/load-config.js';
import type { HubConfig } from '../config/settings-schema.js';
import { PairingCodes } from '../devices/pairing-codes.js';
import { startHub } from '../hub.js';
import { lockHolder } from '../ledger/data-dir-lock.js';
import { openExistingLedger } from '../ledger/open-database.js';
import { createLogger } from '../observability/logger.js';
import { paymentPolicyState } from '../payments/index.js';
import { hashPin } from '../security/pin-hash.js';
import { MemorySecretStore } from '../security/memory-secret-store.js';
import { UserError, UserStore } from '../security/user-store.js';
import { configFrom, UsageError } from './cli-config.js';

export interface SimulateFlags {
  dataDir?: string;
  config?: string;
  devices: string;
  events?: string;
  offlineFor?: string;
  conflictRate: string;
  autoApprove?: boolean;
  approvalWait: string;
  seed?: string;
  json?: boolean;
  hubUrl?: string;
  fingerprint?: string;
  pairingCodes?: string;
  uiUrl?: string;
  manager?: string;
  pin?: string;
  virtualPrinter?: boolean;
  upstreams?: boolean;
  conexxus?: string;
}

/** How the simulation reaches a hub, and what it must undo afterwards. */
type HubAccess = Pick<SimulationOptions, 'hub' | 'hubLabel' | 'admin' | 'timeZone' | 'moreFigures' | 'policy'> & {
  close(): Promise<void>;
};

/** The manager account the simulator acts as; its PIN is new each run and known to nobody else. */
const SIMULATOR_USER = 'Simulator';
const ACTOR = 'simulator';
const DEFAULT_OFFLINE_S = { bounded: 2, continuous: 45 };

/** `backroom simulate` with its parsed flags (simulate-command.ts declares them). */
export async function simulate(flags: SimulateFlags): Promise<void> {
  const options = simulationFlags(flags);
  if (flags.virtualPrinter) checkVirtualPrinter(flags);
  if (flags.upstreams) checkUpstreams(flags);
  const upstreams = flags.upstreams
    ? await StoreUpstreams.start(options.seed, backOfficeTransport(flags.conexxus))
    : undefined;
  const access = await reachHub(flags, upstreams).catch(async (error: unknown) => {
    await upstreams?.close();
    throw error;
  });
  const stop = new AbortController();
  const ended = endOnInterrupt(stop, options.actionsPerDevice === undefined);
  let printer: StorePrinter | undefined;
  try {
    if (flags.virtualPrinter) printer = await StorePrinter.attach(access.admin);
    await upstreams?.connect(access.admin);
    const out = options.actionsPerDevice === undefined ? process.stdout : process.stderr;
    out.write(`Simulating against ${access.hubLabel} (seed ${options.seed})\n`);
    if (printer) out.write(`Receipts and the cash drawer go to the ${printer.label}\n`);
    if (upstreams) {
      out.write(`Card payments go to ${upstreams.label}\n`);
      out.write(`Sales data (NAXML) go to ${upstreams.backOffice.label}\n`);
    }
    const summary = await simulateStoreDay({
      ...options,
      ...access,
      ...(printer ? { printer } : {}),
      ...(upstreams ? { upstreams } : {}),
      signal: stop.signal,
      verbose: options.actionsPerDevice === undefined,
      report: (line) => out.write(`${line}\n`),
    });
    process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : summaryText(summary));
    if (!summary.ok) process.exitCode = 1;
  } finally {
    ended();
    try {
      await printer?.close();
    } finally {
      // The hub first: its workers must not find the fake gone while they still forward.
      await access.close().finally(() => upstreams?.close());
    }
  }
}

/** The virtual printer is a pty on this machine: socat must be there, and so must the hub that opens the pty. */
function checkVirtualPrinter(flags: SimulateFlags): void {
  if (!socatAvailable()) {
    throw new UsageError(
      '--virtual-printer needs socat, which is not on the PATH (Debian/Ubuntu: apt-get install socat)',
    );
  }
  if (!flags.hubUrl) return;
  const host = new URL(flags.hubUrl).hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  if (host !== 'localhost' && !addresses.includes(host)) {
    throw new UsageError(`--virtual-printer needs the hub on this machine (it opens a local pty), not on ${host}`);
  }
}

/** The fake only stands in for Stripe if the hub is started pointing at it: a hub of the simulator's own. */
function backOfficeTransport(value: string | undefined): BackOfficeTransport {
  if (value === undefined || value === 'https' || value === 'folder') return value ?? 'https';
  throw new UsageError(`--conexxus must be https or folder, not ${value}`);
}

function checkUpstreams(flags: SimulateFlags): void {
  if (flags.hubUrl || lockHolder(configFrom(flags).dataDir) !== undefined) {
    throw new UsageError(
      "--upstreams needs a hub of the simulator's own, started with the Stripe fake as its processor: " +
        'leave out --hub-url and do not run it against a hub already running in --data-dir',
    );
  }
}

type SimulationFlags = Omit<SimulationOptions, 'hub' | 'hubLabel' | 'admin' | 'timeZone' | 'report' | 'verbose'>;

function simulationFlags(flags: SimulateFlags): SimulationFlags {
  const devices = integer('--devices', flags.devices, 1, 100);
  const handhelds = devices >= 2 ? Math.max(1, Math.floor(devices / 4)) : 0;
  const actionsPerDevice = flags.events === undefined ? undefined : integer('--events', flags.events, 0, 1_000_000);
  const offlineFor = Number(
    flags.offlineFor ?? DEFAULT_OFFLINE_S[actionsPerDevice === undefined ? 'continuous' : 'bounded'],
  );
  const conflictRate = Number(flags.conflictRate);
  const approvalWait = Number(flags.approvalWait);
  if (!Number.isFinite(offlineFor) || offlineFor < 0) throw new UsageError('--offline-for must be seconds >= 0');
  if (!(conflictRate >= 0 && conflictRate <= 1)) throw new UsageError('--conflict-rate must be between 0 and 1');
  if (!(approvalWait >= 0)) throw new UsageError('--approval-wait must be seconds >= 0');
  return {
    tills: devices - handhelds,
    handhelds,
    ...(actionsPerDevice === undefined ? {} : { actionsPerDevice }),
    conflictRate,
    offlineForMs: offlineFor * 1000,
    approvalWaitMs: approvalWait * 1000,
    autoApprove: flags.autoApprove === true,
    seed: flags.seed === undefined ? randomInt(0, 2 ** 31) : integer('--seed', flags.seed, 0, 2 ** 31),
  };
}

/** Ctrl-C ends a continuous day gracefully (devices sync, the summary prints); a second one quits at once. */
function endOnInterrupt(stop: AbortController, continuous: boolean): () => void {
  const onInterrupt = () => {
    if (stop.signal.aborted || !continuous) process.exit(130);
    process.stderr.write('\nclosing the store: every device syncs, then the check (Ctrl-C again to quit now)\n');
    stop.abort();
  };
  process.on('SIGINT', onInterrupt);
  return () => process.off('SIGINT', onInterrupt);
}

/** A hub running in the data directory, else one reached by --hub-url, else one of our own. */
async function reachHub(flags: SimulateFlags, upstreams: StoreUpstreams | undefined): Promise<HubAccess> {
  const config = configFrom(flags);
  if (lockHolder(config.dataDir) !== undefined) return attachToRunningHub(config, flags);
  if (flags.hubUrl) return reachByUrl(flags, flags.hubUrl);
  return startOwnHub(flags, upstreams?.hubSettings() ?? {});
}

/**
 * The hub `npm start` runs: ports from its configuration, the certificate to pin from its data directory, pairing
 * codes and the simulator's manager account written to its database (which allows a second connection).
 */
async function attachToRunningHub(config: HubConfig, flags: SimulateFlags): Promise<HubAccess> {
  const db = openExistingLedger(config.dataDir, { readonly: false });
  try {
    await waitForSetup(db, listenerUrl('http', config.ui.host, config.ui.port));
    const pin = await ensureSimulatorManager(db);
    const audit = new AuditTrail(db);
    const codes = new PairingCodes(db);
    const certificate = readFileSync(path.join(config.dataDir, 'tls', 'cert.pem'), 'utf8');
    return {
      hubLabel: `the hub running in ${config.dataDir}`,
      hub: {
        hubUrl: flags.hubUrl ?? listenerUrl('https', config.lan.host, config.lan.port),
        fingerprint: flags.fingerprint ?? new X509Certificate(certificate).fingerprint256,
        pairingCode: () => {
          const created = codes.create(ACTOR);
          audit.record({
            actor: ACTOR,
            action: 'device.pairing_code_created',
            detail: { expiresAt: created.expiresAt },
          });
          return created.code;
        },
        // Kept for the next run, so the manager's device list does not grow by four tills every time.
        storageDir: path.join(config.dataDir, 'simulator-devices'),
      },
      admin: { url: flags.uiUrl ?? listenerUrl('http', config.ui.host, config.ui.port), name: SIMULATOR_USER, pin },
      timeZone: config.timeZone,
      moreFigures: () => [projectionFigures(db)],
      close: async () => {
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A hub elsewhere: only what its APIs show, with pairing codes and a manager account given by hand. */
async function reachByUrl(flags: SimulateFlags, hubUrl: string): Promise<HubAccess> {
  if (!flags.pairingCodes) throw new UsageError('--hub-url needs --pairing-codes (one code per device)');
  if (!flags.uiUrl || !flags.manager || !flags.pin) {
    throw new UsageError('--hub-url needs --ui-url, --manager and --pin: the simulator acts as the store manager');
  }
  const codes = flags.pairingCodes.split(',').map((code) => code.trim());
  return {
    hubLabel: hubUrl,
    hub: {
      hubUrl,
      fingerprint: flags.fingerprint ?? (await peerFingerprint(hubUrl)),
      pairingCode: () => {
        const code = codes.shift();
        if (!code) throw new UsageError('more devices than --pairing-codes');
        return code;
      },
    },
    admin: { url: flags.uiUrl, name: flags.manager, pin: flags.pin },
    timeZone: configFrom(flags).timeZone,
    close: async () => undefined,
  };
}

/**
 * A throwaway hub on loopback in this process: ports chosen by the OS, no mDNS, no environment settings, and the
 * simulated store's own card limits; with --upstreams, `upstream` settings pointing it at the simulator's Stripe fake.
 * With --data-dir the hub and device databases stay there.
 */
async function startOwnHub(
  flags: SimulateFlags,
  upstreamSettings: Record<string, string | number>,
): Promise<HubAccess> {
  const root = flags.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'backroom-simulate-'));
  const devicesDir = path.join(root, 'devices');
  mkdirSync(devicesDir, { recursive: true });
  const config = loadConfig({
    env: {},
    flags: {
      dataDir: path.join(root, 'hub'),
      'ui.host': '127.0.0.1',
      'ui.port': 0,
      'lan.host': '127.0.0.1',
      'lan.port': 0,
      'mdns.enabled': false,
      'backup.intervalMinutes': 0,
      ...upstreamSettings,
    },
  });
  // stdout carries the summary; the hub's problems go to stderr, without the first-start setup-code notice.
  const logger = createLogger('error', pino.destination(2));
  const hub = await startHub({ config, secrets: new MemorySecretStore(), logger });
  const { ledger } = hub.context;
  const status = hub.status();
  const pin = await ensureSimulatorManager(ledger.db);
  const codes = new PairingCodes(ledger.db);
  return {
    hubLabel: `a hub of its own (UI ${status.uiUrl})`,
    hub: {
      hubUrl: status.lanUrl,
      fingerprint: status.tlsFingerprint,
      pairingCode: () => codes.create(ACTOR).code,
      storageDir: devicesDir,
    },
    admin: { url: status.uiUrl, name: SIMULATOR_USER, pin },
    timeZone: config.timeZone,
    policy: storeDayPolicy(),
    moreFigures: () => [projectionFigures(ledger.db)],
    close: async () => {
      await hub.stop();
      if (!flags.dataDir) rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Until the owner exists the UI offers first-run setup; a user made here would take that away. So the simulator
 * waits for the person at the screen to set the store up.
 */
async function waitForSetup(db: Database, uiUrl: string): Promise<void> {
  const users = new UserStore(db);
  if (users.count() > 0) return;
  process.stderr.write(`The store is not set up yet: open ${uiUrl}, set it up, and the simulation starts.\n`);
  while (users.count() === 0) await pause(2_000);
}

/** Made on the first run; later runs give it a new PIN, since the last one is gone with its process. */
async function ensureSimulatorManager(db: Database): Promise<string> {
  const pin = String(randomInt(10 ** 7, 10 ** 8));
  try {
    await new UserStore(db).add({ name: SIMULATOR_USER, role: 'manager', pin });
  } catch (error) {
    if (!(error instanceof UserError && error.code === 'USER_EXISTS')) throw error;
    db.prepare('UPDATE users SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE name = ?').run(
      await hashPin(pin),
      SIMULATOR_USER,
    );
  }
  new AuditTrail(db).record({ actor: ACTOR, action: 'simulator.manager_ready', detail: { name: SIMULATOR_USER } });
  return pin;
}

/** The hub's own projections of what no API shows yet (sales per day) or shows elsewhere (exposure), at one cursor. */
function projectionFigures(db: Database): HubFigures {
  return db
    .transaction((): HubFigures => {
      const { cursor } = db.prepare('SELECT COALESCE(MAX(cursor), 0) AS cursor FROM events').get() as {
        cursor: number;
      };
      const salesByDate = db
        .prepare(
          `SELECT business_date AS businessDate, currency, SUM(gross) AS gross, SUM(refunds) AS refunds,
             SUM(voids) AS voids, SUM(net) AS net, SUM(cash) AS cash, SUM(card) AS card
           FROM sales_daily_totals GROUP BY business_date, currency`,
        )
        .all() as DailySales[];
      const { offlineCard, outstandingExposure } = paymentPolicyState(db);
      return {
        source: 'hub projections',
        cursor,
        salesByDate,
        exposure: { currency: offlineCard.currency, amount: outstandingExposure },
      };
    })
    .deferred();
}

/** The address to reach a listener bound to `host` on this machine. */
function listenerUrl(scheme: 'http' | 'https', host: string, port: number): string {
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `${scheme}://${local.includes(':') ? `[${local}]` : local}:${port}`;
}

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

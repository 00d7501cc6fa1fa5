/**
 * `npm run bench` runs the DESIGN §13 workloads at their target sizes against hubs in separate processes and prints
 * each figure with its target and as a ratio to the machine's own ceilings measured in the same run. The backlog
 * drain runs the hub's forwarding machinery in this process against the Stripe fake, beside the fake's rate limit;
 * the KSeF drain sends a hub's offline invoices to the KSeF fake under KSeF's PRD rate limits.
 *   --quick    small sizes: a smoke run of every scenario and the report
 *   --profile  the hubs write V8 CPU profiles (bench/results/profiles/…) and the report says where their time went
 *   --only=ingest,pull,latency,recovery,drawer,drain,ksef  just those scenarios; the starts and ceilings always run,
 *              so --only=start runs nothing else
 * After ingest, hub-1's ledger file is measured once the hub stopped: bytes on disk per recorded event, and where.
 * Results also go to bench/results/latest.json (a --quick run to latest-quick.json, an --only run to
 * latest-partial.json, so a smoke or partial run keeps the full figures).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKLOG_DRAIN_SIZES, DRAIN_POOL, runBacklogDrain, STRIPE_REQUESTS_PER_SEC } from './backlog-drain.js';
import { measureCeilings } from './ceilings.js';
import { DRAWER_KICK_SIZES } from './drawer-kick.js';
import { runIngest } from './ingest.js';
import { KSEF_DRAIN_SIZES, runKsefDrain } from './ksef-drain.js';
import { measureLedgerSize, walBytes } from './ledger-size.js';
import { HubAdmin } from './lib/hub-admin.js';
import { buildHubBundle, REPO_ROOT } from './lib/hub-build.js';
import { startHubProcess, type HubProcess } from './lib/hub-process.js';
import { attempt, type Outcome } from './lib/outcome.js';
import { summariseProfile } from './lib/profile-summary.js';
import { SignedDevice } from './lib/signed-device.js';
import { runTimedScenario } from './lib/timed-scenario.js';
import { runMassRecovery } from './mass-recovery.js';
import { runPullCatchUp } from './pull-catch-up.js';
import { buildRows, printReport, writeResults, type BenchResults } from './report.js';
import { FULL, QUICK } from './sizes.js';
import { startAndIdle } from './startup-and-rss.js';

const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
const args = new Set(process.argv.slice(2));
const mode = args.has('--quick') ? 'quick' : 'full';
const sizes = mode === 'quick' ? QUICK : FULL;
const profileRoot = args.has('--profile') ? path.join(RESULTS_DIR, 'profiles') : undefined;
const SCENARIOS = ['start', 'ingest', 'pull', 'latency', 'recovery', 'drawer', 'drain', 'ksef'] as const;
type Scenario = (typeof SCENARIOS)[number];
const only = [...args]
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const unknown = only?.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
if (unknown?.length) throw new Error(`--only: no scenario ${unknown.join(', ')}; there are ${SCENARIOS.join(', ')}`);
const runs = (scenario: Scenario) => !only || only.includes(scenario);
/** Runs a scenario unless --only left it out. */
const ifRuns = async <T>(scenario: Scenario, work: () => Promise<T>): Promise<T | undefined> =>
  runs(scenario) ? work() : undefined;

const step = (text: string) => console.log(`› ${text}`);

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  if (profileRoot) rmSync(profileRoot, { recursive: true, force: true });
  step('bundling the hub CLI from src/ (as npm run build does)');
  const entry = await buildHubBundle();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-bench-'));
  const hubOptions = (name: string, profiled = true) => ({
    entry,
    dataDir: path.join(workDir, name),
    ...(profileRoot && profiled ? { cpuProfileDir: path.join(profileRoot, name) } : {}),
  });
  /** A fresh hub for one scenario, set up like a store's (owner, a shelf, a product) and stopped afterwards. */
  const onNewHub = <T>(name: string, work: (hub: HubProcess, admin: HubAdmin) => Promise<T>): Promise<Outcome<T>> => {
    let hub: HubProcess | undefined;
    return attempt(
      async () => {
        const started = await startHubProcess(hubOptions(name));
        hub = started;
        return usingHub(started, (admin) => work(started, admin));
      },
      () => hub?.logTail() ?? '',
    );
  };

  try {
    step(`hub-1: first start, ${sizes.idleMs / 1000} s idle (ceilings measured meanwhile), idle RSS`);
    const first = await startAndIdle(hubOptions('hub-1'), sizes.idleMs, () => measureCeilings(sizes.ceilings));
    const hub1Dir = hubOptions('hub-1').dataDir;
    const { ingest, pull, walAfterIngest } = await usingHub(first.hub, async (admin) => {
      // Pull catches up on the ledger that ingest fills, so it needs ingest first.
      if (!runs('ingest') && !runs('pull')) return {};
      const devices = await pairDevices(first.hub, admin, Math.max(sizes.ingestDevices, sizes.pullDevices));
      step(`ingest: ${sizes.ingestDevices} devices × ${sizes.ingest.eventsPerDevice} events (signing first)`);
      const ingestDevices = devices.slice(0, sizes.ingestDevices);
      const ingested = await attempt(() => runIngest(first.hub.pid, ingestDevices, sizes.ingest), first.hub.logTail);
      // The hub still runs: this is what its close's checkpoint will fold into the main file.
      const walAfterIngest = walBytes(hub1Dir);
      const pulled = await ifRuns('pull', () => {
        step(`pull catch-up: ${sizes.pullDevices} devices × the whole ledger`);
        const pullDevices = devices.slice(0, sizes.pullDevices);
        return attempt(
          () => runPullCatchUp(first.hub.pid, pullDevices, sizes.pull, first.hub.lanUrl),
          first.hub.logTail,
        );
      });
      return { ingest: ingested, pull: pulled, walAfterIngest };
    });
    // usingHub stopped hub-1 (its close checkpoints the WAL); pull only read, so this is the ledger ingest left. A
    // failed ingest leaves a smaller ledger, still worth measuring: the row says how many events it holds.
    const ledgerSize = ingest
      ? await attempt(
          async () => measureLedgerSize(hub1Dir, walAfterIngest ?? null),
          () => '',
        )
      : undefined;

    const { latency: latencySizes, recovery: recoverySizes } = sizes;
    const latency = await ifRuns('latency', () => {
      step(
        `hub-2: push latency, ${latencySizes.devices} streams, ${latencySizes.backgroundEventsPerSec} ev/s background`,
      );
      return onNewHub('hub-2', (hub) => runTimedScenario('latency', hub, latencySizes));
    });
    const recovery = await ifRuns('recovery', () => {
      step(
        `hub-3: mass recovery, ${recoverySizes.devices} SDK devices × ${recoverySizes.eventsPerDevice} queued events`,
      );
      return onNewHub('hub-3', (hub, admin) => runMassRecovery(hub, admin, recoverySizes));
    });
    const drawerKick = await ifRuns('drawer', () => {
      const drawerSizes = DRAWER_KICK_SIZES[mode];
      const { devices, eventsPerDevice } = drawerSizes.load;
      step(
        `hub-4: drawer kicks, ${drawerSizes.kicks} requests to a virtual serial printer under ${devices} devices' ` +
          `ingest load (signing ${devices * eventsPerDevice} events first), then ${drawerSizes.coldKicks} with the link closed`,
      );
      return onNewHub('hub-4', (hub) => runTimedScenario('drawer', hub, drawerSizes));
    });
    const backlogDrain = await ifRuns('drain', () => {
      const drainSizes = BACKLOG_DRAIN_SIZES[mode];
      step(
        `backlog drain: ${drainSizes.jobs} Stripe captures queued in an outage, fake limited to ` +
          `${STRIPE_REQUESTS_PER_SEC} requests/s (about ${Math.ceil(drainSizes.jobs / DRAIN_POOL.rateLimit.perSecond)} s)`,
      );
      // In this process, on its own ledger file: no hub process to take a log tail from.
      return attempt(
        () => runBacklogDrain(path.join(workDir, 'drain'), drainSizes),
        () => '',
      );
    });
    const ksefDrain = await ifRuns('ksef', () => {
      const ksefSizes = KSEF_DRAIN_SIZES[mode];
      step(
        `hub-5: KSeF drain, ${ksefSizes.invoices} invoices issued offline, then KSeF back; the fake enforces the PRD ` +
          'rate limits (interactive ≤ 180/h)',
      );
      let ksefHub: HubProcess | undefined;
      return attempt(
        () => runKsefDrain(hubOptions('hub-5'), ksefSizes, undefined, (hub) => (ksefHub = hub)),
        () => ksefHub?.logTail() ?? '',
      );
    });

    step(`hub-1 again: restart on its ledger, ${sizes.idleMs / 1000} s idle (ceilings again), idle RSS`);
    const restart = await startAndIdle(hubOptions('hub-1', false), sizes.idleMs, () => measureCeilings(sizes.ceilings));
    await restart.hub.stop();

    const results: BenchResults = {
      mode,
      startedAt,
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.versions.node },
      idleMs: sizes.idleMs,
      ceilings: { start: first.measured, end: restart.measured },
      firstStart: startFigures(first),
      restart: startFigures(restart),
      ...{ ingest, pull, latency, recovery, drawerKick, backlogDrain, ksefDrain, ledgerSize },
      ...(profileRoot ? { profiles: summariseProfiles(profileRoot, entry) } : {}),
    };
    const rows = buildRows(results);
    printReport(results, rows);
    if (results.profiles) printProfiles(results.profiles);
    const name = only ? 'latest-partial.json' : mode === 'full' ? 'latest.json' : 'latest-quick.json';
    const file = path.join(RESULTS_DIR, name);
    writeResults(file, results, rows);
    console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
    if (backlogDrain && !backlogDrain.ok) {
      // Not a slow figure but a broken promise (a payment not captured exactly once, or a drain that never ended).
      console.error(`\nBACKLOG DRAIN FAILED: ${backlogDrain.error}`);
      process.exitCode = 1;
    }
    if (ksefDrain && !ksefDrain.ok) {
      // Likewise: an invoice not numbered exactly once with its UPO, or a backlog the hub never emptied.
      console.error(`\nKSEF DRAIN FAILED: ${ksefDrain.error}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Creates the owner and the catalog, runs `work`, and stops the hub whatever happens. */
async function usingHub<T>(hub: HubProcess, work: (admin: HubAdmin) => Promise<T>): Promise<T> {
  try {
    const admin = await HubAdmin.setUp(hub);
    await admin.seedCatalog();
    return await work(admin);
  } finally {
    await hub.stop();
  }
}

async function pairDevices(hub: HubProcess, admin: HubAdmin, count: number): Promise<SignedDevice[]> {
  const devices: SignedDevice[] = [];
  for (let index = 0; index < count; index += 1) {
    devices.push(await SignedDevice.pair(hub.lanUrl, await admin.pairingCode(), `bench till ${index + 1}`));
  }
  return devices;
}

function startFigures({ hub, idleRssBytes }: { hub: HubProcess; idleRssBytes: number }): BenchResults['firstStart'] {
  return { startToReadyMs: hub.startToReadyMs, idleRssBytes, ledgerCursor: hub.ledgerCursor };
}

/** One profile per hub directory, written when that hub exited. */
function summariseProfiles(root: string, bundle: string): NonNullable<BenchResults['profiles']> {
  const summaries: NonNullable<BenchResults['profiles']> = {};
  for (const hub of readdirSync(root)) {
    for (const file of readdirSync(path.join(root, hub)).filter((name) => name.endsWith('.cpuprofile'))) {
      summaries[hub] = summariseProfile(path.join(root, hub, file), bundle);
    }
  }
  return summaries;
}

function printProfiles(profiles: NonNullable<BenchResults['profiles']>): void {
  const percent = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
  for (const [hub, summary] of Object.entries(profiles)) {
    console.log(`\nCPU profile of ${hub} (shares of its whole sampled life, idle included; profiling slows the hub)`);
    for (const [heading, costs] of [
      ['any function, top by self time', summary.bySelf],
      ['hub functions, top by total time', summary.hubByTotal],
    ] as const) {
      console.log(`   self   total  ${heading}`);
      for (const cost of costs) console.log(`  ${percent(cost.self)}  ${percent(cost.total)}  ${cost.name}`);
    }
  }
}

await main();

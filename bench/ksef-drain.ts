/**
 * The KSeF backlog drain (issue 10): a store that issued its invoices offline through a KSeF outage owes them all to
 * KSeF once it is back. How long until the last one is numbered with its UPO stored, and how does that compare with
 * sending them one by one in interactive sessions, which KSeF caps at 180 invoices an hour?
 *
 * A real hub in its own process (the bundled CLI, as the other scenarios start it), with the KSeF fake on loopback
 * enforcing KSeF's production (PRD) request limits. The store is set up as a manager would: the seller and the offline
 * certificate on Settings → Invoicing, a KSeF token the fake knows for the seller's NIP on Settings → Connectors.
 * Then the fake goes unreachable (a dead uplink), the hub notices, and a till pushes `invoices` signed sales, each
 * followed by its customer's invoice request: every invoice is issued offline24 with KOD II. At t0 the fake is
 * reachable again; the clock stops when the hub owes KSeF nothing. The fake then judges: every invoice numbered
 * exactly once, the hub's number the fake's, and the UPO the hub serves for each names it.
 *
 * Run alone with `npx tsx bench/ksef-drain.ts [--quick]`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { v7 as uuidv7 } from 'uuid';
import { AdminClient } from '../src/device/simulator/admin-client.js';
import { connectInvoicing, type Seller } from '../src/device/simulator/store-ksef.js';
import { startKsefFake, type KsefFake, type KsefRequestLogEntry } from '../src/fakes/ksef/index.js';
import type { PairingReply } from '../src/shared/protocol/device-api.js';
import type { EventEnvelope } from '../src/shared/protocol/envelope.js';
import type { InvoiceList, InvoiceListItem } from '../src/shared/protocol/invoice-views.js';
import type { KsefOverview } from '../src/shared/protocol/ksef-views.js';
import type { UpstreamOverview } from '../src/shared/protocol/upstream-views.js';
import { startCpuMeter, type CpuShare } from './lib/cpu-meter.js';
import { BENCH_OWNER, HubAdmin } from './lib/hub-admin.js';
import { buildHubBundle } from './lib/hub-build.js';
import { startHubProcess, type HubProcess, type HubProcessOptions } from './lib/hub-process.js';
import { LanConnection } from './lib/lan-client.js';
import { acceptedIn, DeviceKeys, pushBodies } from './lib/signed-device.js';
import { sleep } from './lib/timing.js';
import { ksefDrainRows, printTable } from './report.js';

/** KSeF's production limits on interactive sends (research §10), as the fake enforces them: per second, minute, hour. */
export const INTERACTIVE_LIMITS = { perSecond: 10, perMinute: 30, perHour: 180 } as const;
/** The hub's default `upstream.ksef.batchThreshold`: from this many offline invoices due at once, one batch session. */
export const KSEF_BATCH_THRESHOLD = 20;

export interface KsefDrainSizes {
  /** Invoices issued offline during the outage. */
  invoices: number;
  /** Events per push (a sale and its invoice request are two); at most the hub's 500. */
  eventsPerPush: number;
  /** The drain fails beyond this. */
  capMs: number;
  /** How often progress is printed during the drain. */
  progressEveryMs: number;
}

export const KSEF_DRAIN_SIZES: Record<'full' | 'quick', KsefDrainSizes> = {
  full: { invoices: 2_000, eventsPerPush: 500, capMs: 180_000, progressEveryMs: 5_000 },
  quick: { invoices: 200, eventsPerPush: 400, capMs: 60_000, progressEveryMs: 5_000 },
};

export interface KsefDrainResult {
  invoices: number;
  /** Pushing the sales and invoice requests while KSeF was out (not part of the drain). */
  issueMs: number;
  /** From KSeF back (t0) until the hub's KSeF connector was running again. */
  resumedMs: number;
  /** From t0 until the first invoice was numbered on the hub. */
  firstNumberedMs: number;
  /** From t0 until the hub owed KSeF nothing: every invoice numbered, its UPO stored. */
  drainMs: number;
  /** Sessions the fake saw the hub open during the drain, and the invoices it received in each kind. */
  sessions: { batch: number; online: number };
  received: { batch: number; online: number };
  /** Requests the fake saw during the drain, by service, and how many it answered 429. */
  requests: { total: number; api: number; storage: number; latarnia: number; rateLimited: number };
  /** Invoices the fake numbered exactly once, with the number the hub recorded: all of them, or the bench failed. */
  numberedOnce: number;
  /** UPOs downloaded from the hub that name their invoice's KSeF number: all of them, or the bench failed. */
  upos: number;
  /** What sending the same backlog one by one in interactive sessions would take at the PRD limits. */
  interactiveOnlyMs: number;
  interactiveLimits: { perSecond: number; perMinute: number; perHour: number };
  batchThreshold: number;
  /** The hub process while it drained. */
  cpu: CpuShare;
}

const SELLER: Seller = {
  nip: '5265877635',
  name: 'Backroom Bench Sklep',
  address: { line1: 'ul. Pomiarowa 1', line2: '00-950 Warszawa' },
};
const BUYER = {
  nip: '5260001246',
  name: 'Hurtownia Żuraw sp. z o.o.',
  address: { line1: 'ul. Długa 1', line2: '00-001 Warszawa' },
};
const CATALOG = { productId: 'cola', locationId: 'shelf', price: 450 } as const;
const POLL_MS = 100;
const NOTICE_TIMEOUT_MS = 30_000;

/**
 * Starts the fake and a hub pointed at it, drains `sizes.invoices` offline invoices into the fake and checks its
 * counts afterwards. Throws if any invoice is not numbered exactly once with its UPO, or the drain passes its cap.
 * `onHub` gets the hub process as soon as it runs (for its log tail when something fails).
 */
export async function runKsefDrain(
  hubOptions: HubProcessOptions,
  sizes: KsefDrainSizes,
  log: (line: string) => void = (line) => console.log(`  ${line}`),
  onHub: (hub: HubProcess) => void = () => undefined,
): Promise<KsefDrainResult> {
  const token = `ksef-token-bench-${uuidv7()}`;
  const fake = await startKsefFake({ tokens: { [token]: SELLER.nip }, enforceRateLimits: true });
  let hub: HubProcess | undefined;
  const started = performance.now();
  try {
    writeHubConfig(hubOptions.dataDir, fake);
    hub = await startHubProcess(hubOptions);
    onHub(hub);
    await HubAdmin.setUp(hub);
    const admin = new AdminClient(hub.uiUrl);
    await admin.login(BENCH_OWNER.name, BENCH_OWNER.pin);
    await setUpStore(admin, token, sizes.invoices);
    const till = await pairTill(hub, admin);

    fake.setReachable(false);
    await until('the hub sees KSeF unreachable and pauses sending', NOTICE_TIMEOUT_MS, async () => {
      const [ksef, connector] = await Promise.all([overview(admin), ksefConnector(admin)]);
      return ksef.availability === 'unreachable' && connector.paused;
    });
    log(`hub started, store set up and KSeF cut off in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const issueStarted = performance.now();
    await issueOffline(till, sizes);
    const issueMs = performance.now() - issueStarted;
    const owed = await overview(admin);
    if (owed.backlog !== sizes.invoices) throw new Error(`${sizes.invoices} invoices issued, ${owed.backlog} owed`);
    log(`${sizes.invoices} invoices issued offline in ${(issueMs / 1000).toFixed(2)} s; KSeF comes back now`);

    const before = fake.requests().length;
    const sessionsBefore = new Set(fake.sessions().map((session) => session.ref));
    const cpu = startCpuMeter(hub.pid);
    const t0 = performance.now();
    fake.setReachable(true);
    const drained = await watchDrain(admin, fake, sizes, t0, log);
    const cpuShare = cpu();

    const requests = fake.requests().slice(before);
    const sessions = fake.sessions().filter((session) => !sessionsBefore.has(session.ref));
    const received = fake.invoices().filter((invoice) => !sessionsBefore.has(invoice.sessionRef));
    const verifyStarted = performance.now();
    const { numberedOnce, upos } = await verifyExactlyOnce(admin, fake, sizes.invoices);
    log(
      `drained in ${(drained.drainMs / 1000).toFixed(2)} s; checked at the fake and each UPO on the hub in ` +
        `${((performance.now() - verifyStarted) / 1000).toFixed(2)} s`,
    );
    return {
      invoices: sizes.invoices,
      issueMs,
      ...drained,
      sessions: countKinds(sessions),
      received: countKinds(received),
      requests: requestCounts(requests),
      numberedOnce,
      upos,
      interactiveOnlyMs: interactiveOnlyMs(sizes.invoices),
      interactiveLimits: { ...INTERACTIVE_LIMITS },
      batchThreshold: KSEF_BATCH_THRESHOLD,
      cpu: cpuShare,
    };
  } finally {
    await hub?.stop();
    await fake.close();
  }
}

/**
 * The hub's settings for the scenario, in its data directory's config file (read at start): KSeF and its status
 * service are the fake; the probes look at the fake too, so nothing leaves loopback and cutting the fake is cutting
 * the uplink; a second between looks, as a store's hub would be set to notice within a few. A backlog this big found
 * in the day would wait for the night window (nightBatchMin, 2,000 by default): the drain measures sending it now.
 */
function writeHubConfig(dataDir: string, fake: KsefFake): void {
  const origin = new URL(fake.url).origin;
  mkdirSync(dataDir, { recursive: true });
  const upstream = {
    ksef: {
      apiBase: fake.url,
      latarniaUrl: fake.latarniaUrl,
      checkSeconds: 1,
      timeoutSeconds: 5,
      batchThreshold: KSEF_BATCH_THRESHOLD,
      nightBatchMin: 1_000_000,
    },
    probes: {
      internet: `${origin}/`,
      stripe: `${origin}/`,
      intervalSeconds: 1,
      failureIntervalSeconds: 1,
      timeoutSeconds: 1,
    },
  };
  writeFileSync(path.join(dataDir, 'backroom.config.json'), `${JSON.stringify({ upstream }, null, 2)}\n`);
}

/** As a manager: the catalog and stock for every sale, the seller, the offline certificate and the KSeF token. */
async function setUpStore(admin: AdminClient, token: string, sales: number): Promise<void> {
  const { productId, locationId, price } = CATALOG;
  await admin.post('/v1/admin/catalog/locations', { id: locationId, name: 'Shelf', active: true });
  await admin.post('/v1/admin/catalog/products', {
    id: productId,
    name: 'Cola',
    unit: 'pcs',
    price: { amount: price, currency: 'PLN' },
  });
  await admin.post('/v1/admin/inventory/receipts', { productId, locationId, quantity: sales });
  await connectInvoicing(admin, { seller: SELLER, token, pin: BENCH_OWNER.pin });
  await until('KSeF available and the hub sending', NOTICE_TIMEOUT_MS, async () => {
    const [ksef, connector] = await Promise.all([overview(admin), ksefConnector(admin)]);
    return ksef.availability === 'available' && !connector.paused;
  });
}

interface Till {
  keys: DeviceKeys;
  deviceId: string;
  connection: LanConnection;
}

async function pairTill(hub: HubProcess, admin: AdminClient): Promise<Till> {
  const keys = DeviceKeys.generate();
  const { code } = await admin.post<{ code: string }>('/v1/admin/pairing-codes');
  const pairing = new LanConnection(hub.lanUrl);
  try {
    const body = JSON.stringify({ code, device: { name: 'bench till', kind: 'pos', publicKey: keys.publicKeyText } });
    const paired = await pairing.json<PairingReply>('POST', '/v1/pairing', body, 201);
    return { keys, deviceId: paired.deviceId, connection: new LanConnection(hub.lanUrl, paired.token) };
  } finally {
    pairing.close();
  }
}

/** Each customer buys a cola and asks for a VAT invoice: a sale and its invoice request, signed, pushed in batches. */
async function issueOffline(till: Till, sizes: KsefDrainSizes): Promise<void> {
  const events: EventEnvelope[] = [];
  let seq = 1;
  const envelope = (type: string, payload: Record<string, unknown>): EventEnvelope => {
    const now = new Date().toISOString();
    const { deviceId } = till;
    return till.keys.sign({
      id: uuidv7(),
      deviceId,
      seq: seq++,
      type,
      v: 1,
      occurredAt: now,
      deviceTime: now,
      basis: 0,
      payload,
    });
  };
  const { productId, locationId, price } = CATALOG;
  for (let n = 1; n <= sizes.invoices; n += 1) {
    const saleId = `bench-sale-${n}`;
    const amount = { amount: price, currency: 'PLN' };
    events.push(
      envelope('sale.complete', {
        saleId,
        locationId,
        lines: [{ productId, quantity: 1, unitPrice: amount, taxRate: '23' }],
        tenders: [{ method: 'cash', amount }],
      }),
      envelope('invoice.request', { saleId, buyer: BUYER }),
    );
  }
  try {
    for (const body of pushBodies(events, sizes.eventsPerPush)) {
      const reply = await till.connection.request('POST', '/v1/events', body);
      acceptedIn(reply.status, reply.body);
    }
  } finally {
    till.connection.close();
  }
}

/** Polls the hub from t0 until it owes KSeF nothing; a refusal or the cap ends it as a failure. */
async function watchDrain(
  admin: AdminClient,
  fake: KsefFake,
  sizes: KsefDrainSizes,
  t0: number,
  log: (line: string) => void,
): Promise<Pick<KsefDrainResult, 'resumedMs' | 'firstNumberedMs' | 'drainMs'>> {
  let resumedMs: number | undefined;
  let firstNumberedMs: number | undefined;
  let nextProgress = sizes.progressEveryMs;
  for (;;) {
    const [ksef, connector] = await Promise.all([overview(admin), ksefConnector(admin)]);
    const elapsed = performance.now() - t0;
    if (resumedMs === undefined && !connector.paused) resumedMs = elapsed;
    if (firstNumberedMs === undefined && ksef.backlog < sizes.invoices) firstNumberedMs = elapsed;
    if (ksef.rejected > 0)
      throw new Error(`KSeF rejected ${ksef.rejected} invoices (${progressLine(ksef, fake, elapsed)})`);
    if (ksef.backlog === 0)
      return { resumedMs: resumedMs ?? elapsed, firstNumberedMs: firstNumberedMs ?? elapsed, drainMs: elapsed };
    if (elapsed > sizes.capMs) {
      throw new Error(
        `the hub still owed KSeF invoices after ${(sizes.capMs / 1000).toFixed(0)} s (${progressLine(ksef, fake, elapsed)})`,
      );
    }
    if (elapsed >= nextProgress) {
      log(progressLine(ksef, fake, elapsed));
      nextProgress += sizes.progressEveryMs;
    }
    await sleep(POLL_MS);
  }
}

function progressLine(ksef: KsefOverview, fake: KsefFake, ms: number): string {
  const requests = fake.requests();
  const limited = requests.filter((entry) => entry.status === 429).length;
  return (
    `${(ms / 1000).toFixed(0).padStart(4)} s: ${ksef.backlog} owed (${ksef.sending} at KSeF), ` +
    `${fake.numbered().size} numbered at the fake, ${limited} × 429, hub: ${ksef.availability}`
  );
}

/**
 * The fake is the judge: each invoice the hub issued has exactly one KSeF number there, the hub recorded that one,
 * and the UPO the hub serves for it names it. Returns how many passed (all of them, or this throws).
 */
async function verifyExactlyOnce(
  admin: AdminClient,
  fake: KsefFake,
  expected: number,
): Promise<{ numberedOnce: number; upos: number }> {
  const invoices = await allInvoices(admin);
  const numbered = fake.numbered();
  const wrong = invoices.flatMap((invoice) => {
    const given = numbered.get(invoice.number) ?? [];
    if (given.length === 1 && given[0] === invoice.ksefNumber && invoice.status === 'accepted') return [];
    return [
      `${invoice.number}: ${given.length} KSeF numbers at the fake, the hub has ${invoice.ksefNumber} (${invoice.status})`,
    ];
  });
  const upoProblems: string[] = [];
  // A few at a time, as the screens would: the UPO each invoice's detail offers for download.
  for (let first = 0; first < invoices.length; first += 16) {
    await Promise.all(
      invoices.slice(first, first + 16).map(async (invoice) => {
        const upo = await admin
          .text(`/v1/admin/invoices/${invoice.invoiceId}/upo`)
          .catch((error: unknown) => String(error));
        if (!invoice.ksefNumber || !upo.includes(invoice.ksefNumber))
          upoProblems.push(`${invoice.number}: ${upo.slice(0, 120)}`);
      }),
    );
  }
  if (wrong.length > 0 || upoProblems.length > 0 || invoices.length !== expected || numbered.size !== expected) {
    throw new Error(
      `EXACTLY ONCE BROKEN: ${wrong.length} of ${invoices.length} invoices not numbered exactly once ` +
        `(${wrong.slice(0, 3).join('; ')}); ${upoProblems.length} without their UPO (${upoProblems.slice(0, 2).join('; ')}); ` +
        `${invoices.length} issued of ${expected}, ${numbered.size} invoice numbers at the fake`,
    );
  }
  return { numberedOnce: invoices.length, upos: invoices.length };
}

/**
 * The time the last of `invoices` interactive sends could start at KSeF's PRD limits (10/s, 30/min, 180/h in sliding
 * windows, all at once), sending as fast as they allow and ignoring the sends' own time: the n-th send waits for the
 * send `limit` places earlier to leave each window.
 */
export function interactiveOnlyMs(invoices: number): number {
  const windows = [
    { limit: INTERACTIVE_LIMITS.perSecond, ms: 1_000 },
    { limit: INTERACTIVE_LIMITS.perMinute, ms: 60_000 },
    { limit: INTERACTIVE_LIMITS.perHour, ms: 3_600_000 },
  ];
  const at: number[] = [];
  for (let n = 0; n < invoices; n += 1) {
    let earliest = at[n - 1] ?? 0;
    for (const { limit, ms } of windows) if (n >= limit) earliest = Math.max(earliest, at[n - limit]! + ms);
    at.push(earliest);
  }
  return at.at(-1) ?? 0;
}

function countKinds(items: readonly { kind: 'online' | 'batch' }[]): { batch: number; online: number } {
  return {
    batch: items.filter((item) => item.kind === 'batch').length,
    online: items.filter((item) => item.kind === 'online').length,
  };
}

function requestCounts(requests: readonly KsefRequestLogEntry[]): KsefDrainResult['requests'] {
  const of = (service: KsefRequestLogEntry['service']) => requests.filter((entry) => entry.service === service).length;
  return {
    total: requests.length,
    api: of('api'),
    storage: of('storage'),
    latarnia: of('latarnia'),
    rateLimited: requests.filter((entry) => entry.status === 429).length,
  };
}

async function overview(admin: AdminClient): Promise<KsefOverview> {
  return admin.get<KsefOverview>('/v1/admin/upstream/ksef');
}

async function ksefConnector(admin: AdminClient): Promise<UpstreamOverview['connectors'][number]> {
  const { connectors } = await admin.get<UpstreamOverview>('/v1/admin/upstream');
  const ksef = connectors.find((connector) => connector.name === 'ksef');
  if (!ksef) throw new Error('the hub shows no KSeF connector');
  return ksef;
}

async function allInvoices(admin: AdminClient): Promise<InvoiceListItem[]> {
  const invoices: InvoiceListItem[] = [];
  for (let before: string | null | undefined; before !== null;) {
    const page = await admin.get<InvoiceList>(`/v1/admin/invoices?limit=200${before ? `&before=${before}` : ''}`);
    invoices.push(...page.invoices);
    before = page.nextBefore;
  }
  return invoices;
}

async function until(what: string, timeoutMs: number, condition: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs / 1000} s: ${what}`);
    await sleep(POLL_MS);
  }
}

/** This scenario alone; exits non-zero if it failed. */
async function main(): Promise<void> {
  const sizes = KSEF_DRAIN_SIZES[process.argv.includes('--quick') ? 'quick' : 'full'];
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-bench-ksef-'));
  try {
    console.log(`› KSeF drain: ${sizes.invoices} offline invoices, the KSeF fake enforcing the PRD rate limits`);
    const entry = await buildHubBundle();
    printTable(ksefDrainRows(await runKsefDrain({ entry, dataDir: path.join(workDir, 'hub') }, sizes)));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();

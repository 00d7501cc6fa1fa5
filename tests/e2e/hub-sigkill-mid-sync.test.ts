/**
 * The hub is killed with SIGKILL mid-sync, many times, while SDK devices keep syncing and retrying (issue 3, "Tests
 * that must exist"). The hub is a child process (`backroom serve`) restarted each round on the same data directory
 * and the same ports, so the same TLS certificate keeps the devices' pinned fingerprint valid. Each device has its
 * own SQLite outbox in its own directory, hundreds of queued events, and keeps recording while the hub is down.
 *
 * Afterwards, with the hub stopped, the ledger is opened read-only: every device's events are in it exactly once,
 * seqs 1..N in order per device, cursors gap-free, every result a device was given (possibly by a replay after a
 * lost acknowledgement) names the cursor the event really has, `ledger verify` (hash chain and device signatures)
 * passes, and the projections rebuilt from the log equal the live ones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PairingCodes } from '../../src/main/hub/devices/pairing-codes.js';
import { CatalogService } from '../../src/main/hub/inventory/catalog-service.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ledgerFile, openDatabase } from '../../src/main/hub/ledger/open-database.js';
import { rebuildProjections, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { deviceSignatureCheck } from '../../src/main/hub/sync/signature-check.js';
import { eventually, LoopbackLink, pairSdkDevice, sleep, type SdkDevice } from '../fixtures/e2e-devices.js';
import { HubProcess, hubBundle, hubFingerprint } from '../fixtures/e2e-hub-process.js';
import { freePorts } from '../helpers/free-port.js';
import { runCli } from '../helpers/ledger-processes.js';

const DEVICES = 4;
const QUEUED_PER_DEVICE = 300;
/** recorded by every device after each kill, while the hub is down */
const RECORDED_PER_ROUND = 5;
const MIN_ROUNDS = 10;
const MAX_ROUNDS = 15;
/** of them at least this many while the tills are pushing */
const MIN_MID_SYNC = 5;
/**
 * Past this, rounds are only started while fewer than MIN_ROUNDS / MIN_MID_SYNC kills were done, and the kills still
 * owed beyond the mid-sync ones are the cheap kind (while the hub is starting): a busy machine cannot blow the
 * suite's budget by taking seconds per hub start.
 */
const KILL_BUDGET_MS = 18_000;
const INITIAL_STOCK = 1_000_000;
/** on what the hub sends back: widens the window in which a kill loses a reply the hub already committed */
const LATENCY_MS = 25;
/**
 * Each till's SQLite file lives in its own directory on tmpfs when there is one: its fsyncs (two per recorded
 * event) would otherwise dominate the run on a busy disk, and device durability is not what this test is about.
 * The hub's data directory stays on the real disk.
 */
const DEVICE_TMP = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
const PRODUCTS = ['cola', 'chips'] as const;
const LOCATIONS = ['shelf', 'back'] as const;

interface Recorded {
  id: string;
  seq: number;
  /** an issue beyond any stock: must come back as a held conflict */
  oversell: boolean;
}

interface Till {
  sdk: SdkDevice;
  recorded: Recorded[];
}

/** mulberry32: the event mix is reproducible from the seed printed on failure. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.E2E_SEED ?? Date.now() % 1_000_000);
const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
/** What the accepted events do to stock, by "product|location". */
const expectedStock = new Map<string, number>();
const move = (productId: string, locationId: string, delta: number) => {
  const key = `${productId}|${locationId}`;
  expectedStock.set(key, (expectedStock.get(key) ?? INITIAL_STOCK) + delta);
};

/** One realistic event: mostly small issues, returns and transfers; now and then an oversell. */
async function recordOne(till: Till): Promise<void> {
  const productId = pick(PRODUCTS);
  const locationId = pick(LOCATIONS);
  const quantity = 1 + Math.floor(random() * 3);
  const roll = random();
  let envelope;
  let oversell = false;
  if (roll < 0.02) {
    oversell = true;
    envelope = await till.sdk.device.record('inventory.issue', { productId, locationId, quantity: INITIAL_STOCK * 10 });
  } else if (roll < 0.55) {
    envelope = await till.sdk.device.record('inventory.issue', { productId, locationId, quantity });
    move(productId, locationId, -quantity);
  } else if (roll < 0.8) {
    envelope = await till.sdk.device.record('inventory.return', { productId, locationId, quantity });
    move(productId, locationId, quantity);
  } else {
    const toLocationId = LOCATIONS.find((l) => l !== locationId)!;
    envelope = await till.sdk.device.record('inventory.transfer', {
      productId,
      fromLocationId: locationId,
      toLocationId,
      quantity,
    });
    move(productId, locationId, -quantity);
    move(productId, toLocationId, quantity);
  }
  till.recorded.push({ id: envelope.id, seq: envelope.seq, oversell });
}

let dataDir: string;
let uiPort: number;
let lanPort: number;
let hub: HubProcess | undefined;
const tills: Till[] = [];

const startHub = () => HubProcess.start({ dataDir, uiPort, lanPort });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backroom-e2e-sigkill-'));
  [uiPort, lanPort] = (await freePorts(2)) as [number, number];
  const bundle = hubBundle();

  // The store as a manager set it up: catalog and stock, and one pairing code per device (the same services the
  // admin API and `backroom pairing-code` use, written before the hub first starts).
  const ledger = Ledger.open(dataDir);
  const catalog = new CatalogService(ledger);
  for (const id of LOCATIONS) catalog.upsertLocation({ id, name: id, active: true }, 'e2e');
  for (const id of PRODUCTS) {
    catalog.upsertProduct({ id, name: id, unit: 'pcs' }, 'e2e');
    for (const locationId of LOCATIONS) catalog.receive({ productId: id, locationId, quantity: INITIAL_STOCK }, 'e2e');
  }
  const codes = Array.from({ length: DEVICES }, () => new PairingCodes(ledger.db).create('e2e').code);
  ledger.close();

  await bundle;
  hub = await startHub();
  await hub.ready;
  const fingerprint = hubFingerprint(dataDir);
  const paired = await Promise.allSettled(
    codes.map(async (code, index) =>
      pairSdkDevice({
        hubUrl: `https://127.0.0.1:${lanPort}`,
        fingerprint,
        pairingCode: code,
        name: `till ${index + 1}`,
        kind: 'pos',
        link: await LoopbackLink.open({ host: '127.0.0.1', port: lanPort, latencyMs: LATENCY_MS }),
        batchSize: 20,
        pollIntervalMs: 500,
        backoff: { baseMs: 50, maxMs: 250 },
        tmpRoot: DEVICE_TMP,
      }),
    ),
  );
  for (const outcome of paired) if (outcome.status === 'fulfilled') tills.push({ sdk: outcome.value, recorded: [] });
  for (const outcome of paired) if (outcome.status === 'rejected') throw outcome.reason;
  // A morning's worth of sales queued on every till before any of it syncs.
  for (const till of tills) for (let n = 0; n < QUEUED_PER_DEVICE; n++) await recordOne(till);
});

afterAll(async () => {
  for (const { sdk } of tills) {
    await sdk.dispose();
    await sdk.link?.close();
  }
  await hub?.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Pushes the hub answered with 200, across all tills. */
const answeredPushes = () =>
  tills.reduce(
    (sum, { sdk }) =>
      sum +
      sdk.transport.responses.filter((r) => r.method === 'POST' && r.path === '/v1/events' && r.status === 200).length,
    0,
  );

const pendingTotal = async () => {
  let sum = 0;
  for (const { sdk } of tills) sum += (await sdk.device.counts()).pending;
  return sum;
};

describe('hub killed with SIGKILL mid-sync, many times', () => {
  it(`loses nothing and records nothing twice (seed ${SEED})`, { timeout: 150_000 }, async () => {
    for (const { sdk } of tills) sdk.device.start();

    const started = Date.now();
    let rounds = 0;
    let killedMidSync = 0;
    let killedBeforeReady = 0;
    const readyTimes: number[] = [];
    while (rounds < MAX_ROUNDS) {
      const overBudget = Date.now() - started >= KILL_BUDGET_MS;
      if (overBudget && rounds >= MIN_ROUNDS && killedMidSync >= MIN_MID_SYNC) break;
      rounds += 1;
      hub ??= await startHub();
      const midSync = killedMidSync < MIN_MID_SYNC || (!overBudget && Math.random() >= 0.2);
      if (!midSync) {
        // while it is still starting (loading, opening and recovering the database), or just after
        await Promise.race([hub.ready, sleep(Math.random() * 1_500)]);
        if (!hub.isReady) killedBeforeReady += 1;
      } else {
        // mid-sync: once the tills are pushing again, at a random moment
        const pushedBefore = answeredPushes();
        const t0 = Date.now();
        await hub.ready;
        readyTimes.push(Date.now() - t0);
        await eventually('a till pushes again', () => answeredPushes() > pushedBefore, 10_000, 5);
        await sleep(Math.random() * 250);
        if ((await pendingTotal()) > 0) killedMidSync += 1;
      }
      await hub.stop('SIGKILL');
      hub = undefined;
      // The tills carry on selling while the hub is down.
      for (const till of tills) for (let n = 0; n < RECORDED_PER_ROUND; n++) await recordOne(till);
      await sleep(Math.random() * 150);
    }

    // The hub comes back for good: every till delivers everything by itself.
    const loopMs = Date.now() - started;
    hub = await startHub();
    await hub.ready;
    await eventually(
      'every till delivered its whole outbox',
      async () => {
        for (const { sdk, recorded } of tills) {
          const counts = await sdk.device.counts();
          if (counts.pending > 0 || counts.synced + counts.conflict !== recorded.length) return false;
        }
        return true;
      },
      30_000,
      100,
    );
    // Results the hub had to give again because a kill lost the reply to a batch it had committed.
    const replays = tills.reduce(
      (sum, { sdk }) => sum + sdk.transport.responses.reduce((n, r) => n + (r.replayed ?? 0), 0),
      0,
    );
    const failures = tills.reduce((sum, { sdk }) => sum + sdk.events.filter((e) => e.type === 'sync-failed').length, 0);
    console.info(
      `sigkill e2e (seed ${SEED}): ${rounds} kills (${killedMidSync} mid-sync, ${killedBeforeReady} ` +
        `while starting), ${failures} failed sync cycles, ${replays} replayed results, ` +
        `${tills.reduce((n, t) => n + t.recorded.length, 0)} events, ${Date.now() - started} ms ` +
        `(kill loop ${loopMs} ms, hub ready in ${readyTimes.join('/')} ms)`,
    );
    expect(rounds).toBeGreaterThanOrEqual(MIN_ROUNDS);
    expect(killedMidSync).toBeGreaterThanOrEqual(MIN_MID_SYNC);
    // Some kill landed after a commit and before its reply arrived, so the lost-acknowledgement path was taken.
    expect(replays).toBeGreaterThan(0);
    expect(failures).toBeGreaterThanOrEqual(rounds);

    // What each till was told, before the hub goes away.
    const told = new Map<string, { status: string; cursor: number | undefined }>();
    for (const { sdk, recorded } of tills) {
      for (const { id } of recorded) {
        const state = await sdk.device.statusOf(id);
        told.set(id, { status: state!.status, cursor: state!.result?.cursor });
      }
      expect(await sdk.storage.getMeta('lastSequence')).toBe(recorded.length);
      await sdk.device.stop();
    }
    const exit = await hub.stop('SIGTERM');
    hub = undefined;
    expect(exit).toEqual({ code: 0, signal: null });

    // The shipped `backroom ledger verify`, in its own process while this one checks the same file read-only.
    const cli = runCli(['ledger', 'verify', '--data-dir', dataDir]);
    const db = openDatabase({ file: ledgerFile(dataDir), readonly: true });
    try {
      // The chain and every device signature verify.
      const verified = verifyLedger(db, [deviceSignatureCheck(db)]);
      expect(verified.firstBreak).toBeUndefined();
      expect(verified.ok).toBe(true);

      // Cursors are gap-free and no event id appears twice.
      const rows = db
        .prepare<
          [],
          { cursor: number; event_id: string; device_id: string | null; seq: number | null; status: string }
        >('SELECT cursor, event_id, device_id, seq, status FROM events ORDER BY cursor')
        .all();
      expect(verified.checked).toBe(rows.length);
      expect(rows.map((r) => r.cursor)).toEqual(rows.map((_, i) => i + 1));
      expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);

      // Per till: exactly its events, once each, seq 1..N in cursor order, with the status and cursor it was told.
      const paired = new Set(tills.map(({ sdk }) => sdk.device.deviceId));
      expect(rows.filter((r) => r.device_id !== null && !paired.has(r.device_id))).toEqual([]);
      for (const { sdk, recorded } of tills) {
        const own = rows.filter((r) => r.device_id === sdk.device.deviceId);
        expect(own.map((r) => r.seq)).toEqual(recorded.map((_, i) => i + 1));
        expect(own.map((r) => r.event_id)).toEqual(recorded.map((r) => r.id));
        own.forEach((row, i) => {
          expect(row.status).toBe(recorded[i]!.oversell ? 'conflict' : 'accepted');
          expect(told.get(row.event_id)).toEqual({
            status: row.status === 'accepted' ? 'synced' : 'conflict',
            cursor: row.cursor,
          });
        });
        const lastSeq = db
          .prepare<[string], { last_seq: number }>('SELECT last_seq FROM devices WHERE id = ?')
          .get(sdk.device.deviceId)!.last_seq;
        expect(lastSeq).toBe(recorded.length);
      }

      // Stock is exactly what the accepted events say.
      const stock = db
        .prepare<[], { product_id: string; location_id: string; quantity: number }>('SELECT * FROM stock')
        .all();
      expect(Object.fromEntries(stock.map((s) => [`${s.product_id}|${s.location_id}`, s.quantity]))).toEqual(
        Object.fromEntries(expectedStock),
      );

      // Projections rebuilt from the log (on a copy: this connection is read-only) equal the live ones.
      const live = snapshotProjections(db);
      const copy = path.join(dataDir, 'rebuild-check.sqlite');
      await db.backup(copy);
      const rebuilt = new BetterSqlite3(copy);
      try {
        rebuildProjections(rebuilt);
        expect(snapshotProjections(rebuilt)).toEqual(live);
      } finally {
        rebuilt.close();
      }
    } finally {
      db.close();
    }

    const verifiedByCli = await cli;
    expect(verifiedByCli.stdout, verifiedByCli.stderr).toMatch(/^ledger sound: \d+ records/);
    expect(verifiedByCli.code).toBe(0);
  });
});

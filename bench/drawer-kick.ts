/**
 * DESIGN §13 / issue Performance #11: drawer kick request → bytes on the serial line < 50 ms at p99, under the
 * ingest load. A paired till asks the hub (its own process, real HTTPS LAN listener) to open a drawer, one request
 * at a time, while other devices push signed 500-event batches at full speed; the printer is a virtual serial printer
 * (socat pty pair + ESC/POS responder), and a kick counts from just before its request is written to the moment the
 * responder has received the whole `ESC p` pulse. The hub's worker reads the printer's status (DLE EOT 1 and 4, over
 * the same line) before every kick: that round trip is part of the path measured. The quiet-till kicks (the worker
 * let the port go) come after the load stopped: each waits out the worker's linger, longer than the pre-signed load
 * could last.
 *
 * Run alone with `npx tsx bench/drawer-kick.ts [--quick]`; `npm run bench` runs it with the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_TIMING } from '../src/main/hub/printing/printer-worker.js';
import type { DrawerKickView, PrinterConfig } from '../src/shared/protocol/printing.js';
import { socatAvailable } from '../src/device/simulator/store-printer.js';
import {
  startVirtualSerialPrinter,
  type VirtualSerialPrinter,
} from '../src/device/simulator/virtual-printer/virtual-serial-printer.js';
import { measureCeilings } from './ceilings.js';
import { startCpuMeter, type CpuShare } from './lib/cpu-meter.js';
import { HubAdmin } from './lib/hub-admin.js';
import { buildHubBundle } from './lib/hub-build.js';
import { startHubProcess, type HubEndpoints, type HubProcess } from './lib/hub-process.js';
import { forkIngestLoad } from './lib/ingest-load-process.js';
import type { IngestLoadCount } from './lib/ingest-load.js';
import { SignedDevice } from './lib/signed-device.js';
import { percentile } from './lib/stats.js';
import { sleep, withTimeout } from './lib/timing.js';
import { ceilingReference, drawerKickRows, printTable } from './report.js';
import { FULL, QUICK } from './sizes.js';

export interface DrawerKickSizes {
  /** Timed kicks with the printer link open and the ingest load on (each one soon after the last, as at a busy till). */
  kicks: number;
  /** Kicks before those that do not count, before the load starts: the first opens the serial port, JIT warms up. */
  warmup: number;
  /** Pause between two kicks, well inside the worker's linger, so the link stays open. */
  gapMs: number;
  /** Timed kicks after the worker let the printer go (a quiet till): it opens the port again first. */
  coldKicks: number;
  /** Longest wait for one kick's bytes; beyond the hub's 12 s a kick is dropped anyway. */
  timeoutMs: number;
  /** No timed kick starts after this (a slow hub makes each kick slow); what was reached is reported. */
  maxMs: number;
  load: DrawerLoadSizes;
}

/** The ingest load the link-open kicks run under: the ingest scenario's shape, pre-signed in its own process. */
export interface DrawerLoadSizes {
  devices: number;
  /** Signed before the load starts; a device that pushed them all ends the timed kicks (see DrawerKickResult). */
  eventsPerDevice: number;
  batchSize: number;
  /** Load on, before the first timed kick, so the kicks meet it at its steady rate. */
  rampMs: number;
}

/**
 * The full load matches the ingest scenario's 20 devices × 500-event pushes. Its budget covers 200 kicks at up to
 * ~130 ms each (as slow as they were before kicks went first) plus the gaps and warm-up (~32 s) at ~15k events/s:
 * 480k events, signed first (about 40 s here).
 */
export const DRAWER_KICK_SIZES: Record<'full' | 'quick', DrawerKickSizes> = {
  full: {
    kicks: 200,
    warmup: 10,
    gapMs: 20,
    coldKicks: 8,
    timeoutMs: 13_000,
    maxMs: 60_000,
    load: { devices: 20, eventsPerDevice: 24_000, batchSize: 500, rampMs: 1_000 },
  },
  quick: {
    kicks: 40,
    warmup: 5,
    gapMs: 20,
    coldKicks: 2,
    timeoutMs: 13_000,
    maxMs: 20_000,
    load: { devices: 10, eventsPerDevice: 4_000, batchSize: 500, rampMs: 500 },
  },
};

export interface DrawerKickResult {
  /** Timed kicks with the link open (under the load) that reached the line, and their request → bytes times. */
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The same path after the worker closed the link (`lingerMs` of quiet): port open + status + kick. */
  cold: { samples: number; p50Ms: number; maxMs: number };
  /** Request → 202 answer, link open: what the till waits for, not the drawer (p99: how much of a slow kick is HTTP). */
  answerP50Ms: number;
  answerP99Ms: number;
  /** Kicks whose bytes did not reach the line within the timeout. */
  missed: number;
  /** The hub's drawer log for the run: each kick sent or dropped. */
  logged: { sent: number; dropped: number; queued: number };
  /** Hub-side, from the log: requestedAt → sentAt (millisecond timestamps) of the timed kicks, median. */
  hubP50Ms: number;
  /** During the timed link-open kicks: the hub, the bench and its load process, and the rest. */
  cpu: CpuShare;
  load: DrawerLoadResult;
}

export interface DrawerLoadResult {
  devices: number;
  batchSize: number;
  /** Events the hub accepted from the load while the timed kicks ran (warm-up and ramp excluded), and its rate. */
  events: number;
  elapsedMs: number;
  eventsPerSec: number;
  /** Timed kicks planned, and sent: fewer when the load ran out of pre-signed events or the time cap came first. */
  plannedKicks: number;
  sentKicks: number;
  /** What ended the timed kicks; after a load device pushed all its events, kicks would meet less load. */
  ended: 'all sent' | 'load ran out' | 'time cap';
  /** Load pushes the hub refused as malformed HTTP during the whole load, sent again (see ingest-load.ts). */
  resent: number;
}

type Phase = 'warm-up' | 'loaded' | 'cold';

/** `ESC p 0 50 50`: pin 2, 100 ms, as the bench printer's drawer is wired below. */
const KICK = Buffer.from([0x1b, 0x70, 0x00, 0x32, 0x32]);
const PRINTER_ID = 'bench-printer';

/** Watches the responder's input for the kick pulse, timestamping the chunk that completes it. */
class LineWatch {
  private waiting: { seen: Buffer; resolve: (at: number) => void } | undefined;

  constructor(printer: VirtualSerialPrinter) {
    const { responder } = printer;
    const receive = responder.receive.bind(responder);
    responder.receive = (chunk: Buffer) => {
      const at = performance.now();
      if (this.waiting) {
        this.waiting.seen = Buffer.concat([this.waiting.seen, chunk]);
        if (this.waiting.seen.includes(KICK)) {
          const { resolve } = this.waiting;
          this.waiting = undefined;
          resolve(at);
        }
      }
      return receive(chunk);
    };
  }

  /** Resolves with the moment the next complete pulse arrived; undefined after `timeoutMs`. */
  next(timeoutMs: number): Promise<number | undefined> {
    const arrived = new Promise<number>((resolve) => (this.waiting = { seen: Buffer.alloc(0), resolve }));
    return withTimeout(arrived, timeoutMs, 'no kick').catch(() => {
      this.waiting = undefined;
      return undefined;
    });
  }
}

export async function runDrawerKick(
  hub: HubEndpoints,
  admin: HubAdmin,
  sizes: DrawerKickSizes,
): Promise<DrawerKickResult> {
  if (!socatAvailable()) throw new Error('the drawer kick scenario needs socat for its virtual serial printer');
  const printer = await startVirtualSerialPrinter();
  const load = forkIngestLoad();
  try {
    await admin.call('POST', '/v1/admin/printers', benchPrinter(printer.hostPath), 201);
    const till = await SignedDevice.pair(hub.lanUrl, await admin.pairingCode(), 'drawer bench till');
    const codes: string[] = [];
    for (let index = 0; index < sizes.load.devices; index += 1) codes.push(await admin.pairingCode());
    const { eventsPerDevice, batchSize } = sizes.load;
    await load.setUp({ lanUrl: hub.lanUrl, codes, eventsPerDevice, batchSize });
    const connection = till.connect();
    const watch = new LineWatch(printer);
    let missed = 0;
    let saleNo = 0;
    // The sale id names the phase, so the hub's log of the timed kicks can be told from the others'.
    const kick = async (phase: Phase): Promise<{ lineMs: number; answerMs: number } | undefined> => {
      const saleId = `bench-${phase}-${++saleNo}`;
      const body = JSON.stringify({ reason: 'cash sale', saleId, cashierId: 'bench' });
      const onLine = watch.next(sizes.timeoutMs);
      const sent = performance.now();
      const reply = await connection.request('POST', `/v1/drawers/${PRINTER_ID}/open`, body);
      const answerMs = performance.now() - sent;
      if (reply.status !== 202) throw new Error(`drawer open answered ${reply.status}: ${reply.body.toString('utf8')}`);
      const at = await onLine;
      if (at === undefined) {
        missed += 1;
        return undefined;
      }
      return { lineMs: at - sent, answerMs };
    };

    // Warm-up (port open, JIT) before the load, so the load's pre-signed budget goes to the timed kicks; the ramp is
    // well inside the worker's linger, so the link is still open when they start.
    for (let n = 0; n < sizes.warmup; n += 1) {
      await kick('warm-up');
      await sleep(sizes.gapMs);
    }
    load.start();
    await sleep(sizes.load.rampMs);
    const cpu = startCpuMeter(hub.pid, [load.pid]);
    const loadFrom = await load.mark();
    const loaded: Array<{ lineMs: number; answerMs: number }> = [];
    const deadline = performance.now() + sizes.maxMs;
    let sent = 0;
    // A kick only counts while every load device still pushes: after one ran out the hub is less busy.
    while (sent < sizes.kicks && !load.ranOut && performance.now() < deadline) {
      sent += 1;
      const timed = await kick('loaded');
      if (timed && !load.ranOut) loaded.push(timed);
      await sleep(sizes.gapMs * (0.5 + Math.random()));
    }
    const ended = load.ranOut ? 'load ran out' : sent < sizes.kicks ? 'time cap' : 'all sent';
    const loadTo = load.ranOut ?? (await load.mark());
    const cpuShare = cpu();
    const loadEnd = await load.stop();
    const cold: number[] = [];
    for (let n = 0; n < sizes.coldKicks; n += 1) {
      // Past the linger the worker closes the port; 500 ms more so it surely has.
      await sleep(DEFAULT_TIMING.lingerMs + 500);
      const timed = await kick('cold');
      if (timed) cold.push(timed.lineMs);
    }
    connection.close();

    // The line may see a kick a moment before the worker logs it as sent.
    const total = sizes.warmup + sent + sizes.coldKicks;
    let log = await drawerLog(admin, total);
    for (let tries = 0; tries < 20 && log.some((entry) => entry.state === 'queued'); tries += 1) {
      await sleep(100);
      log = await drawerLog(admin, total);
    }
    const lineMs = loaded.map((sample) => sample.lineMs).sort((a, b) => a - b);
    const answers = loaded.map((sample) => sample.answerMs).sort((a, b) => a - b);
    const hubMs = log
      .filter((entry) => entry.sentAt && entry.saleId?.startsWith('bench-loaded-'))
      .map((entry) => Date.parse(entry.sentAt!) - Date.parse(entry.requestedAt))
      .sort((a, b) => a - b);
    cold.sort((a, b) => a - b);
    return {
      samples: lineMs.length,
      p50Ms: percentile(lineMs, 50),
      p95Ms: percentile(lineMs, 95),
      p99Ms: percentile(lineMs, 99),
      maxMs: lineMs.at(-1) ?? Number.NaN,
      cold: { samples: cold.length, p50Ms: percentile(cold, 50), maxMs: cold.at(-1) ?? Number.NaN },
      answerP50Ms: percentile(answers, 50),
      answerP99Ms: percentile(answers, 99),
      missed,
      logged: {
        sent: log.filter((entry) => entry.state === 'sent').length,
        dropped: log.filter((entry) => entry.state === 'dropped').length,
        queued: log.filter((entry) => entry.state === 'queued').length,
      },
      hubP50Ms: percentile(hubMs, 50),
      cpu: cpuShare,
      load: { ...loadFigures(sizes, loadFrom, loadTo), sentKicks: sent, ended, resent: loadEnd.resent },
    };
  } finally {
    load.kill();
    await printer.close();
  }
}

/** The load between the marks around the timed kicks (up to the moment it ran out, if it did). */
function loadFigures(
  sizes: DrawerKickSizes,
  from: IngestLoadCount,
  to: IngestLoadCount,
): Omit<DrawerLoadResult, 'sentKicks' | 'ended' | 'resent'> {
  const elapsedMs = Math.max(0, to.elapsedMs - from.elapsedMs);
  const events = Math.max(0, to.accepted - from.accepted);
  return {
    devices: sizes.load.devices,
    batchSize: sizes.load.batchSize,
    events,
    elapsedMs,
    eventsPerSec: elapsedMs > 0 ? events / (elapsedMs / 1000) : 0,
    plannedKicks: sizes.kicks,
  };
}

function benchPrinter(hostPath: string): PrinterConfig {
  return {
    id: PRINTER_ID,
    name: 'Bench receipt printer (virtual serial)',
    connection: { type: 'serial', path: hostPath, baudRate: 115_200 },
    model: 'epson',
    paperWidth: 80,
    drawer: { pins: 'pin2', pulseMs: 100 },
    receiptDefault: true,
    enabled: true,
  };
}

/** The newest `count` entries of the bench drawer's log. */
async function drawerLog(admin: HubAdmin, count: number): Promise<DrawerKickView[]> {
  const kicks: DrawerKickView[] = [];
  let before: string | null = null;
  while (kicks.length < count) {
    const query: string = `drawerId=${PRINTER_ID}&limit=200${before ? `&before=${before}` : ''}`;
    const page = await admin.call<{ kicks: DrawerKickView[]; nextBefore: string | null }>(
      'GET',
      `/v1/admin/drawer-kicks?${query}`,
      undefined,
      200,
    );
    kicks.push(...page.kicks);
    if (!page.nextBefore) break;
    before = page.nextBefore;
  }
  return kicks.slice(0, count);
}

/** This scenario alone: a hub process of its own, the SQLite ceiling for the ratio, and its rows of the report. */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-bench-drawer-'));
  let hub: HubProcess | undefined;
  try {
    console.log('› bundling the hub CLI from src/');
    const entry = await buildHubBundle();
    console.log('› measuring the ceilings (Ed25519 verifies, SQLite commits)');
    const ceilings = measureCeilings((quick ? QUICK : FULL).ceilings);
    hub = await startHubProcess({ entry, dataDir: path.join(workDir, 'hub') });
    const admin = await HubAdmin.setUp(hub);
    // The load's events are returns of the bench product to the bench shelf.
    await admin.seedCatalog();
    const sizes = DRAWER_KICK_SIZES[quick ? 'quick' : 'full'];
    console.log(
      `› drawer kicks: ${sizes.kicks} with the link open under ${sizes.load.devices} devices' ingest load ` +
        `(signing ${sizes.load.devices * sizes.load.eventsPerDevice} events first), ${sizes.coldKicks} after it closed`,
    );
    const result = await runDrawerKick(hub, admin, sizes);
    printTable(drawerKickRows(result, ceilingReference({ start: ceilings, end: ceilings })));
    console.log(
      `- vs SQLite: how many single-row commits (WAL, sync=FULL; ${Math.round(ceilings.sqliteSingleInsertsPerSec)}/s ` +
        'measured just now) fit in the latency.',
    );
  } finally {
    await hub?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();

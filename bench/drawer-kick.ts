/**
 * DESIGN §13: drawer kick request → bytes on the serial line < 50 ms. A paired till asks the hub (its own process,
 * real HTTPS LAN listener) to open a drawer, one request at a time; the printer is a virtual serial printer (socat
 * pty pair + ESC/POS responder), and a kick counts from just before its request is written to the moment the
 * responder has received the whole `ESC p` pulse. The hub's worker reads the printer's status (DLE EOT 1 and 4,
 * over the same line) before every kick: that round trip is part of the path measured.
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
import { BENCH_OWNER, HubAdmin } from './lib/hub-admin.js';
import { buildHubBundle } from './lib/hub-build.js';
import { startHubProcess, type HubProcess } from './lib/hub-process.js';
import { SignedDevice } from './lib/signed-device.js';
import { percentile } from './lib/stats.js';
import { sleep, withTimeout } from './lib/timing.js';
import { drawerKickRows, printTable } from './report.js';
import { FULL, QUICK } from './sizes.js';

export interface DrawerKickSizes {
  /** Timed kicks with the printer link open (each one soon after the last, as at a busy till). */
  kicks: number;
  /** Kicks before those that do not count: the first opens the serial port, JIT warms up. */
  warmup: number;
  /** Pause between two kicks, well inside the worker's linger, so the link stays open. */
  gapMs: number;
  /** Timed kicks after the worker let the printer go (a quiet till): it opens the port again first. */
  coldKicks: number;
  /** Longest wait for one kick's bytes; beyond the hub's 12 s a kick is dropped anyway. */
  timeoutMs: number;
}

export const DRAWER_KICK_SIZES: Record<'full' | 'quick', DrawerKickSizes> = {
  full: { kicks: 200, warmup: 10, gapMs: 20, coldKicks: 8, timeoutMs: 13_000 },
  quick: { kicks: 40, warmup: 5, gapMs: 20, coldKicks: 2, timeoutMs: 13_000 },
};

export interface DrawerKickResult {
  /** Timed kicks with the link open that reached the line, and their request → bytes times. */
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The same path after the worker closed the link (`lingerMs` of quiet): port open + status + kick. */
  cold: { samples: number; p50Ms: number; maxMs: number };
  /** Request → 202 answer, link open: what the till waits for, not the drawer. */
  answerP50Ms: number;
  /** Kicks whose bytes did not reach the line within the timeout. */
  missed: number;
  /** The hub's drawer log for the run: each kick sent or dropped. */
  logged: { sent: number; dropped: number; queued: number };
  /** Hub-side, from the log: requestedAt → sentAt (millisecond timestamps), median. */
  hubP50Ms: number;
  cpu: CpuShare;
}

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
  hub: HubProcess,
  admin: HubAdmin,
  sizes: DrawerKickSizes,
): Promise<DrawerKickResult> {
  if (!socatAvailable()) throw new Error('the drawer kick scenario needs socat for its virtual serial printer');
  const printer = await startVirtualSerialPrinter();
  try {
    const manager = await AdminSession.login(hub.uiUrl);
    await manager.call('POST', '/v1/admin/printers', benchPrinter(printer.hostPath), 201);
    const till = await SignedDevice.pair(hub.lanUrl, await admin.pairingCode(), 'drawer bench till');
    const connection = till.connect();
    const watch = new LineWatch(printer);
    let missed = 0;
    let saleNo = 0;
    const kick = async (): Promise<{ lineMs: number; answerMs: number } | undefined> => {
      const body = JSON.stringify({ reason: 'cash sale', saleId: `bench-sale-${++saleNo}`, cashierId: 'bench' });
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

    for (let n = 0; n < sizes.warmup; n += 1) {
      await kick();
      await sleep(sizes.gapMs);
    }
    const cpu = startCpuMeter(hub.pid);
    const warm: Array<{ lineMs: number; answerMs: number }> = [];
    for (let n = 0; n < sizes.kicks; n += 1) {
      const timed = await kick();
      if (timed) warm.push(timed);
      await sleep(sizes.gapMs * (0.5 + Math.random()));
    }
    const cpuShare = cpu();
    const cold: number[] = [];
    for (let n = 0; n < sizes.coldKicks; n += 1) {
      // Past the linger the worker closes the port; 500 ms more so it surely has.
      await sleep(DEFAULT_TIMING.lingerMs + 500);
      const timed = await kick();
      if (timed) cold.push(timed.lineMs);
    }
    connection.close();

    // The line may see a kick a moment before the worker logs it as sent.
    const total = sizes.warmup + sizes.kicks + sizes.coldKicks;
    let log = await manager.kicks(total);
    for (let tries = 0; tries < 20 && log.some((entry) => entry.state === 'queued'); tries += 1) {
      await sleep(100);
      log = await manager.kicks(total);
    }
    const lineMs = warm.map((sample) => sample.lineMs).sort((a, b) => a - b);
    const answers = warm.map((sample) => sample.answerMs).sort((a, b) => a - b);
    const hubMs = log
      .filter((entry) => entry.sentAt)
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
      missed,
      logged: {
        sent: log.filter((entry) => entry.state === 'sent').length,
        dropped: log.filter((entry) => entry.state === 'dropped').length,
        queued: log.filter((entry) => entry.state === 'queued').length,
      },
      hubP50Ms: percentile(hubMs, 50),
      cpu: cpuShare,
    };
  } finally {
    await printer.close();
  }
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

/** The manager's calls this scenario needs beyond HubAdmin's: printers and the drawer log. */
class AdminSession {
  private constructor(
    private readonly uiUrl: string,
    private readonly cookie: string,
  ) {}

  static async login(uiUrl: string): Promise<AdminSession> {
    const response = await fetch(`${uiUrl}/v1/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BENCH_OWNER),
    });
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('backroom_session='));
    if (response.status !== 200 || !cookie) throw new Error(`admin login answered ${response.status}`);
    return new AdminSession(uiUrl, cookie.split(';')[0]!);
  }

  async call<T>(method: 'GET' | 'POST', path: string, body: unknown, expected: number): Promise<T> {
    const response = await fetch(`${this.uiUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** The newest `count` entries of the bench drawer's log. */
  async kicks(count: number): Promise<DrawerKickView[]> {
    const kicks: DrawerKickView[] = [];
    let before: string | null = null;
    while (kicks.length < count) {
      const query: string = `drawerId=${PRINTER_ID}&limit=200${before ? `&before=${before}` : ''}`;
      const page = await this.call<{ kicks: DrawerKickView[]; nextBefore: string | null }>(
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
}

/** This scenario alone: a hub process of its own, the SQLite ceiling for the ratio, and its rows of the report. */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-bench-drawer-'));
  let hub: HubProcess | undefined;
  try {
    console.log('› bundling the hub CLI from src/');
    const entry = await buildHubBundle();
    console.log('› measuring the SQLite commit ceiling');
    const ceilings = measureCeilings((quick ? QUICK : FULL).ceilings);
    hub = await startHubProcess({ entry, dataDir: path.join(workDir, 'hub') });
    const admin = await HubAdmin.setUp(hub);
    const sizes = DRAWER_KICK_SIZES[quick ? 'quick' : 'full'];
    console.log(`› drawer kicks: ${sizes.kicks} with the link open, ${sizes.coldKicks} after it closed`);
    const result = await runDrawerKick(hub, admin, sizes);
    printTable(drawerKickRows(result, ceilings.sqliteSingleInsertsPerSec));
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

import type { FromLoad, LoadReport, ToLoad } from './lib/background-load.js';
import { firstMessage, forkBenchChild } from './lib/bench-child.js';
import type { FromFloorServer } from './lib/https-floor-server.js';
import { startCpuMeter, type CpuShare } from './lib/cpu-meter.js';
import type { HubAdmin } from './lib/hub-admin.js';
import type { HubEndpoints } from './lib/hub-process.js';
import { LanConnection, type LanReply } from './lib/lan-client.js';
import { acceptedIn, SignedDevice } from './lib/signed-device.js';
import { percentile } from './lib/stats.js';
import { openDeviceStream } from './lib/stream-client.js';
import { sleep, withTimeout } from './lib/timing.js';

export interface LatencySizes {
  /** Devices holding a live stream, the probing one included. */
  devices: number;
  backgroundEventsPerSec: number;
  samples: number;
  /** Probes before these are not counted (connection and JIT warm-up). */
  warmup: number;
  /** Pause between probes, so the probe itself adds little load. */
  gapMs: number;
  maxMs: number;
}

export interface LatencyFigures {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  slowestMs: number;
}

export interface LatencyResult extends LatencyFigures {
  devices: number;
  /**
   * The same probe against a bare HTTPS server that syncs one write per request (lib/https-floor-server.ts), measured
   * just before, with the streams open and nothing pushing: what this machine allows at best.
   */
  floor: LatencyFigures;
  /** The background rate offered, and the one the hub took while probing (lower when it could not keep up). */
  offeredEventsPerSec: number;
  backgroundEventsPerSec: number;
  streamMessagesPerSec: number;
  cpu: CpuShare;
}

/**
 * One device pushes one-event batches one at a time and times each, from writing the request to the end of the
 * answer (after the commit), while the other devices, in a separate process, hold live streams and push one-event
 * batches at the background rate. Every commit fans a cursor notice out to every stream, which is part of the load.
 * Before the background starts, the same bodies are timed against the floor server, so the report can say how much
 * of the latency is the machine's and how much the hub's.
 */
export async function runPushLatency(hub: HubEndpoints, admin: HubAdmin, sizes: LatencySizes): Promise<LatencyResult> {
  const load = forkLoad();
  try {
    const codes: string[] = [];
    for (let i = 1; i < sizes.devices; i += 1) codes.push(await admin.pairingCode());
    load.send({ type: 'setup', lanUrl: hub.lanUrl, codes, eventsPerSec: sizes.backgroundEventsPerSec });
    await load.next('ready');

    const probe = await SignedDevice.pair(hub.lanUrl, await admin.pairingCode(), 'latency probe');
    const connection = probe.connect();
    const stream = await openDeviceStream(hub.lanUrl, probe.token);
    const bodies = probe.signReturns(sizes.warmup + sizes.samples).map((event) => JSON.stringify({ events: [event] }));
    await connection.json('GET', '/health');

    const floor = await measureFloor(bodies, sizes);
    const cpu = startCpuMeter(hub.pid, [load.pid]);
    load.send({ type: 'start' });
    // Let the background reach its steady rate before anything counts.
    await sleep(1_000);
    const latencies = await timeRequests(connection, bodies, sizes, (reply) => acceptedIn(reply.status, reply.body));
    load.send({ type: 'stop' });
    const report = await load.next('done');
    const cpuShare = cpu();
    connection.close();
    stream.close();

    return {
      devices: sizes.devices,
      ...figures(latencies),
      floor,
      offeredEventsPerSec: sizes.backgroundEventsPerSec,
      backgroundEventsPerSec: report.pushed / (report.elapsedMs / 1000),
      streamMessagesPerSec: report.streamMessages / (report.elapsedMs / 1000),
      cpu: cpuShare,
    };
  } finally {
    load.kill();
  }
}

/**
 * Times each body's request, one at a time with the probe's pauses between them, from writing it to the end of the
 * answer; the first `warmup` are not kept. Stops early at `maxMs`.
 */
async function timeRequests(
  connection: LanConnection,
  bodies: readonly string[],
  sizes: LatencySizes,
  check: (reply: LanReply) => unknown,
): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = performance.now() + sizes.maxMs;
  for (const [index, body] of bodies.entries()) {
    if (performance.now() > deadline) break;
    const sent = performance.now();
    const reply = await connection.request('POST', '/v1/events', body);
    const ms = performance.now() - sent;
    check(reply);
    if (index >= sizes.warmup) latencies.push(ms);
    await sleep(sizes.gapMs * (0.5 + Math.random()));
  }
  return latencies;
}

function figures(latencies: number[]): LatencyFigures {
  latencies.sort((a, b) => a - b);
  return {
    samples: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    slowestMs: latencies.at(-1) ?? Number.NaN,
  };
}

/** The probe's own bodies, pauses and client against the floor server, in a process of its own like the hub. */
async function measureFloor(bodies: readonly string[], sizes: LatencySizes): Promise<LatencyFigures> {
  const server = forkBenchChild('https-floor-server.ts');
  try {
    const ready = await firstMessage<FromFloorServer>(server, 'the floor server', 60_000);
    const connection = new LanConnection(`https://127.0.0.1:${ready.port}`);
    try {
      return figures(
        await timeRequests(connection, bodies, sizes, (reply) => {
          if (reply.status !== 200) throw new Error(`the floor server answered ${reply.status}`);
        }),
      );
    } finally {
      connection.close();
    }
  } finally {
    server.disconnect();
  }
}

interface LoadProcess {
  readonly pid: number;
  send(message: ToLoad): void;
  next(type: 'ready'): Promise<void>;
  next(type: 'done'): Promise<LoadReport>;
  kill(): void;
}

function forkLoad(): LoadProcess {
  const child = forkBenchChild('background-load.ts');
  const messages: FromLoad[] = [];
  const waiters: Array<() => void> = [];
  const receive = (message: FromLoad) => {
    messages.push(message);
    for (const wake of waiters.splice(0)) wake();
  };
  child.on('message', receive);
  child.once('exit', (code, signal) => receive({ type: 'failed', message: `exited (${signal ?? code})` }));
  const next = (type: 'ready' | 'done') =>
    withTimeout(
      new Promise<LoadReport | undefined>((resolve, reject) => {
        const check = () => {
          const failed = messages.find((message) => message.type === 'failed');
          if (failed?.type === 'failed') return reject(new Error(`background load failed: ${failed.message}`));
          const found = messages.find((message) => message.type === type);
          if (!found) return waiters.push(check);
          resolve(found.type === 'done' ? found.report : undefined);
        };
        check();
      }),
      120_000,
      `the background load sent no '${type}' within 120 s`,
    );
  return {
    pid: child.pid!,
    send: (message) => child.send(message),
    next: next as LoadProcess['next'],
    kill: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}

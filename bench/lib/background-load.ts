/**
 * A child process (forked by push-latency.ts) that keeps the hub busy while the latency of single pushes is probed:
 * its devices hold live streams and push one-event batches at a steady total rate. It is a process of its own so its
 * TLS, WebSocket and signing work never delays the probe's event loop, and so never its timings.
 */
import type { LanConnection } from './lan-client.js';
import { acceptedIn, SignedDevice } from './signed-device.js';
import { openDeviceStream, type DeviceStream } from './stream-client.js';
import { sleep } from './timing.js';

export type ToLoad =
  { type: 'setup'; lanUrl: string; codes: string[]; eventsPerSec: number } | { type: 'start' } | { type: 'stop' };

export interface LoadReport {
  pushed: number;
  elapsedMs: number;
  /** Messages the load's streams received, mostly cursor notices after each commit. */
  streamMessages: number;
}

export type FromLoad = { type: 'ready' } | { type: 'done'; report: LoadReport } | { type: 'failed'; message: string };

interface LoadDevice {
  device: SignedDevice;
  connection: LanConnection;
  stream: DeviceStream;
}

let devices: LoadDevice[] = [];
let eventsPerSec = 0;
let stopped = false;
let running: Promise<void> | undefined;
let pushed = 0;
let startedAt = 0;

const send = (message: FromLoad): void => {
  process.send!(message);
};

const fail = (error: unknown) => send({ type: 'failed', message: (error as Error).stack ?? String(error) });

process.on('message', (message: ToLoad) => {
  handle(message).catch(fail);
});
// Open sockets would keep this process alive after the bench that forked it ended.
process.once('disconnect', () => process.exit());

async function handle(message: ToLoad): Promise<void> {
  if (message.type === 'setup') {
    eventsPerSec = message.eventsPerSec;
    for (const [index, code] of message.codes.entries()) {
      const device = await SignedDevice.pair(message.lanUrl, code, `load till ${index + 1}`);
      const connection = device.connect();
      await connection.json('GET', '/health');
      devices.push({ device, connection, stream: await openDeviceStream(message.lanUrl, device.token) });
    }
    send({ type: 'ready' });
  } else if (message.type === 'start') {
    startedAt = performance.now();
    // A failed push is reported at once; the parent sees it before any 'done'.
    running = Promise.all(devices.map((entry, index) => pushSteadily(entry, index))).then(() => undefined, fail);
  } else {
    stopped = true;
    await running;
    const report = {
      pushed,
      elapsedMs: performance.now() - startedAt,
      streamMessages: devices.reduce((sum, { stream }) => sum + stream.received(), 0),
    };
    for (const { connection, stream } of devices) {
      connection.close();
      stream.close();
    }
    devices = [];
    // The parent reads this process's CPU time before it ends it, so it stays until killed.
    send({ type: 'done', report });
  }
}

/**
 * Open loop: each device pushes on a fixed schedule, phase-shifted from the others, whatever the answers take; a
 * late answer makes the next push go at once, so a slow hub still gets the offered rate (up to one push per device
 * in flight, since a device's seqs must arrive in order). Signing one event at a time costs this process ~0.1 ms.
 */
async function pushSteadily({ device, connection }: LoadDevice, index: number): Promise<void> {
  const intervalMs = (1000 * devices.length) / eventsPerSec;
  let next = startedAt + (intervalMs * index) / devices.length;
  while (!stopped) {
    await sleep(next - performance.now());
    if (stopped) return;
    const reply = await connection.request('POST', '/v1/events', JSON.stringify({ events: device.signReturns(1) }));
    pushed += acceptedIn(reply.status, reply.body);
    next += intervalMs;
  }
}

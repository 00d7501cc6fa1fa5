import { startCpuMeter, type CpuShare } from './lib/cpu-meter.js';
import { acceptedIn, pushBodies, type SignedDevice } from './lib/signed-device.js';

export interface IngestSizes {
  eventsPerDevice: number;
  /** Events per push; 500 is the protocol's maximum and what the SDK sends when it has a backlog. */
  batchSize: number;
  /** No new batch starts after this; what was reached is reported. */
  maxMs: number;
}

export interface IngestResult {
  devices: number;
  batchSize: number;
  /** Accepted (durable: the hub answers after the commit) within the run. */
  events: number;
  planned: number;
  elapsedMs: number;
  eventsPerSec: number;
  cpu: CpuShare;
}

/**
 * Every device pushes its own pre-signed, pre-serialised batches one after another (as a device must: seqs are
 * ordered), all devices at once, each on its own kept-alive connection. The clock runs from the first push to the
 * last answer, so only the hub's work and the transport are timed.
 */
export async function runIngest(
  hubPid: number,
  devices: readonly SignedDevice[],
  sizes: IngestSizes,
): Promise<IngestResult> {
  const plans = devices.map((device) => ({
    connection: device.connect(),
    bodies: pushBodies(device.signReturns(sizes.eventsPerDevice), sizes.batchSize),
  }));
  try {
    // TLS handshakes happen before the clock starts, as for tills that are already connected.
    await Promise.all(plans.map(({ connection }) => connection.json('GET', '/health')));
    let events = 0;
    const cpu = startCpuMeter(hubPid);
    const started = performance.now();
    const deadline = started + sizes.maxMs;
    await Promise.all(
      plans.map(async ({ connection, bodies }) => {
        for (const body of bodies) {
          if (performance.now() > deadline) return;
          const reply = await connection.request('POST', '/v1/events', body);
          events += acceptedIn(reply.status, reply.body);
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    return {
      devices: devices.length,
      batchSize: sizes.batchSize,
      events,
      planned: devices.length * sizes.eventsPerDevice,
      elapsedMs,
      eventsPerSec: events / (elapsedMs / 1000),
      cpu: cpu(),
    };
  } finally {
    for (const { connection } of plans) connection.close();
  }
}

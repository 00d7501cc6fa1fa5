/**
 * A child process (forked through ingest-load-process.ts) that keeps a hub at full ingest while something else is
 * timed against it: its devices push pre-signed 500-event batches back to back, each device on its own connection,
 * as the ingest scenario does, until told to stop or out of events.
 *
 * It is a process of its own because the load is heavy where the timing is delicate: at ~10k events/s it
 * serialises, encrypts and sends megabytes a second and parses 500-result answers, and signing its budget beforehand
 * blocks for seconds. In the timing process every such slice would delay the timer callbacks and socket reads that
 * stamp a measurement, so the figures would include the load generator's own event-loop stalls, not just the hub's.
 */
import type { LanConnection, LanReply } from './lan-client.js';
import { acceptedIn, pushBodies, SignedDevice } from './signed-device.js';

export type ToIngestLoad =
  | { type: 'setup'; lanUrl: string; codes: string[]; eventsPerDevice: number; batchSize: number }
  | { type: 'start' }
  | { type: 'mark' }
  | { type: 'stop' };

export interface IngestLoadCount {
  /** Events the hub accepted from the load so far (counted when each push's answer arrives). */
  accepted: number;
  /** Pushes the hub refused as malformed HTTP and that were sent again (see pushAll). */
  resent: number;
  /** Since 'start', by this process's clock. */
  elapsedMs: number;
}

export type FromIngestLoad =
  | { type: 'ready'; events: number }
  | { type: 'marked'; count: IngestLoadCount }
  /** A device pushed its last pre-signed batch: from now on the load thins out. */
  | { type: 'ran-out'; count: IngestLoadCount }
  | { type: 'done'; count: IngestLoadCount }
  | { type: 'failed'; message: string };

interface LoadDevice {
  connection: LanConnection;
  bodies: string[];
}

let devices: LoadDevice[] = [];
let stopped = false;
let ranOut = false;
let running: Promise<void> | undefined;
let accepted = 0;
let resent = 0;
let startedAt = 0;
/** A push refused this often in a row is a broken hub, not the race pushAll works around. */
const MAX_RESENDS = 3;

const send = (message: FromIngestLoad): void => {
  process.send!(message);
};
const count = (): IngestLoadCount => ({ accepted, resent, elapsedMs: performance.now() - startedAt });
const fail = (error: unknown) => send({ type: 'failed', message: (error as Error).stack ?? String(error) });

process.on('message', (message: ToIngestLoad) => {
  handle(message).catch(fail);
});
// Open sockets would keep this process alive after the bench that forked it ended.
process.once('disconnect', () => process.exit());

async function handle(message: ToIngestLoad): Promise<void> {
  if (message.type === 'setup') {
    const paired: SignedDevice[] = [];
    for (const [index, code] of message.codes.entries()) {
      paired.push(await SignedDevice.pair(message.lanUrl, code, `ingest load till ${index + 1}`));
    }
    const signed = paired.map((device) => ({
      device,
      bodies: pushBodies(device.signReturns(message.eventsPerDevice), message.batchSize),
    }));
    // Connected after the (long) signing, so no connection idles through it; TLS handshakes before the load
    // starts, as for tills that are already connected.
    for (const { device, bodies } of signed) {
      const connection = device.connect();
      await connection.json('GET', '/health');
      devices.push({ connection, bodies });
    }
    send({ type: 'ready', events: message.codes.length * message.eventsPerDevice });
  } else if (message.type === 'start') {
    startedAt = performance.now();
    // A failed push is reported at once; the parent sees it before any 'done'.
    running = Promise.all(devices.map(pushAll)).then(() => undefined, fail);
  } else if (message.type === 'mark') {
    send({ type: 'marked', count: count() });
  } else {
    stopped = true;
    await running;
    const final = count();
    for (const { connection } of devices) connection.close();
    devices = [];
    // The parent reads this process's CPU time before it ends it, so it stays until killed.
    send({ type: 'done', count: final });
  }
}

/**
 * One device's batches in seq order, each sent when the last was answered (a device's seqs must arrive in order).
 * A push answered 400 MALFORMED_REQUEST is sent again, counted: with many 500-event pushes at once the hub's HTTP
 * parser sometimes fails a well-formed one (Node's HPE_PAUSED, seen on the hub of commit fc65659 too), before any
 * route ran, so nothing of it was recorded. Failing the scenario on it would lose the figure this load is for; the
 * count goes into the report instead.
 */
async function pushAll({ connection, bodies }: LoadDevice): Promise<void> {
  for (const body of bodies) {
    if (stopped) return;
    let reply = await connection.request('POST', '/v1/events', body);
    for (let resends = 0; resends < MAX_RESENDS && refusedAsMalformed(reply); resends += 1) {
      resent += 1;
      reply = await connection.request('POST', '/v1/events', body);
    }
    accepted += acceptedIn(reply.status, reply.body);
  }
  if (!stopped && !ranOut) {
    ranOut = true;
    send({ type: 'ran-out', count: count() });
  }
}

function refusedAsMalformed(reply: LanReply): boolean {
  return reply.status === 400 && reply.body.toString('utf8').includes('"MALFORMED_REQUEST"');
}

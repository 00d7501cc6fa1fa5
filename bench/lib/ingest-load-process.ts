import { forkBenchChild } from './bench-child.js';
import type { FromIngestLoad, IngestLoadCount, ToIngestLoad } from './ingest-load.js';
import { withTimeout } from './timing.js';

/** The parent's handle on a forked ingest load (ingest-load.ts). */
export interface IngestLoadProcess {
  readonly pid: number;
  /** Pairs the devices with `codes` and signs every event they will push; resolves with how many. */
  setUp(setup: Omit<Extract<ToIngestLoad, { type: 'setup' }>, 'type'>): Promise<number>;
  start(): void;
  /** The load's count now (one IPC round trip late, negligible beside the windows it delimits). */
  mark(): Promise<IngestLoadCount>;
  /** Set once any device pushed its last pre-signed batch. */
  readonly ranOut: IngestLoadCount | undefined;
  /** Stops pushing, waits for the pushes in flight; the final count. */
  stop(): Promise<IngestLoadCount>;
  kill(): void;
}

/** Signing 200k events takes a loaded 2-core machine some tens of seconds. */
const REPLY_TIMEOUT_MS = 180_000;

export function forkIngestLoad(): IngestLoadProcess {
  const child = forkBenchChild('ingest-load.ts');
  const messages: FromIngestLoad[] = [];
  const waiters: Array<() => void> = [];
  let ranOut: IngestLoadCount | undefined;
  const receive = (message: FromIngestLoad) => {
    if (message.type === 'ran-out') ranOut = message.count;
    else messages.push(message);
    for (const wake of waiters.splice(0)) wake();
  };
  child.on('message', receive);
  child.once('exit', (code, signal) => receive({ type: 'failed', message: `exited (${signal ?? code})` }));
  /** The first unread message of `type` (a failure rejects instead, whenever it came). */
  const next = <T extends FromIngestLoad['type']>(type: T) =>
    withTimeout(
      new Promise<Extract<FromIngestLoad, { type: T }>>((resolve, reject) => {
        const check = () => {
          const failed = messages.find((message) => message.type === 'failed');
          if (failed?.type === 'failed') return reject(new Error(`the ingest load failed: ${failed.message}`));
          const index = messages.findIndex((message) => message.type === type);
          if (index < 0) return waiters.push(check);
          resolve(messages.splice(index, 1)[0] as Extract<FromIngestLoad, { type: T }>);
        };
        check();
      }),
      REPLY_TIMEOUT_MS,
      `the ingest load sent no '${type}' within ${REPLY_TIMEOUT_MS / 1000} s`,
    );
  const send = (message: ToIngestLoad) => child.send(message);
  return {
    pid: child.pid!,
    async setUp(setup) {
      send({ type: 'setup', ...setup });
      return (await next('ready')).events;
    },
    start: () => send({ type: 'start' }),
    async mark() {
      send({ type: 'mark' });
      return (await next('marked')).count;
    },
    get ranOut() {
      return ranOut;
    },
    async stop() {
      send({ type: 'stop' });
      return (await next('done')).count;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

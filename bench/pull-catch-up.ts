import https from 'node:https';
import { startCpuMeter, type CpuShare } from './lib/cpu-meter.js';
import type { LanConnection } from './lib/lan-client.js';
import type { SignedDevice } from './lib/signed-device.js';

export interface PullSizes {
  /** Records per page; 1000 is the protocol's maximum. */
  limit: number;
  maxMs: number;
}

export interface PullResult {
  devices: number;
  /** The ledger head every device catches up to. */
  headCursor: number;
  /** Records delivered to all devices together within the run. */
  records: number;
  pages: number;
  bytes: number;
  /** Devices that reached the head. */
  caughtUp: number;
  elapsedMs: number;
  cpu: CpuShare;
}

/** The reply ends `…],"cursor":123,"hasMore":true}` (see EventQueries.pullPage). */
const PAGE_TAIL = /"cursor":(\d+),"hasMore":(true|false)}$/;
const TAIL_BYTES = 64;
const REQUEST_TIMEOUT_MS = 60_000;

/** One page as the bench reads it: its status, its length and its last bytes (the whole body when not 200). */
interface PageEnd {
  status: number;
  length: number;
  tail: Buffer;
}

type PageReader = (path: string) => Promise<PageEnd>;

/**
 * Every device pulls the whole ledger from cursor 0, page after page, all at once, on its own kept-alive
 * connection. Only the tail of each page is read (cursor and hasMore): a real device parses its pages on its own
 * CPU, while here fifty devices share the machine with the hub. Given the hub's LAN URL, a device also keeps only
 * the last bytes it received instead of joining the whole page: with the hub serving a page in about a millisecond,
 * joining 550 KB pages made this process, not the hub, the one the figure measured. Cursors have no gaps, so
 * records per page are the cursor difference.
 */
export async function runPullCatchUp(
  hubPid: number,
  devices: readonly SignedDevice[],
  sizes: PullSizes,
  lanUrl?: string,
): Promise<PullResult> {
  const connections = devices.map((device) => device.connect());
  const agents: https.Agent[] = [];
  try {
    const ready = await connections[0]!.json<{ ledger: { cursor: number } }>('GET', '/health/ready');
    const headCursor = ready.ledger.cursor;
    const readers = devices.map((device, index) => {
      if (lanUrl === undefined) return wholePageReader(connections[index]!);
      const agent = new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
      agents.push(agent);
      return tailReader(lanUrl, device.token, agent);
    });
    // TLS handshakes happen before the clock starts, as for tills that are already connected.
    await Promise.all(readers.map((read) => read('/health')));
    const totals = { records: 0, pages: 0, bytes: 0, caughtUp: 0 };
    const cpu = startCpuMeter(hubPid);
    const started = performance.now();
    const deadline = started + sizes.maxMs;
    await Promise.all(
      readers.map(async (read) => {
        const reached = await catchUp(read, sizes.limit, deadline, totals);
        if (reached >= headCursor) totals.caughtUp += 1;
      }),
    );
    const elapsedMs = performance.now() - started;
    return { devices: devices.length, headCursor, ...totals, elapsedMs, cpu: cpu() };
  } finally {
    for (const connection of connections) connection.close();
    for (const agent of agents) agent.destroy();
  }
}

async function catchUp(
  read: PageReader,
  limit: number,
  deadline: number,
  totals: { records: number; pages: number; bytes: number },
): Promise<number> {
  let after = 0;
  for (let hasMore = true; hasMore && performance.now() < deadline;) {
    const reply = await read(`/v1/events?after=${after}&limit=${limit}`);
    const tail = PAGE_TAIL.exec(reply.tail.subarray(-TAIL_BYTES).toString('utf8'));
    if (reply.status !== 200 || !tail) {
      throw new Error(`pull answered ${reply.status}: ${reply.tail.subarray(0, 300).toString('utf8')}`);
    }
    const cursor = Number(tail[1]);
    totals.records += cursor - after;
    totals.pages += 1;
    totals.bytes += reply.length;
    after = cursor;
    hasMore = tail[2] === 'true';
  }
  return after;
}

function wholePageReader(connection: LanConnection): PageReader {
  return async (path) => {
    const reply = await connection.request('GET', path);
    return { status: reply.status, length: reply.body.length, tail: reply.body };
  };
}

/** A GET that keeps the last TAIL_BYTES of a 200 answer (all of any other, for the error message). */
function tailReader(lanUrl: string, token: string, agent: https.Agent): PageReader {
  return (path) =>
    new Promise((resolve, reject) => {
      const request = https.get(`${lanUrl}${path}`, { agent, headers: { authorization: `Bearer ${token}` } });
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`GET ${path} timed out`)));
      request.once('error', reject);
      request.once('response', (response) => {
        const keepAll = response.statusCode !== 200;
        let kept: Buffer[] = [];
        let keptBytes = 0;
        let length = 0;
        response.on('data', (chunk: Buffer) => {
          length += chunk.length;
          kept.push(chunk);
          keptBytes += chunk.length;
          // Chunks are TLS records of up to 16 KB; the tail may straddle two, so the last ones covering it stay.
          while (!keepAll && kept.length > 1 && keptBytes - kept[0]!.length >= TAIL_BYTES) {
            keptBytes -= kept.shift()!.length;
          }
        });
        response.once('error', reject);
        response.once('end', () => {
          const tail = Buffer.concat(kept);
          kept = [];
          resolve({ status: response.statusCode ?? 0, length, tail });
        });
      });
    });
}

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

/**
 * Every device pulls the whole ledger from cursor 0, page after page, all at once, on its own kept-alive
 * connection. Only the tail of each page is read (cursor and hasMore): a real device parses its pages on its own
 * CPU, while here fifty devices would share the one core the hub does not use. Cursors have no gaps, so records per
 * page are the cursor difference.
 */
export async function runPullCatchUp(
  hubPid: number,
  devices: readonly SignedDevice[],
  sizes: PullSizes,
): Promise<PullResult> {
  const connections = devices.map((device) => device.connect());
  try {
    const ready = await connections[0]!.json<{ ledger: { cursor: number } }>('GET', '/health/ready');
    const headCursor = ready.ledger.cursor;
    await Promise.all(connections.map((connection) => connection.json('GET', '/health')));
    const totals = { records: 0, pages: 0, bytes: 0, caughtUp: 0 };
    const cpu = startCpuMeter(hubPid);
    const started = performance.now();
    const deadline = started + sizes.maxMs;
    await Promise.all(
      connections.map(async (connection) => {
        const reached = await catchUp(connection, sizes.limit, deadline, totals);
        if (reached >= headCursor) totals.caughtUp += 1;
      }),
    );
    const elapsedMs = performance.now() - started;
    return { devices: devices.length, headCursor, ...totals, elapsedMs, cpu: cpu() };
  } finally {
    for (const connection of connections) connection.close();
  }
}

async function catchUp(
  connection: LanConnection,
  limit: number,
  deadline: number,
  totals: { records: number; pages: number; bytes: number },
): Promise<number> {
  let after = 0;
  for (let hasMore = true; hasMore && performance.now() < deadline;) {
    const reply = await connection.request('GET', `/v1/events?after=${after}&limit=${limit}`);
    const tail = PAGE_TAIL.exec(reply.body.subarray(-64).toString('utf8'));
    if (reply.status !== 200 || !tail) {
      throw new Error(`pull answered ${reply.status}: ${reply.body.subarray(0, 300).toString('utf8')}`);
    }
    const cursor = Number(tail[1]);
    totals.records += cursor - after;
    totals.pages += 1;
    totals.bytes += reply.body.length;
    after = cursor;
    hasMore = tail[2] === 'true';
  }
  return after;
}

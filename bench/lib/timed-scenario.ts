import type { DrawerKickResult, DrawerKickSizes } from '../drawer-kick.js';
import type { LatencyResult, LatencySizes } from '../push-latency.js';
import { firstMessage, forkBenchChild } from './bench-child.js';
import type { HubEndpoints } from './hub-process.js';

/** The scenarios whose figures are latencies, so a pause of the process timing them counts against the hub. */
export type ToTimedScenario = { hub: HubEndpoints } & (
  { scenario: 'latency'; sizes: LatencySizes } | { scenario: 'drawer'; sizes: DrawerKickSizes }
);

interface TimedResults {
  latency: LatencyResult;
  drawer: DrawerKickResult;
}

export type FromTimedScenario =
  { type: 'done'; result: TimedResults[keyof TimedResults] } | { type: 'failed'; message: string };

/** Longer than either scenario takes at its full size with its signing, on a slow machine. */
const TIMEOUT_MS = 10 * 60_000;

/**
 * Runs a latency scenario in a process of its own. The bench's own process has by then run the throughput scenarios
 * (pull catch-up's clients, mass recovery's SDK devices) and carries their heap: its collections (a full one of
 * ~150 MB among them) paused it for 10–30 ms at a time, and some of those pauses fell inside the kicks it timed.
 */
export async function runTimedScenario<S extends ToTimedScenario['scenario']>(
  scenario: S,
  hub: HubEndpoints,
  sizes: Extract<ToTimedScenario, { scenario: S }>['sizes'],
): Promise<TimedResults[S]> {
  const child = forkBenchChild('timed-scenario-child.ts');
  try {
    // The endpoints alone: a HubProcess's methods cannot cross to another process.
    child.send({ scenario, hub: { pid: hub.pid, uiUrl: hub.uiUrl, lanUrl: hub.lanUrl }, sizes } as ToTimedScenario);
    const answer = await firstMessage<FromTimedScenario>(child, `the ${scenario} scenario`, TIMEOUT_MS);
    return answer.result as TimedResults[S];
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

import { startHubProcess, type HubProcess, type HubProcessOptions } from './lib/hub-process.js';
import { sleep } from './lib/timing.js';

export interface StartupResult<T> {
  /** Running and idle; its `startToReadyMs` is the start-up figure. */
  hub: HubProcess;
  /** Resident set size once the hub sat idle for `idleMs` after ready. */
  idleRssBytes: number;
  /** What `whileIdle` returned. */
  measured: T;
}

/**
 * Starts a headless hub, then leaves it idle for `idleMs` before reading its RSS. The idle time is not wasted:
 * `whileIdle` runs in it (the ceiling measurements, which want a quiet machine anyway, and an idle hub is quiet).
 */
export async function startAndIdle<T>(
  options: HubProcessOptions,
  idleMs: number,
  whileIdle: () => T,
): Promise<StartupResult<T>> {
  const hub = await startHubProcess(options);
  const idleUntil = performance.now() + idleMs;
  const measured = whileIdle();
  await sleep(idleUntil - performance.now());
  return { hub, idleRssBytes: hub.rssBytes(), measured };
}

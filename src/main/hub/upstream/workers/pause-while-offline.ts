import type { ConnectivityMonitor } from '../connectivity/connectivity-monitor.js';
import type { ConnectorWorkerPool } from './connector-worker-pool.js';

/**
 * Ties a pool to its upstream's reachability (DESIGN §6): paused while the target is offline, so an outage costs no
 * attempts and no backoff, and resumed the moment the monitor sees it back. Degraded keeps working: a slow or once
 * failing upstream still takes jobs, and their own retries handle the failures. Returns the function that unties.
 */
export function pauseWhileOffline(pool: ConnectorWorkerPool, monitor: ConnectivityMonitor, target: string): () => void {
  const current = monitor.status(target);
  if (!current) throw new Error(`the connectivity monitor does not probe ${target}`);
  const apply = (state: string): void => {
    if (state === 'offline') pool.pause(`${target} is offline`);
    else pool.resume();
  };
  apply(current.state);
  return monitor.subscribe((status) => {
    if (status.target === target) apply(status.state);
  });
}

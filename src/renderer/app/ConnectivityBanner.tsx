import { useEffect, useState } from 'react';
import { useOverview } from '../api/overview.js';
import { formatTime } from '../format.js';
import { deriveConnectivity, type ConnectivityLevel } from '../live/connectivity.js';
import { useStreamState } from '../live/LiveProvider.js';

const HEADLINE: Record<ConnectivityLevel, string> = { online: 'Online', degraded: 'Degraded', offline: 'Offline' };

/** When the level last changed, as this window saw it. */
function useSince(level: ConnectivityLevel): number {
  const [since, setSince] = useState({ level, at: Date.now() });
  useEffect(() => {
    if (since.level !== level) setSince({ level, at: Date.now() });
  }, [level, since.level]);
  return since.at;
}

/**
 * The global connectivity banner (outbox seed: "global OFFLINE banner"). It reports the link between this screen and
 * the hub; internet and upstream services are not monitored until upstream connectors exist, and it says so.
 */
export function ConnectivityBanner() {
  const overview = useOverview();
  const stream = useStreamState();
  const { level, reason } = deriveConnectivity({
    stream,
    overviewError: overview.error,
    hubState: overview.data?.hub.state,
  });
  const since = useSince(level);
  return (
    <div className={`connectivity connectivity-${level}`} role="status" aria-label="Connectivity">
      <strong className="connectivity-level">{HEADLINE[level]}</strong>
      <span>
        since {formatTime(since)}. {reason}
      </span>
      <span className="connectivity-upstream">Internet and upstream services: not monitored yet (no connectors).</span>
    </div>
  );
}

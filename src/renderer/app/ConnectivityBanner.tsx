import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useOverview } from '../api/overview.js';
import { useUpstreamOverview } from '../api/upstream.js';
import { formatTime } from '../format.js';
import { useNow } from '../hooks/useNow.js';
import { deriveConnectivity, type ConnectivityLevel } from '../live/connectivity.js';
import { useStreamState } from '../live/LiveProvider.js';
import { bannerItems } from '../pages/upstream/upstream-copy.js';

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
 * The internet and each upstream as the hub's connectivity monitor sees them. While the hub itself does not answer,
 * what it last said about them is stale, so nothing is claimed.
 */
function UpstreamStates({ hubAnswers }: { hubAnswers: boolean }) {
  const upstream = useUpstreamOverview();
  const now = useNow(15_000);
  let content;
  if (!hubAnswers) content = 'Internet and upstream services: unknown while the hub does not answer.';
  else if (upstream.data)
    content = bannerItems(upstream.data, now).map((item) => (
      <span key={item.key} className={`connectivity-item tone-${item.tone}`}>
        {item.text}
      </span>
    ));
  else if (upstream.isError) content = 'Internet and upstream services: the hub did not say.';
  else content = 'Internet and upstream services: checking…';
  // Out of the tab order: it sits before the navigation on every screen, whose Upstream link goes to the same place.
  return (
    <Link to="/upstream" className="connectivity-upstream" tabIndex={-1}>
      {content}
    </Link>
  );
}

/**
 * The global connectivity banner (outbox seed: "global OFFLINE banner"). Its headline is the link between this screen
 * and the hub; beside it, the internet and every upstream service, linking to the Upstream screen.
 */
export function ConnectivityBanner() {
  const overview = useOverview();
  const stream = useStreamState();
  const { level, reason } = deriveConnectivity({
    stream,
    overviewError: overview.error,
    overviewAttemptError: overview.failureReason,
    hubState: overview.data?.hub.state,
  });
  const since = useSince(level);
  return (
    <div className={`connectivity connectivity-${level}`} role="status" aria-label="Connectivity">
      <strong className="connectivity-level">{HEADLINE[level]}</strong>
      <span>
        since {formatTime(since)}. {reason}
      </span>
      <UpstreamStates hubAnswers={level !== 'offline'} />
    </div>
  );
}

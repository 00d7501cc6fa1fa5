import { useSyncNow, type ConnectorView } from '../../api/upstream.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatCount, formatDuration } from '../../format.js';
import { useNow } from '../../hooks/useNow.js';
import { UPSTREAM_JOB_STATES } from '../../../shared/protocol/upstream-views.js';
import {
  connectorSituation,
  JOB_STATE_TEXT,
  reachabilityStatus,
  sinceText,
  UPSTREAM_ERROR_TEXT,
} from './upstream-copy.js';

/** One connector: can it be reached and since when, is it set up, what it still owes, and how fast it drains. */
export function ConnectorCard({ connector, canAct }: { connector: ConnectorView; canAct: boolean }) {
  const syncNow = useSyncNow();
  const now = useNow(15_000);
  const reach = connector.reachability;
  const situation = connectorSituation(connector);
  const oldest = connector.oldestQueuedAt;

  return (
    <Card
      title={connector.label}
      className={`connector-card${situation.tone === 'ok' ? '' : ' connector-attention'}`}
      aside={<StatusBadge status={reachabilityStatus(reach.state)} />}
    >
      <p className={`connector-situation tone-${situation.tone}`}>{situation.label}</p>
      <Facts>
        <Fact label="Reachable">
          {reachabilityStatus(reach.state).label}: {sinceText(reach, now)}
          {reach.lastError ? <div className="small muted">Last probe: {reach.lastError}</div> : null}
        </Fact>
        <Fact label="Set up">{connector.configured ? 'Yes' : 'No'}</Fact>
        <Fact label="Still to send">
          {formatCount(connector.depth)} ({formatCount(connector.counts.queued)} queued ·{' '}
          {formatCount(connector.counts.in_flight)} sending)
        </Fact>
        <Fact label="Oldest waiting">
          {oldest ? (
            <time dateTime={oldest} title={oldest}>
              {formatDuration(now - Date.parse(oldest))}
            </time>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="Done last hour">{formatCount(connector.doneLastHour)}</Fact>
        <Fact label="All jobs">
          {UPSTREAM_JOB_STATES.map((state) => `${JOB_STATE_TEXT[state]} ${formatCount(connector.counts[state])}`).join(
            ' · ',
          )}
        </Fact>
      </Facts>
      {canAct ? (
        <>
          <div className="actions">
            <button
              type="button"
              className="button small"
              onClick={() => syncNow.mutate(connector.name)}
              disabled={syncNow.isPending}
              aria-label={`Sync now: ${connector.label}`}
            >
              {syncNow.isPending ? 'Asking…' : 'Sync now'}
            </button>
          </div>
          {syncNow.data ? (
            <p className="notice" role="status">
              {syncNow.data.expedited === 0
                ? 'Nothing was waiting out a pause: every queued job is already due.'
                : `${formatCount(syncNow.data.expedited)} waiting ${syncNow.data.expedited === 1 ? 'job goes' : 'jobs go'} now.`}
              {connector.paused ? ' The connector is paused, so they go once it is reachable.' : ''}
            </p>
          ) : null}
          <ErrorMessage error={syncNow.error} messages={UPSTREAM_ERROR_TEXT} />
        </>
      ) : (
        <p className="card-note">A manager can sync now, retry or cancel jobs.</p>
      )}
    </Card>
  );
}

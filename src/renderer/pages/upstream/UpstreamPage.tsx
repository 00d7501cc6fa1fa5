import { useSearchParams } from 'react-router';
import { useUpstreamOverview, type TargetStatusView, type UpstreamJobFilter } from '../../api/upstream.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryView } from '../../components/QueryView.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Time } from '../../components/Time.js';
import { useNow } from '../../hooks/useNow.js';
import { CONEXXUS_CONNECTOR } from '../../../shared/protocol/conexxus-views.js';
import { KSEF_CONNECTOR } from '../../../shared/protocol/ksef-views.js';
import { UPSTREAM_JOB_STATES, type UpstreamJobState } from '../../../shared/protocol/upstream-views.js';
import { ConexxusPanels } from './ConexxusPanels.js';
import { ConnectorCard } from './ConnectorCard.js';
import { KsefPanel } from './KsefPanel.js';
import { StripePanels } from './StripePanels.js';
import { reachabilityStatus, sinceText } from './upstream-copy.js';
import { UpstreamJobs } from './UpstreamJobs.js';

/** The job filters live in the URL, so a reload or a shared link shows the same list. */
function readFilter(params: URLSearchParams): UpstreamJobFilter {
  const state = params.get('state');
  return {
    connector: params.get('connector') || undefined,
    state:
      state && (UPSTREAM_JOB_STATES as readonly string[]).includes(state) ? (state as UpstreamJobState) : undefined,
    kind: params.get('kind') || undefined,
  };
}

function writeFilter(filter: UpstreamJobFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['connector', 'state', 'kind'] as const) {
    const value = filter[name];
    if (value) params.set(name, value);
  }
  return params;
}

/** The store's own internet link: every connector depends on it. */
function InternetCard({ internet }: { internet: TargetStatusView }) {
  const now = useNow(15_000);
  const status = reachabilityStatus(internet.state);
  return (
    <Card title="Internet" className="connector-card" aside={<StatusBadge status={status} />}>
      <Facts>
        <Fact label="Reachable">
          {status.label}: {sinceText(internet, now)}
        </Fact>
        <Fact label="Last probe">
          <Time iso={internet.lastProbeAt} />
          {internet.lastLatencyMs !== null ? <span className="muted small"> · {internet.lastLatencyMs} ms</span> : null}
        </Fact>
        {internet.lastError ? <Fact label="Last error">{internet.lastError}</Fact> : null}
      </Facts>
      <p className="card-note">
        Tills keep selling without it. What they record waits here and is forwarded once the internet is back.
      </p>
    </Card>
  );
}

/**
 * Forwarding to the services beyond the store (DESIGN §6, §10): connectors, their outbox, KSeF's backlog and sessions,
 * Stripe's holds, and Conexxus's end of day and journal.
 */
export function UpstreamPage() {
  const manager = useHasRole('manager');
  const overview = useUpstreamOverview();
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const connectors = overview.data?.connectors ?? [];

  return (
    <>
      <PageHeader
        title="Upstream"
        intro="What the hub still owes the payment processor and other services, and whether it can reach them."
      />
      <QueryView query={overview} loading="Loading connectors…">
        {(data) => (
          <div className="cards connector-cards">
            <InternetCard internet={data.internet} />
            {data.connectors.map((connector) => (
              <ConnectorCard key={connector.name} connector={connector} canAct={manager} />
            ))}
          </div>
        )}
      </QueryView>
      {/* KSeF's own panel sits by its card: its deadlines are legal ones, so a risk to them is seen first. */}
      {connectors.some((connector) => connector.name === KSEF_CONNECTOR) ? <KsefPanel /> : null}
      <UpstreamJobs
        connectors={connectors}
        filter={filter}
        onFilter={(next) => setParams(writeFilter(next), { replace: true })}
        canAct={manager}
      />
      {connectors.some((connector) => connector.name === 'stripe') ? <StripePanels /> : null}
      {connectors.some((connector) => connector.name === CONEXXUS_CONNECTOR) ? (
        <ConexxusPanels canAct={manager} />
      ) : null}
    </>
  );
}

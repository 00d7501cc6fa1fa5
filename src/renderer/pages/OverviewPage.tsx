import { OVERVIEW_REFRESH_MS, useLogout, useOverview } from '../api/queries.js';
import type { Overview, User } from '../api/types.js';
import { Badge, Card, Fact, Facts } from '../components/Card.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { describeError } from '../api/client.js';
import { formatAgo, formatCount, formatDateTime, formatInterval, shortHash } from '../format.js';

function stateTone(state: string): 'ok' | 'warn' | 'off' {
  if (['running', 'ready', 'ok', 'serving'].includes(state)) return 'ok';
  if (['starting', 'stopping', 'degraded', 'recovering'].includes(state)) return 'warn';
  return 'off';
}

export function OverviewPage({ user }: { user: User }) {
  const overview = useOverview();
  const logout = useLogout();
  const data = overview.data;

  return (
    <div className="app-shell">
      <header className="topbar">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            B
          </span>
          Backroom
        </p>
        <div className="topbar-user">
          <span className="user-name">
            {user.name} <span className="user-role">{user.role}</span>
          </span>
          <button type="button" className="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
            Log out
          </button>
        </div>
      </header>

      <main className="page">
        <div className="page-title">
          <h1>{data ? data.hub.name : 'Overview'}</h1>
          {data ? (
            <Badge tone={stateTone(data.hub.state)} className="state">
              {data.hub.state}
            </Badge>
          ) : null}
          {overview.dataUpdatedAt > 0 ? (
            <span className="updated muted">
              Updated {new Date(overview.dataUpdatedAt).toLocaleTimeString()} · refreshes every{' '}
              {OVERVIEW_REFRESH_MS / 1000} s
            </span>
          ) : null}
        </div>
        <ErrorMessage error={logout.error} />

        {overview.isError && data ? (
          <p className="banner banner-warn" role="alert">
            {describeError(overview.error)} Showing the last known state; retrying every few seconds.
          </p>
        ) : null}
        {overview.isError && !data ? <ErrorMessage error={overview.error} /> : null}
        {overview.isPending ? <p className="muted">Loading the hub’s state…</p> : null}
        {data ? <OverviewCards data={data} /> : null}
      </main>
    </div>
  );
}

function OverviewCards({ data }: { data: Overview }) {
  const { hub, listeners, ledger, backups, mdns } = data;
  return (
    <div className="cards">
      <Card title="Hub">
        <Facts>
          <Fact label="Name">{hub.name}</Fact>
          <Fact label="Hub ID" mono>
            {hub.hubId}
          </Fact>
          <Fact label="Store ID" mono>
            {hub.storeId}
          </Fact>
          <Fact label="State">{hub.state}</Fact>
          <Fact label="Version">{hub.version}</Fact>
          <Fact label="Started">
            {formatDateTime(hub.startedAt)} <span className="muted">{formatAgo(hub.startedAt)}</span>
          </Fact>
        </Facts>
      </Card>

      <Card title="Listeners">
        <Facts>
          <Fact label="Back-office UI" mono>
            {listeners.ui.url}
          </Fact>
          <Fact label="Device LAN" mono>
            {listeners.lan.url}
          </Fact>
          <Fact label="TLS fingerprint" mono>
            <span className="fingerprint">{listeners.lan.tlsFingerprint}</span>
          </Fact>
        </Facts>
        <p className="card-note">Devices pin this fingerprint when they pair; it must not change.</p>
      </Card>

      <Card title="Ledger">
        <Facts>
          <Fact label="Cursor" mono>
            {String(ledger.cursor)}
          </Fact>
          <Fact label="Head hash" mono>
            <span title={ledger.hash}>{ledger.hash ? shortHash(ledger.hash) : '—'}</span>
          </Fact>
          <Fact label="Events">{formatCount(ledger.events)}</Fact>
        </Facts>
      </Card>

      <Card title="Data">
        <Facts>
          <Fact label="Data directory" mono>
            {data.dataDir}
          </Fact>
        </Facts>
      </Card>

      <Card
        title="Backups"
        aside={backups.intervalMinutes > 0 ? <Badge tone="ok">Scheduled</Badge> : <Badge tone="off">Off</Badge>}
      >
        <Facts>
          <Fact label="Directory" mono>
            {backups.dir}
          </Fact>
          <Fact label="Schedule">
            {formatInterval(backups.intervalMinutes)}
            {backups.intervalMinutes > 0 ? `, keeping the last ${formatCount(backups.keep)}` : ''}
          </Fact>
          <Fact label="Last backup">
            {backups.last ? (
              <>
                {formatDateTime(backups.last)} <span className="muted">{formatAgo(backups.last)}</span>
              </>
            ) : (
              'None yet'
            )}
          </Fact>
        </Facts>
      </Card>

      <Card
        title="Discovery (mDNS)"
        aside={mdns.advertising ? <Badge tone="ok">Advertising</Badge> : <Badge tone="off">Not advertising</Badge>}
      >
        <Facts>
          <Fact label="Service">_backroom._tcp</Fact>
          <Fact label="Instance name">{mdns.instanceName ?? '—'}</Fact>
        </Facts>
        <p className="card-note">
          {mdns.advertising
            ? 'Terminals on the store network find this hub automatically.'
            : 'Terminals cannot discover this hub automatically; they need its address entered by hand.'}
        </p>
      </Card>
    </div>
  );
}

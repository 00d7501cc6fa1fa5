import type { Overview } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { Time } from '../../components/Time.js';
import { formatCount, formatInterval, shortHash } from '../../format.js';

/** The hub itself: identity, where devices reach it, the ledger and backups. */
export function HubCards({ data }: { data: Overview }) {
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
          <Fact label="Version">{hub.version}</Fact>
          <Fact label="Started">
            <Time iso={hub.startedAt} />
          </Fact>
        </Facts>
      </Card>

      <Card
        title="Device network"
        aside={mdns.advertising ? <Badge tone="ok">Advertised</Badge> : <Badge tone="off">Not advertised</Badge>}
      >
        <Facts>
          <Fact label="Device LAN" mono>
            {listeners.lan.url}
          </Fact>
          <Fact label="TLS fingerprint" mono>
            <span className="fingerprint">{listeners.lan.tlsFingerprint}</span>
          </Fact>
          <Fact label="mDNS name">{mdns.instanceName ?? '—'}</Fact>
        </Facts>
        <p className="card-note">
          {mdns.advertising
            ? 'Terminals on the store network find this hub by mDNS and pin this fingerprint when they pair.'
            : 'Terminals cannot discover this hub automatically; they need its address from the pairing QR code.'}
        </p>
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
          <Fact label="Last backup">{backups.last ? <Time iso={backups.last} /> : 'None yet'}</Fact>
        </Facts>
      </Card>
    </div>
  );
}

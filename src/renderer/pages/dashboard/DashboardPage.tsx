import { useAlerts } from '../../api/alerts.js';
import { useApprovals } from '../../api/approvals.js';
import { useConflicts } from '../../api/conflicts.js';
import { useDevices } from '../../api/devices.js';
import { usePrinters } from '../../api/hardware.js';
import { useOverview } from '../../api/overview.js';
import { useUpstreamOverview } from '../../api/upstream.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryErrors } from '../../components/QueryErrors.js';
import { Stat } from '../../components/Stat.js';
import { formatCount, shortHash } from '../../format.js';
import { useNow } from '../../hooks/useNow.js';
import { ActivityChart } from './ActivityChart.js';
import { HubCards } from './HubCards.js';
import { printerSummary } from '../hardware/hardware-copy.js';
import { upstreamSummary } from '../upstream/upstream-copy.js';

const orDash = (value: number | undefined) => (value === undefined ? '—' : formatCount(value));

/** At a glance: what is online, what waits for a person, how far the ledger goes, and how it moved recently. */
export function DashboardPage() {
  const manager = useHasRole('manager');
  const overview = useOverview();
  const devices = useDevices();
  const conflicts = useConflicts('unresolved');
  const approvals = useApprovals('pending', manager);
  const alerts = useAlerts('active');
  const printers = usePrinters();
  const upstream = useUpstreamOverview();
  const now = useNow(15_000);

  const active = devices.data?.filter((device) => device.state !== 'revoked');
  const online = active?.filter((device) => device.state === 'online').length;
  const queued = active?.reduce((sum, device) => sum + (device.queued ?? 0), 0);
  const critical = alerts.data?.filter((alert) => alert.severity === 'critical').length ?? 0;
  const printing = printers.data ? printerSummary(printers.data) : undefined;
  const forwarding = upstream.data ? upstreamSummary(upstream.data, now) : undefined;

  return (
    <>
      <PageHeader title="Dashboard" intro="What is online, what waits for a decision, and how the ledger grows." />
      <QueryErrors
        errors={[overview, devices, conflicts, approvals, alerts, printers, upstream].map((query) => query.error)}
      />
      <div className="stats">
        <Stat
          label="Devices online"
          to="/devices"
          value={active ? `${online} of ${active.length}` : '—'}
          detail={active ? `${active.length - online!} offline · ${orDash(queued)} events queued` : undefined}
        />
        <Stat
          label="Open conflicts"
          to="/conflicts"
          value={orDash(conflicts.data?.length)}
          attention={Boolean(conflicts.data?.length)}
          detail="need a decision"
        />
        {manager ? (
          <Stat
            label="Pending approvals"
            to="/approvals"
            value={orDash(approvals.data?.length)}
            attention={Boolean(approvals.data?.length)}
            detail="offline card payments"
          />
        ) : null}
        <Stat
          label="Active alerts"
          to="/alerts"
          value={orDash(alerts.data?.length)}
          attention={Boolean(alerts.data?.length)}
          detail={critical ? `${critical} critical` : 'not acknowledged'}
        />
        <Stat
          label="Upstream"
          to="/upstream"
          value={forwarding?.value ?? '—'}
          attention={forwarding?.attention ?? false}
          detail={forwarding?.detail}
        />
        <Stat
          label="Printers"
          to="/hardware"
          value={printing?.value ?? '—'}
          attention={printing?.attention ?? false}
          detail={printing?.detail}
        />
        <Stat
          label="Ledger head"
          to="/activity"
          value={overview.data ? `#${overview.data.ledger.cursor}` : '—'}
          detail={overview.data?.ledger.hash ? shortHash(overview.data.ledger.hash) : undefined}
        />
      </div>
      <Card title="Events and queues">
        <ActivityChart />
      </Card>
      {overview.data ? <HubCards data={overview.data} /> : null}
    </>
  );
}

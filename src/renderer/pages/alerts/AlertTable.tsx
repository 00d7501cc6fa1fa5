import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import { useAcknowledgeAlert } from '../../api/alerts.js';
import type { Alert } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Time } from '../../components/Time.js';

const column = createColumnHelper<Alert>();

/** `device:<id>`, `conflict:<id>` and `printer:<id>` lead to where the condition can be dealt with. */
function SubjectLink({ subject }: { subject: string }) {
  const [kind, id] = [subject.slice(0, subject.indexOf(':')), subject.slice(subject.indexOf(':') + 1)];
  if (kind === 'conflict') return <Link to={`/conflicts/${encodeURIComponent(id)}`}>Open the conflict</Link>;
  if (kind === 'device') return <Link to="/devices">See devices</Link>;
  if (kind === 'printer') return <Link to="/hardware">See hardware</Link>;
  return <span className="mono">{subject}</span>;
}

function AcknowledgeCell({ alert, canAcknowledge }: { alert: Alert; canAcknowledge: boolean }) {
  const ack = useAcknowledgeAlert();
  if (alert.status === 'acknowledged') return <span className="muted small">Seen by {alert.acknowledgedBy}</span>;
  if (alert.status === 'cleared') return <span className="muted small">Cleared</span>;
  if (!canAcknowledge) return <span className="muted small">A manager acknowledges</span>;
  return (
    <>
      <button
        type="button"
        className="button small"
        onClick={() => ack.mutate(alert.id)}
        disabled={ack.isPending}
        aria-label={`Acknowledge: ${alert.message}`}
      >
        Acknowledge
      </button>
      <ErrorMessage error={ack.error} />
    </>
  );
}

export function AlertTable({ alerts, canAcknowledge }: { alerts: Alert[]; canAcknowledge: boolean }) {
  const columns = [
    column.display({
      id: 'severity',
      header: 'Severity',
      cell: ({ row: { original: a } }) => (
        <Badge tone={a.severity === 'critical' ? 'bad' : 'warn'}>
          {a.severity === 'critical' ? 'Critical' : 'Warning'}
        </Badge>
      ),
    }),
    column.display({ id: 'message', header: 'Alert', cell: ({ row }) => row.original.message }),
    column.display({
      id: 'subject',
      header: 'About',
      cell: ({ row }) => <SubjectLink subject={row.original.subject} />,
    }),
    column.display({ id: 'raised', header: 'Raised', cell: ({ row }) => <Time iso={row.original.raisedAt} /> }),
    column.display({
      id: 'ack',
      header: () => <span className="sr-only">Acknowledgement</span>,
      cell: ({ row }) => <AcknowledgeCell alert={row.original} canAcknowledge={canAcknowledge} />,
    }),
  ];
  return <DataTable caption="Alerts" data={alerts} columns={columns} getRowId={(a) => a.id} empty="No alerts here." />;
}

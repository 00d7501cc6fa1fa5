import { Link, useParams } from 'react-router';
import { useConflict, type ConflictDetail } from '../../api/conflicts.js';
import { useDevices } from '../../api/devices.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryView } from '../../components/QueryView.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { conflictStatus, recordStatus } from '../../components/sync-status.js';
import { Time } from '../../components/Time.js';
import { ValueFacts } from '../../components/ValueFacts.js';
import { kindLabel } from './conflict-copy.js';
import { ConflictOptions } from './ConflictOptions.js';
import { ConflictSides } from './ConflictSides.js';

function History({ conflict }: { conflict: ConflictDetail }) {
  if (conflict.history.length === 0) return null;
  return (
    <Card title="Resolution history">
      <ol className="history">
        {conflict.history.map((record) => (
          <li key={record.cursor}>
            <Link to={`/activity/${record.cursor}`} className="mono">
              #{record.cursor}
            </Link>{' '}
            <span className="mono">{String(record.event.type)}</span>{' '}
            <StatusBadge status={recordStatus(record.status)} /> <Time iso={record.recordedAt} />
            <ValueFacts value={record.event.payload} />
          </li>
        ))}
      </ol>
    </Card>
  );
}

function ConflictView({ conflict }: { conflict: ConflictDetail }) {
  const devices = useDevices().data ?? [];
  const deviceName = devices.find((device) => device.id === conflict.deviceId)?.name ?? conflict.deviceId ?? 'The hub';
  return (
    <>
      <Card title="Summary" aside={<StatusBadge status={conflictStatus(conflict.status)} />}>
        <Facts>
          <Fact label="Kind">{kindLabel(conflict.kind)}</Fact>
          <Fact label="Device">{deviceName}</Fact>
          <Fact label="Event">
            <Link to={`/activity/${conflict.cursor}`}>Ledger record #{conflict.cursor}</Link>
          </Fact>
          {conflict.resolvedAtCursor !== null ? (
            <Fact label="Resolution">
              <Link to={`/activity/${conflict.resolvedAtCursor}`}>Ledger record #{conflict.resolvedAtCursor}</Link>
            </Fact>
          ) : null}
        </Facts>
      </Card>
      <ConflictSides conflict={conflict} deviceName={deviceName} />
      <ConflictOptions conflict={conflict} />
      <History conflict={conflict} />
    </>
  );
}

export function ConflictDetailPage() {
  const id = useParams().id ?? '';
  const conflict = useConflict(id);
  return (
    <>
      <PageHeader
        title={conflict.data ? kindLabel(conflict.data.kind) : 'Conflict'}
        actions={
          <Link className="button" to="/conflicts">
            All conflicts
          </Link>
        }
      />
      <QueryView query={conflict} loading="Loading the conflict…">
        {(data) => <ConflictView conflict={data} />}
      </QueryView>
    </>
  );
}

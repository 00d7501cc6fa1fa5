import type { ConflictDetail } from '../../api/conflicts.js';
import { Card } from '../../components/Card.js';
import { Time } from '../../components/Time.js';
import { ValueFacts } from '../../components/ValueFacts.js';

/** The device's event beside the hub's state: as it was at the event's ledger position, and as it is now. */
export function ConflictSides({ conflict, deviceName }: { conflict: ConflictDetail; deviceName: string }) {
  const { event } = conflict;
  return (
    <div className="sides">
      <Card title="The device’s event" className="side">
        <p>
          <strong>{deviceName}</strong> recorded <span className="mono">{String(event.event.type)}</span>{' '}
          <Time iso={String(event.event.occurredAt)} bare />.
        </p>
        <ValueFacts value={event.event.payload} />
      </Card>
      <Card title="The hub’s state" className="side">
        <h3 className="side-heading">When the event reached the ledger (cursor {conflict.cursor})</h3>
        <ValueFacts value={conflict.serverAtPosition} />
        <h3 className="side-heading">Now</h3>
        <ValueFacts value={conflict.serverNow} />
      </Card>
    </div>
  );
}

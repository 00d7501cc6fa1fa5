import type { ConflictDetail } from '../../api/conflicts.js';
import { Card } from '../../components/Card.js';
import { Time } from '../../components/Time.js';
import { labelOf, showValue, ValueFacts } from '../../components/ValueFacts.js';

const fields = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The hub's figures when the event reached the ledger and now, row by row, so a change stands out. */
function ThenAndNow({ then, now, cursor }: { then: unknown; now: unknown; cursor: number }) {
  const before = fields(then);
  const after = fields(now);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return (
    <table className="table compare">
      <caption className="sr-only">The hub’s state then and now</caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col">At cursor {cursor}</th>
          <th scope="col">Now</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const changed = JSON.stringify(before[key]) !== JSON.stringify(after[key]);
          return (
            <tr key={key} className={changed ? 'changed' : undefined}>
              <th scope="row">{labelOf(key)}</th>
              <td>{showValue(before[key])}</td>
              <td>
                {showValue(after[key])}
                {changed ? <span className="sr-only"> (changed)</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

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
        <ThenAndNow then={conflict.serverAtPosition} now={conflict.serverNow} cursor={conflict.cursor} />
      </Card>
    </div>
  );
}

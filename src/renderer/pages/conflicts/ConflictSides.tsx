import type { ConflictDetail } from '../../api/conflicts.js';
import { Card } from '../../components/Card.js';
import { Time } from '../../components/Time.js';
import { ValueFacts } from '../../components/ValueFacts.js';
import { stateGroups } from './hub-state.js';

/**
 * The hub's figures when the event reached the ledger and now, row by row, so a change stands out. Nested parts of
 * the state (the payment figures, the policy, each stock line) get a heading row of their own instead of a table
 * inside a cell, and the two value columns keep equal widths, so "then" and "now" read side by side.
 */
function ThenAndNow({ then, now, cursor }: { then: unknown; now: unknown; cursor: number }) {
  return (
    <table className="table compare">
      <caption className="sr-only">The hub’s state then and now</caption>
      <colgroup>
        <col className="compare-label" />
        <col />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col">At cursor {cursor}</th>
          <th scope="col">Now</th>
        </tr>
      </thead>
      {stateGroups(then, now).map((group) => (
        <tbody key={group.heading ?? ''}>
          {group.heading ? (
            <tr className="compare-group">
              <th scope="rowgroup" colSpan={3}>
                {group.heading}
              </th>
            </tr>
          ) : null}
          {group.rows.map((row) => (
            <tr key={row.key} className={row.changed ? 'changed' : undefined}>
              <th scope="row">{row.label}</th>
              <td className={row.numeric ? 'num' : undefined}>{row.then}</td>
              <td className={row.numeric ? 'num' : undefined}>
                {row.now}
                {row.changed ? <span className="sr-only"> (changed)</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      ))}
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

import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import { useKsefOverview, type KsefOverview, type KsefSessionView } from '../../api/ksef.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { Countdown } from '../../components/Countdown.js';
import { DataTable } from '../../components/DataTable.js';
import { QueryView } from '../../components/QueryView.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Time } from '../../components/Time.js';
import { formatCount, formatDateTime } from '../../format.js';
import { RED_MS, sessionKindText } from '../invoices/invoice-copy.js';
import { drainText, ksefAvailabilityStatus } from './ksef-copy.js';

const invoiceLink = (invoiceId: string) => `/invoices/${encodeURIComponent(invoiceId)}`;

const column = createColumnHelper<KsefSessionView>();
const count =
  (pick: (session: KsefSessionView) => number) =>
  ({ row }: { row: { original: KsefSessionView } }) =>
    formatCount(pick(row.original));
const sessionColumns = [
  column.display({
    id: 'ref',
    header: 'Reference',
    cell: ({ row }) => <span className="mono id-cell">{row.original.sessionRef}</span>,
  }),
  column.display({ id: 'kind', header: 'Kind', cell: ({ row }) => sessionKindText(row.original.kind) }),
  column.display({ id: 'invoices', header: 'Invoices', cell: count((s) => s.invoices) }),
  column.display({ id: 'numbered', header: 'Numbered', cell: count((s) => s.numbered) }),
  column.display({ id: 'rejected', header: 'Rejected', cell: count((s) => s.rejected) }),
  column.display({ id: 'waiting', header: 'Waiting', cell: count((s) => s.waiting) }),
  column.display({ id: 'sent', header: 'First sent', cell: ({ row }) => <Time iso={row.original.firstSentAt} /> }),
];

/** The nearest legal deadline of the backlog, counting down, and the invoice it belongs to. */
function NearestDeadline({ deadline }: { deadline: KsefOverview['nearestDeadline'] }) {
  if (!deadline) return <span className="muted">None: no invoice owed to KSeF has a deadline running.</span>;
  return (
    <>
      <Link className="strong-link" to={invoiceLink(deadline.invoiceId)}>
        {deadline.number}
      </Link>{' '}
      <Countdown until={deadline.dueAt} expiredText="Missed" urgentWithinMs={RED_MS} />
      <div className="small muted">by {formatDateTime(deadline.dueAt)}</div>
    </>
  );
}

function KsefFigures({ overview }: { overview: KsefOverview }) {
  const availability = ksefAvailabilityStatus(overview.availability);
  const deadline = overview.nearestDeadline;
  return (
    <>
      {overview.drain.atRisk ? (
        <p className="consequence ksef-at-risk" role="alert">
          <strong>At risk:</strong> at the rate KSeF numbers invoices now, the backlog cannot all reach KSeF before the
          nearest deadline
          {deadline ? ` (${deadline.number}, by ${formatDateTime(deadline.dueAt)})` : ''}. An invoice sent after its
          deadline is late: check KSeF’s availability and the token, and keep the hub online.
        </p>
      ) : null}
      <Facts>
        <Fact label="KSeF">
          <StatusBadge status={availability} />
          <div>{overview.availabilityDetail}</div>
          {overview.availabilitySince ? (
            <div className="small muted">
              Since <Time iso={overview.availabilitySince} />
            </div>
          ) : null}
        </Fact>
        <Fact label="Token">
          {overview.token.set ? (
            <>Set{overview.token.hint ? <span className="mono"> {overview.token.hint}</span> : null}</>
          ) : (
            <>
              Not set: a manager adds it in <Link to="/settings">Settings → Connectors</Link>.
            </>
          )}
        </Fact>
        <Fact label="Owed to KSeF">
          {formatCount(overview.backlog)}
          <span className="muted"> ({formatCount(overview.sending)} sent, waiting for their numbers)</span>
        </Fact>
        <Fact label="Rejected">
          {overview.rejected > 0 ? (
            <Link to="/invoices?status=rejected">{formatCount(overview.rejected)} waiting for a correction</Link>
          ) : (
            '0'
          )}
        </Fact>
        <Fact label="Numbered last hour">{formatCount(overview.numberedLastHour)}</Fact>
        <Fact label="Nearest deadline">
          <NearestDeadline deadline={deadline} />
        </Fact>
        <Fact label="Time to send the backlog">{drainText(overview)}</Fact>
      </Facts>
      <h3>Latest sessions</h3>
      <DataTable
        caption="KSeF sessions, newest first"
        data={overview.sessions}
        columns={sessionColumns}
        getRowId={(session) => session.sessionRef}
        empty="No sessions yet: nothing has been sent to KSeF."
      />
    </>
  );
}

/**
 * Sending invoices to KSeF (issue 10): whether KSeF takes them now, what is still owed and its nearest legal deadline,
 * whether the backlog drains in time at the rate KSeF numbers them, and the latest sessions.
 */
export function KsefPanel() {
  const overview = useKsefOverview();
  return (
    <Card title="Sending invoices to KSeF" className="ksef-panel">
      <QueryView query={overview} loading="Loading KSeF…">
        {(data) => <KsefFigures overview={data} />}
      </QueryView>
    </Card>
  );
}

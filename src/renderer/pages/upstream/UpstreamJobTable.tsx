import { createColumnHelper } from '@tanstack/react-table';
import type { UpstreamJobView } from '../../api/upstream.js';
import { Countdown } from '../../components/Countdown.js';
import { CopyText } from '../../components/CopyText.js';
import { DataTable } from '../../components/DataTable.js';
import { RowActions } from '../../components/RowActions.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Time } from '../../components/Time.js';
import { formatCount, formatMoney } from '../../format.js';
import { SaleRef } from './SaleRef.js';
import { jobKindText, jobStatus, upstreamJobActions, type UpstreamJobAction } from './upstream-copy.js';

const column = createColumnHelper<UpstreamJobView>();

const ACTION_LABEL: Record<UpstreamJobAction, string> = { retry: 'Retry', cancel: 'Cancel' };

/** A deadline still ahead of a job that is owed: the capture window of a hold, mostly. */
const DAY_MS = 86_400_000;

/** Outbox jobs newest first: what, for which sale, how it went, and the key that makes a resend safe. */
export function UpstreamJobTable({
  jobs,
  busy,
  onAction,
}: {
  jobs: UpstreamJobView[];
  /** A retry of this job is on its way. */
  busy: string | null;
  onAction?: (job: UpstreamJobView, action: UpstreamJobAction) => void;
}) {
  const columns = [
    column.display({
      id: 'kind',
      header: 'Job',
      cell: ({ row: { original: j } }) => (
        <span className={j.state === 'dead' ? 'job-dead' : undefined}>
          <strong>{jobKindText(j.kind)}</strong>
          <div className="muted small">
            {j.connector} · <Time iso={j.createdAt} />
          </div>
        </span>
      ),
    }),
    column.display({
      id: 'sale',
      header: 'Sale / payment',
      cell: ({ row }) => <SaleRef saleId={row.original.saleId} paymentId={row.original.paymentId} />,
    }),
    column.display({
      id: 'amount',
      header: 'Amount',
      cell: ({ row }) => (row.original.amount ? formatMoney(row.original.amount) : '—'),
    }),
    column.display({
      id: 'state',
      header: 'State',
      cell: ({ row }) => <StatusBadge status={jobStatus(row.original)} />,
    }),
    column.display({ id: 'attempts', header: 'Attempts', cell: ({ row }) => formatCount(row.original.attempts) }),
    column.display({
      id: 'error',
      header: 'Last error',
      cell: ({ row }) =>
        row.original.lastError ? <div className="small job-note">{row.original.lastError}</div> : '—',
    }),
    column.display({
      id: 'deadline',
      header: 'Deadline',
      cell: ({ row: { original: j } }) =>
        !j.deadline ? (
          '—'
        ) : j.state === 'queued' || j.state === 'in_flight' || j.state === 'dead' ? (
          <Countdown until={j.deadline} expiredText="Passed" urgentWithinMs={DAY_MS} />
        ) : (
          <Time iso={j.deadline} bare />
        ),
    }),
    column.display({
      id: 'key',
      header: 'Idempotency key',
      cell: ({ row }) => (
        <CopyText text={row.original.idempotencyKey} label={`idempotency key ${row.original.idempotencyKey}`} />
      ),
    }),
    column.display({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row: { original: j } }) => {
        const actions = upstreamJobActions(j);
        if (actions.length === 0 || !onAction) return null;
        const what = `${jobKindText(j.kind)}${j.saleId ? ` for sale ${j.saleId}` : ''}`;
        return (
          <RowActions
            actions={actions}
            labels={ACTION_LABEL}
            what={what}
            disabled={busy === j.id}
            onAction={(action) => onAction(j, action)}
          />
        );
      },
    }),
  ];
  return (
    <div className="upstream-jobs">
      <DataTable
        caption="Upstream jobs, newest first"
        data={jobs}
        columns={columns}
        getRowId={(job) => job.id}
        empty="No upstream jobs match."
      />
    </div>
  );
}

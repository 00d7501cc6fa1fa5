import { createColumnHelper } from '@tanstack/react-table';
import type { PrintJobView } from '../../api/hardware.js';
import { DataTable } from '../../components/DataTable.js';
import { RowActions } from '../../components/RowActions.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Time } from '../../components/Time.js';
import { formatCount } from '../../format.js';
import { JOB_KIND_TEXT, jobStatus, requesterText } from './hardware-copy.js';
import { jobActions, type JobAction } from './job-actions.js';

const column = createColumnHelper<PrintJobView>();

/** Display names by id; a person is named in jobs and kicks by their name already. */
export interface Names {
  printers: ReadonlyMap<string, string>;
  devices: ReadonlyMap<string, string>;
}

const ACTION_LABEL: Record<JobAction, string> = { reprint: 'Reprint', drop: 'Drop' };

/** Print jobs newest first; uncertain ones stand out (the row is marked) and carry the manager's two choices. */
export function JobTable({
  jobs,
  names,
  onAction,
}: {
  jobs: PrintJobView[];
  names: Names;
  onAction?: (job: PrintJobView, action: JobAction) => void;
}) {
  const columns = [
    column.display({
      id: 'kind',
      header: 'Job',
      cell: ({ row: { original: j } }) => (
        <span className={j.state === 'uncertain' ? 'job-uncertain' : undefined}>
          <strong>{JOB_KIND_TEXT[j.kind]}</strong>
          <div className="muted small">{names.printers.get(j.printerId) ?? j.printerId}</div>
        </span>
      ),
    }),
    column.display({
      id: 'sale',
      header: 'Sale',
      cell: ({ row: { original: j } }) => (j.saleId ? <span className="mono">{j.saleId}</span> : '—'),
    }),
    column.display({
      id: 'state',
      header: 'State',
      cell: ({ row: { original: j } }) => (
        <>
          <StatusBadge status={jobStatus(j)} />
          {j.note ? <div className="small job-note">{j.note}</div> : null}
        </>
      ),
    }),
    column.display({
      id: 'attempts',
      header: 'Attempts',
      cell: ({ row }) => formatCount(row.original.attempts),
    }),
    column.display({
      id: 'requestedBy',
      header: 'Requested by',
      cell: ({ row }) => requesterText(row.original.requestedBy, names),
    }),
    column.display({
      id: 'times',
      header: 'Times',
      cell: ({ row: { original: j } }) => (
        <>
          <div>
            Asked <Time iso={j.createdAt} />
          </div>
          {j.printedAt ? (
            <div className="small">
              Printed <Time iso={j.printedAt} bare />
            </div>
          ) : j.updatedAt !== j.createdAt ? (
            <div className="small">
              Changed <Time iso={j.updatedAt} bare />
            </div>
          ) : null}
        </>
      ),
    }),
    column.display({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row: { original: j } }) => {
        const actions = jobActions(j);
        if (actions.length === 0) return null;
        if (!onAction) return j.state === 'uncertain' ? <span className="muted small">A manager decides</span> : null;
        const what = `${JOB_KIND_TEXT[j.kind]}${j.saleId ? ` for sale ${j.saleId}` : ''}`;
        return (
          <RowActions actions={actions} labels={ACTION_LABEL} what={what} onAction={(action) => onAction(j, action)} />
        );
      },
    }),
  ];
  return (
    <div className="print-queue">
      <DataTable
        caption="Print jobs, newest first"
        data={jobs}
        columns={columns}
        getRowId={(job) => job.id}
        empty="No print jobs match."
      />
    </div>
  );
}

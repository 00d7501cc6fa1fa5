import { createColumnHelper } from '@tanstack/react-table';
import { documentUrl, type NaxmlDocumentView } from '../../api/conexxus.js';
import type { UpstreamJobView } from '../../api/upstream.js';
import { DataTable } from '../../components/DataTable.js';
import { RowActions } from '../../components/RowActions.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Time } from '../../components/Time.js';
import { formatCount } from '../../format.js';
import { ackMessageText, ackStatus, deliveryText, documentTypeText } from './conexxus-copy.js';
import { documentJob } from './ConexxusJobActions.js';
import { jobStatus, upstreamJobActions, type UpstreamJobAction } from './upstream-copy.js';

const column = createColumnHelper<NaxmlDocumentView>();

const ACTION_LABEL: Record<UpstreamJobAction, string> = { retry: 'Retry', cancel: 'Cancel' };

/** What the back office answered, with every message it gave and where in the file it points. */
function Acknowledgement({ document }: { document: NaxmlDocumentView }) {
  const status = ackStatus(document);
  return (
    <>
      {status ? <StatusBadge status={status} /> : '—'}
      {document.ackMessages.length > 0 ? (
        <ul className="ack-messages small">
          {document.ackMessages.map((message, index) => (
            <li key={index}>{ackMessageText(message)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/**
 * One revision's documents: how each went, what the back office said of it, the file itself to download, and retry
 * or cancel (a manager's) while it is queued or failed.
 */
export function ConexxusDocuments({
  caption,
  documents,
  busy,
  onAction,
}: {
  caption: string;
  documents: NaxmlDocumentView[];
  /** A retry of this job is on its way. */
  busy: string | null;
  onAction?: (job: UpstreamJobView, action: UpstreamJobAction) => void;
}) {
  const columns = [
    column.display({
      id: 'document',
      header: 'Document',
      cell: ({ row: { original: d } }) => (
        <span className={d.state === 'dead' ? 'job-dead' : undefined}>
          <strong>{documentTypeText(d.type)}</strong>
          <div className="mono small">{d.fileName}</div>
        </span>
      ),
    }),
    column.display({
      id: 'state',
      header: 'State',
      cell: ({ row: { original: d } }) => (
        <>
          <StatusBadge status={jobStatus({ state: d.state, result: null })} />
          <div className="muted small">
            {formatCount(d.attempts)} {d.attempts === 1 ? 'attempt' : 'attempts'}
          </div>
        </>
      ),
    }),
    column.display({
      id: 'error',
      header: 'Last error',
      cell: ({ row }) =>
        row.original.lastError ? <div className="small job-note">{row.original.lastError}</div> : '—',
    }),
    column.display({
      id: 'delivered',
      header: 'Delivered',
      cell: ({ row: { original: d } }) => (
        <>
          {deliveryText(d)}
          {d.deliveredAt ? (
            <div className="small">
              <Time iso={d.deliveredAt} bare />
            </div>
          ) : null}
        </>
      ),
    }),
    column.display({
      id: 'ack',
      header: 'Back office answer',
      cell: ({ row }) => <Acknowledgement document={row.original} />,
    }),
    column.display({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row: { original: d } }) => {
        const actions = onAction ? upstreamJobActions(d) : [];
        return (
          <div className="actions">
            <a
              className="button small"
              href={documentUrl(d.jobId)}
              download={d.fileName}
              aria-label={`Download XML: ${d.fileName}`}
            >
              Download XML
            </a>
            {actions.length > 0 && onAction ? (
              <RowActions
                actions={actions}
                labels={ACTION_LABEL}
                what={d.fileName}
                disabled={busy === d.jobId}
                onAction={(action) => onAction(documentJob(d), action)}
              />
            ) : null}
          </div>
        );
      },
    }),
  ];
  return (
    <div className="upstream-jobs">
      <DataTable
        caption={caption}
        data={documents}
        columns={columns}
        getRowId={(document) => document.jobId}
        empty="No documents in this revision."
      />
    </div>
  );
}

import { useId, useState } from 'react';
import {
  useRetryJob,
  useUpstreamJobs,
  type ConnectorView,
  type UpstreamJobFilter,
  type UpstreamJobView,
} from '../../api/upstream.js';
import { BeforePager } from '../../components/BeforePager.js';
import { Card } from '../../components/Card.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useBeforePosition } from '../../hooks/before-pages.js';
import { UPSTREAM_JOB_STATES } from '../../../shared/protocol/upstream-views.js';
import { CancelJobDialog } from './CancelJobDialog.js';
import { JOB_STATE_TEXT, jobKindText, KNOWN_JOB_KINDS, UPSTREAM_ERROR_TEXT } from './upstream-copy.js';
import { UpstreamJobTable } from './UpstreamJobTable.js';

/** The page of jobs for one filter; remounted (back to the newest page) whenever the filter changes. */
function JobPages({ filter, canAct }: { filter: UpstreamJobFilter; canAct: boolean }) {
  const { position, before, go } = useBeforePosition<number>();
  const pages = useUpstreamJobs(filter, before);
  const retry = useRetryJob();
  const [cancelling, setCancelling] = useState<UpstreamJobView | null>(null);

  const act = (job: UpstreamJobView, action: 'retry' | 'cancel') => {
    if (action === 'cancel') setCancelling(job);
    else retry.mutate(job.id);
  };

  return (
    <>
      <ErrorMessage error={pages.error} />
      <ErrorMessage error={retry.error} messages={UPSTREAM_ERROR_TEXT} />
      {retry.isSuccess ? (
        <p className="notice" role="status">
          Retry asked: the job is due now, with the same idempotency key, so it cannot apply twice.
        </p>
      ) : null}
      {pages.data ? (
        <>
          <UpstreamJobTable
            jobs={pages.data.jobs}
            busy={retry.isPending ? (retry.variables ?? null) : null}
            onAction={canAct ? act : undefined}
          />
          <BeforePager
            label="Upstream job pages"
            position={position}
            nextBefore={pages.data.nextBefore}
            moving={pages.isPlaceholderData}
            onGo={go}
          />
        </>
      ) : pages.isError ? null : (
        <p className="muted">Loading upstream jobs…</p>
      )}
      {cancelling ? <CancelJobDialog job={cancelling} onClose={() => setCancelling(null)} /> : null}
    </>
  );
}

/** Every connector's outbox in one list, filtered by connector, state and kind (kept in the URL). */
export function UpstreamJobs({
  connectors,
  filter,
  onFilter,
  canAct,
}: {
  connectors: readonly ConnectorView[];
  filter: UpstreamJobFilter;
  onFilter: (filter: UpstreamJobFilter) => void;
  canAct: boolean;
}) {
  const id = useId();
  const kinds = filter.kind && !(KNOWN_JOB_KINDS as readonly string[]).includes(filter.kind) ? [filter.kind] : [];
  return (
    <Card title="Jobs">
      <div className="filters inline-filters" role="group" aria-label="Filter the upstream jobs">
        <div className="field">
          <label htmlFor={`${id}-connector`}>Connector</label>
          <select
            id={`${id}-connector`}
            value={filter.connector ?? ''}
            onChange={(e) => onFilter({ ...filter, connector: e.target.value || undefined })}
          >
            <option value="">All connectors</option>
            {connectors.map((connector) => (
              <option key={connector.name} value={connector.name}>
                {connector.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-state`}>Job state</label>
          <select
            id={`${id}-state`}
            value={filter.state ?? ''}
            onChange={(e) =>
              onFilter({ ...filter, state: (e.target.value || undefined) as UpstreamJobFilter['state'] })
            }
          >
            <option value="">Any state</option>
            {UPSTREAM_JOB_STATES.map((state) => (
              <option key={state} value={state}>
                {JOB_STATE_TEXT[state]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select
            id={`${id}-kind`}
            value={filter.kind ?? ''}
            onChange={(e) => onFilter({ ...filter, kind: e.target.value || undefined })}
          >
            <option value="">Any kind</option>
            {[...KNOWN_JOB_KINDS, ...kinds].map((kind) => (
              <option key={kind} value={kind}>
                {jobKindText(kind)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <JobPages
        key={`${filter.connector ?? ''}|${filter.state ?? ''}|${filter.kind ?? ''}`}
        filter={filter}
        canAct={canAct}
      />
    </Card>
  );
}

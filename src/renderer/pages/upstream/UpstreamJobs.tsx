import { useState } from 'react';
import {
  useRetryJob,
  useUpstreamJobs,
  type ConnectorView,
  type UpstreamJobFilter,
  type UpstreamJobView,
} from '../../api/upstream.js';
import { BeforePages } from '../../components/BeforePager.js';
import { Card } from '../../components/Card.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { SelectFilter } from '../../components/SelectFilter.js';
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
      <BeforePages
        pages={pages}
        label="Upstream job pages"
        position={position}
        onGo={go}
        loading="Loading upstream jobs…"
      >
        {(data) => (
          <UpstreamJobTable
            jobs={data.jobs}
            busy={retry.isPending ? (retry.variables ?? null) : null}
            onAction={canAct ? act : undefined}
          />
        )}
      </BeforePages>
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
  const kinds = filter.kind && !(KNOWN_JOB_KINDS as readonly string[]).includes(filter.kind) ? [filter.kind] : [];
  return (
    <Card title="Jobs">
      <div className="filters inline-filters" role="group" aria-label="Filter the upstream jobs">
        <SelectFilter
          label="Connector"
          value={filter.connector}
          options={connectors.map((connector) => ({ value: connector.name, label: connector.label }))}
          allText="All connectors"
          onChange={(connector) => onFilter({ ...filter, connector })}
        />
        <SelectFilter
          label="Job state"
          value={filter.state}
          options={UPSTREAM_JOB_STATES.map((state) => ({ value: state, label: JOB_STATE_TEXT[state] }))}
          allText="Any state"
          onChange={(state) => onFilter({ ...filter, state })}
        />
        <SelectFilter
          label="Kind"
          value={filter.kind}
          options={[...KNOWN_JOB_KINDS, ...kinds].map((kind) => ({ value: kind, label: jobKindText(kind) }))}
          allText="Any kind"
          onChange={(kind) => onFilter({ ...filter, kind })}
        />
      </div>
      <JobPages
        key={`${filter.connector ?? ''}|${filter.state ?? ''}|${filter.kind ?? ''}`}
        filter={filter}
        canAct={canAct}
      />
    </Card>
  );
}

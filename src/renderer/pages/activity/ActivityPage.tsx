import { useSearchParams } from 'react-router';
import { useDevices } from '../../api/devices.js';
import { useEventPage, useFirstCursorAt } from '../../api/events.js';
import { Card } from '../../components/Card.js';
import { PendingNote } from '../../components/PendingNote.js';
import { QueryErrors } from '../../components/QueryErrors.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Pager } from '../../components/Pager.js';
import { ActivityFilters } from './ActivityFilters.js';
import {
  dayEnd,
  eventsQuery,
  readActivityParams,
  readEventPage,
  writeActivityParams,
  type ActivityFilters as Filters,
  type PagePosition,
} from './activity-params.js';
import { EventTable } from './EventTable.js';

/** A `to` date in the past bounds the list by cursor; today or later bounds nothing yet. */
function useUpperBound(filters: Filters) {
  const end = filters.to ? dayEnd(filters.to) : undefined;
  const bound = useFirstCursorAt(end !== undefined && end <= Date.now() ? end : undefined);
  return { upperBound: bound.data ?? undefined, boundError: bound.error, boundPending: bound.isFetching };
}

/** The ledger, newest first, filtered and paged over the cursor; the state is in the URL. */
export function ActivityPage() {
  const [params, setParams] = useSearchParams();
  const { filters, position } = readActivityParams(params);
  const { upperBound, boundError, boundPending } = useUpperBound(filters);
  const page = useEventPage(eventsQuery(filters, position, upperBound));
  const devices = useDevices();
  const deviceNames = new Map((devices.data ?? []).map((device) => [device.id, device.name]));
  const view = page.data && !boundPending ? readEventPage(page.data, filters, position) : undefined;

  const go = (next: PagePosition | null) => setParams(writeActivityParams(filters, next ?? undefined));

  return (
    <>
      <PageHeader
        title="Activity"
        intro="Every record in the store’s ledger, newest first. Open one for its payload, signature and chain check."
      />
      <ActivityFilters
        key={params.toString()}
        filters={filters}
        devices={devices.data ?? []}
        onApply={(next) => setParams(writeActivityParams(next))}
      />
      <Card title="Ledger records">
        <QueryErrors errors={[page.error, boundError, devices.error]} />
        {view ? (
          <>
            <EventTable events={view.rows} deviceNames={deviceNames} />
            <Pager
              label="Ledger pages"
              newer={view.newer}
              older={view.older}
              atNewest={position.kind === 'newest'}
              onGo={go}
            />
          </>
        ) : (
          <PendingNote query={page} loading="Loading records…" />
        )}
      </Card>
    </>
  );
}

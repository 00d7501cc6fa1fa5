import { useSearchParams } from 'react-router';
import { useConflicts, type ConflictFilter } from '../../api/conflicts.js';
import { useDevices } from '../../api/devices.js';
import { Card } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Pager } from '../../components/Pager.js';
import { QueryView } from '../../components/QueryView.js';
import { Tabs } from '../../components/Tabs.js';
import { usePagedList } from '../../hooks/usePagedList.js';
import type { ConflictView } from '../../api/types.js';
import { ConflictTable } from './ConflictTable.js';

const PAGE_SIZE = 25;

function PagedConflicts({ conflicts }: { conflicts: ConflictView[] }) {
  const paged = usePagedList(conflicts, PAGE_SIZE);
  const deviceNames = new Map((useDevices().data ?? []).map((device) => [device.id, device.name]));
  return (
    <>
      <ConflictTable conflicts={paged.rows} deviceNames={deviceNames} />
      {conflicts.length > PAGE_SIZE ? <Pager label="Conflict pages" {...paged} onGo={paged.go} /> : null}
    </>
  );
}

export function ConflictsPage() {
  const [params, setParams] = useSearchParams();
  const filter: ConflictFilter = params.get('show') === 'resolved' ? 'resolved' : 'unresolved';
  const conflicts = useConflicts(filter);
  return (
    <>
      <PageHeader
        title="Conflicts"
        intro="Events the hub recorded but could not simply apply. Nothing is decided for you: each waits for a choice."
      />
      <Tabs
        label="Which conflicts"
        value={filter}
        options={[
          { value: 'unresolved', label: 'Needs a decision' },
          { value: 'resolved', label: 'Resolved' },
        ]}
        onChange={(value) => setParams(value === 'resolved' ? { show: 'resolved' } : {})}
      />
      <Card title={filter === 'resolved' ? 'Resolved conflicts' : 'Conflicts that need a decision'}>
        <QueryView query={conflicts} loading="Loading conflicts…">
          {(list) => <PagedConflicts key={filter} conflicts={list} />}
        </QueryView>
      </Card>
    </>
  );
}

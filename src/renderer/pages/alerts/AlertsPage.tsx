import { useSearchParams } from 'react-router';
import { useAlerts, type AlertFilter } from '../../api/alerts.js';
import type { Alert } from '../../api/types.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Pager } from '../../components/Pager.js';
import { QueryView } from '../../components/QueryView.js';
import { Tabs } from '../../components/Tabs.js';
import { usePagedList } from '../../hooks/usePagedList.js';
import { AlertTable } from './AlertTable.js';

const PAGE_SIZE = 25;
const FILTERS: ReadonlyArray<{ value: AlertFilter; label: string }> = [
  { value: 'active', label: 'Active' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'cleared', label: 'Cleared' },
  { value: 'all', label: 'All' },
];

function PagedAlerts({ alerts, canAcknowledge }: { alerts: Alert[]; canAcknowledge: boolean }) {
  const paged = usePagedList(alerts, PAGE_SIZE);
  return (
    <>
      <AlertTable alerts={paged.rows} canAcknowledge={canAcknowledge} />
      {alerts.length > PAGE_SIZE ? <Pager label="Alert pages" {...paged} onGo={paged.go} /> : null}
    </>
  );
}

export function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const filter = FILTERS.find((option) => option.value === params.get('show'))?.value ?? 'active';
  const alerts = useAlerts(filter);
  const manager = useHasRole('manager');
  return (
    <>
      <PageHeader
        title="Alerts"
        intro="Raised and cleared by the hub as conditions come and go. Acknowledging says someone has seen it; the alert stays until its condition clears."
      />
      <Tabs
        label="Which alerts"
        value={filter}
        options={FILTERS}
        onChange={(value) => setParams(value === 'active' ? {} : { show: value })}
      />
      <Card title={`${FILTERS.find((option) => option.value === filter)!.label} alerts`}>
        <QueryView query={alerts} loading="Loading alerts…">
          {(list) => <PagedAlerts key={filter} alerts={list} canAcknowledge={manager} />}
        </QueryView>
      </Card>
    </>
  );
}

import { createColumnHelper } from '@tanstack/react-table';
import { useId, useState } from 'react';
import { useEndOfDays, type EndOfDayView } from '../../api/conexxus.js';
import { Badge } from '../../components/Badge.js';
import { BeforePages } from '../../components/BeforePager.js';
import { Card } from '../../components/Card.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Time } from '../../components/Time.js';
import { formatCount } from '../../format.js';
import { useBeforePosition } from '../../hooks/before-pages.js';
import { businessDateText, dayProblem, endOfDayStatus, revisionLabel, totalText } from './conexxus-copy.js';
import { ConexxusRevisions } from './ConexxusRevisions.js';
import { RunEndOfDay } from './ConexxusRunEndOfDay.js';

const column = createColumnHelper<EndOfDayView>();

/** The latest revision's totals in the day's currency. */
function total(day: EndOfDayView, key: 'gross' | 'net'): string {
  const latest = day.revisions[0];
  return latest ? totalText(latest.totals[key], day.currency) : '—';
}

/** One row per business date, newest first; the open one's revisions are shown under the table. */
function DayTable({
  days,
  open,
  panelId,
  onToggle,
}: {
  days: EndOfDayView[];
  open: string | null;
  panelId: string;
  onToggle: (businessDate: string) => void;
}) {
  const columns = [
    column.display({
      id: 'date',
      header: 'Business date',
      cell: ({ row }) => <strong className="id-cell">{businessDateText(row.original.businessDate)}</strong>,
    }),
    column.display({
      id: 'state',
      header: 'State',
      cell: ({ row: { original: day } }) => {
        const problem = dayProblem(day);
        return (
          // A failed day is marked like a job failed for good: the row stands out in the same red.
          <span className={day.state === 'failed' ? 'job-dead' : undefined}>
            <StatusBadge status={endOfDayStatus(day.state)} />
            {problem ? <div className="small job-note">{problem}</div> : null}
          </span>
        );
      },
    }),
    column.display({
      id: 'revision',
      header: 'Latest report',
      cell: ({ row }) => (row.original.revisions[0] ? revisionLabel(row.original.revisions[0].revision) : '—'),
    }),
    column.display({ id: 'gross', header: 'Gross', cell: ({ row }) => total(row.original, 'gross') }),
    column.display({ id: 'net', header: 'Net', cell: ({ row }) => total(row.original, 'net') }),
    column.display({
      id: 'transactions',
      header: 'Transactions',
      cell: ({ row }) => formatCount(row.original.revisions[0]?.totals.transactions ?? 0),
    }),
    column.display({
      id: 'ackBy',
      header: 'Acknowledge by',
      cell: ({ row: { original: day } }) => (
        <>
          <Time iso={day.acknowledgeBy} bare />
          {day.overdue ? (
            <div>
              <Badge tone="bad">Overdue</Badge>
            </div>
          ) : null}
        </>
      ),
    }),
    column.display({
      id: 'details',
      header: () => <span className="sr-only">Revisions</span>,
      cell: ({ row: { original: day } }) => {
        const expanded = open === day.businessDate;
        return (
          <button
            type="button"
            className="button small"
            aria-expanded={expanded}
            aria-controls={panelId}
            aria-label={`${expanded ? 'Hide' : 'Show'} revisions of ${businessDateText(day.businessDate)}`}
            onClick={() => onToggle(day.businessDate)}
          >
            {expanded ? 'Hide revisions' : 'Show revisions'}
          </button>
        );
      },
    }),
  ];
  return (
    <div className="upstream-jobs">
      <DataTable
        caption="End of day by business date, newest first"
        data={days}
        columns={columns}
        getRowId={(day) => day.businessDate}
        empty="No end of day yet: the first one is made at the end of the first business day with Conexxus on."
      />
    </div>
  );
}

/**
 * Each business date's movement reports (ISM, MCM, TLM, MSM) and how the back office took them; a manager can run the
 * end of day for a date by hand, which makes a correction when the day changed since its last report.
 */
export function ConexxusEndOfDay({ canAct }: { canAct: boolean }) {
  const { position, before, go } = useBeforePosition<string>();
  const days = useEndOfDays(before);
  const [open, setOpen] = useState<string | null>(null);
  const panelId = useId();

  return (
    <Card title="End of day">
      <RunEndOfDay canAct={canAct} />
      <ErrorMessage error={days.error} />
      <BeforePages pages={days} label="End of day pages" position={position} onGo={go} loading="Loading end of day…">
        {(data) => {
          const shown = data.days.find((day) => day.businessDate === open);
          return (
            <>
              <DayTable
                days={data.days}
                open={open}
                panelId={panelId}
                onToggle={(date) => setOpen((current) => (current === date ? null : date))}
              />
              {shown ? <ConexxusRevisions key={shown.businessDate} day={shown} canAct={canAct} id={panelId} /> : null}
            </>
          );
        }}
      </BeforePages>
    </Card>
  );
}

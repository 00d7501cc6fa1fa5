import { useId, useState } from 'react';
import { usePrintJobs, type PrintJobFilter, type PrintJobView, type PrinterView } from '../../api/hardware.js';
import { Card } from '../../components/Card.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { PRINT_JOB_STATES } from '../../../shared/protocol/printing.js';
import { useBeforePosition } from '../../hooks/before-pages.js';
import { BeforePager } from '../../components/BeforePager.js';
import { JOB_STATE_TEXT } from './hardware-copy.js';
import { JobActionDialog } from './JobActionDialog.js';
import { JobTable, type Names } from './JobTable.js';
import type { JobAction } from './job-actions.js';

/** The page of jobs for one filter; remounted (back to the newest page) whenever the filter changes. */
function JobPages({ filter, names, canAct }: { filter: PrintJobFilter; names: Names; canAct: boolean }) {
  const { position, before, go } = useBeforePosition();
  const pages = usePrintJobs(filter, before);
  const [deciding, setDeciding] = useState<{ job: PrintJobView; action: JobAction } | null>(null);

  return (
    <>
      <ErrorMessage error={pages.error} />
      {pages.data ? (
        <>
          <JobTable
            jobs={pages.data.jobs}
            names={names}
            onAction={canAct ? (job, action) => setDeciding({ job, action }) : undefined}
          />
          <BeforePager
            label="Print job pages"
            position={position}
            nextBefore={pages.data.nextBefore}
            moving={pages.isPlaceholderData}
            onGo={go}
          />
        </>
      ) : pages.isError ? null : (
        <p className="muted">Loading print jobs…</p>
      )}
      {deciding ? (
        <JobActionDialog
          job={deciding.job}
          action={deciding.action}
          printerName={names.printers.get(deciding.job.printerId) ?? deciding.job.printerId}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </>
  );
}

/** Every printer's queue in one list, filtered by printer and state (kept in the URL). */
export function PrintQueue({
  printers,
  filter,
  onFilter,
  names,
  canAct,
}: {
  printers: PrinterView[];
  filter: PrintJobFilter;
  onFilter: (filter: PrintJobFilter) => void;
  names: Names;
  canAct: boolean;
}) {
  const id = useId();
  return (
    <Card title="Print queue">
      <div className="filters inline-filters" role="group" aria-label="Filter the print queue">
        <div className="field">
          <label htmlFor={`${id}-printer`}>Printer</label>
          <select
            id={`${id}-printer`}
            value={filter.printerId ?? ''}
            onChange={(e) => onFilter({ ...filter, printerId: e.target.value || undefined })}
          >
            <option value="">All printers</option>
            {printers.map((printer) => (
              <option key={printer.id} value={printer.id}>
                {printer.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-state`}>Job state</label>
          <select
            id={`${id}-state`}
            value={filter.state ?? ''}
            onChange={(e) => onFilter({ ...filter, state: (e.target.value || undefined) as PrintJobFilter['state'] })}
          >
            <option value="">Any state</option>
            {PRINT_JOB_STATES.map((state) => (
              <option key={state} value={state}>
                {JOB_STATE_TEXT[state]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <JobPages key={`${filter.printerId ?? ''}|${filter.state ?? ''}`} filter={filter} names={names} canAct={canAct} />
    </Card>
  );
}

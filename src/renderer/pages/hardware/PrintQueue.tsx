import { useState } from 'react';
import { usePrintJobs, type PrintJobFilter, type PrintJobView, type PrinterView } from '../../api/hardware.js';
import { Card } from '../../components/Card.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { SelectFilter } from '../../components/SelectFilter.js';
import { PRINT_JOB_STATES } from '../../../shared/protocol/printing.js';
import { useBeforePosition } from '../../hooks/before-pages.js';
import { BeforePages } from '../../components/BeforePager.js';
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
      <BeforePages pages={pages} label="Print job pages" position={position} onGo={go} loading="Loading print jobs…">
        {(data) => (
          <JobTable
            jobs={data.jobs}
            names={names}
            onAction={canAct ? (job, action) => setDeciding({ job, action }) : undefined}
          />
        )}
      </BeforePages>
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
  return (
    <Card title="Print queue">
      <div className="filters inline-filters" role="group" aria-label="Filter the print queue">
        <SelectFilter
          label="Printer"
          value={filter.printerId}
          options={printers.map((printer) => ({ value: printer.id, label: printer.name }))}
          allText="All printers"
          onChange={(printerId) => onFilter({ ...filter, printerId })}
        />
        <SelectFilter
          label="Job state"
          value={filter.state}
          options={PRINT_JOB_STATES.map((state) => ({ value: state, label: JOB_STATE_TEXT[state] }))}
          allText="Any state"
          onChange={(state) => onFilter({ ...filter, state })}
        />
      </div>
      <JobPages key={`${filter.printerId ?? ''}|${filter.state ?? ''}`} filter={filter} names={names} canAct={canAct} />
    </Card>
  );
}

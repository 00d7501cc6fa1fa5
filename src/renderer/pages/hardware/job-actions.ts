import type { PrintJobView } from '../../api/hardware.js';

/** Drawer and drop reasons, as the hub's schema bounds them. */
export const MAX_REASON_LENGTH = 200;

export type JobAction = 'reprint' | 'drop';

/** What a manager may do with a job: only an uncertain job is reprinted; queued and uncertain ones can be dropped. */
export function jobActions(job: Pick<PrintJobView, 'state'>): JobAction[] {
  if (job.state === 'uncertain') return ['reprint', 'drop'];
  if (job.state === 'queued') return ['drop'];
  return [];
}

export interface JobActionCopy {
  title: string;
  /** What happens, and the risk, before it is done. */
  consequence: string[];
  confirm: string;
  keep: string;
}

export function jobActionCopy(action: JobAction, job: Pick<PrintJobView, 'state'>, what: string): JobActionCopy {
  if (action === 'reprint')
    return {
      title: `Reprint this ${what.toLowerCase()}?`,
      consequence: [
        'The printer stopped part-way through this job, so nobody knows whether it came out.',
        'The receipt may already be on paper — reprinting may give the customer two. Check the printer and ask the customer first.',
        'Reprinting puts the job back in the queue; it prints when the printer is ready.',
      ],
      confirm: 'Reprint',
      keep: 'Cancel',
    };
  return {
    title: `Drop this ${what.toLowerCase()}?`,
    consequence:
      job.state === 'uncertain'
        ? [
            'Dropping takes the job off the queue for good; it will not print again.',
            'The receipt may or may not be on paper: if it did not come out, the customer gets none from this job.',
          ]
        : [
            'This job has not printed yet. Dropping takes it off the queue for good: it never prints.',
            'The customer gets no receipt from this job.',
          ],
    confirm: 'Drop job',
    keep: 'Keep it',
  };
}

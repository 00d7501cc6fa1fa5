import type { EndOfDayView } from '../../../../../shared/protocol/conexxus-views.js';
import type { AlertRule } from '../../alert-rule.js';

export interface EndOfDaySource {
  /** Recent business dates whose reports are past their acknowledge-by time without being settled. */
  overdueEndOfDays(now: Date): EndOfDayView[];
}

const STATE_WORDS: Record<EndOfDayView['state'], string> = {
  sending: 'still waiting to be delivered',
  delivered: 'delivered',
  acknowledged: 'acknowledged',
  warning: 'acknowledged with a warning',
  failed: 'refused or cancelled',
  correction_due: 'out of date: a correction is owed',
};

/**
 * A business date whose end-of-day reports the back office has not acknowledged by the next morning (issue 8): head
 * office reads the day's figures then, so a manager must know before they are missed.
 */
export const conexxusUnacknowledged =
  (source: EndOfDaySource): AlertRule =>
  (_db, now) =>
    source.overdueEndOfDays(now).map((day) => ({
      key: `conexxus-unacknowledged:${day.businessDate}`,
      severity: day.state === 'failed' ? 'critical' : 'warning',
      subject: `conexxus-day:${day.businessDate}`,
      message:
        `The end of day for ${day.businessDate} is ${STATE_WORDS[day.state]}; it should have been acknowledged ` +
        `by ${day.acknowledgeBy}.`,
      data: { businessDate: day.businessDate, state: day.state, acknowledgeBy: day.acknowledgeBy },
    }));

/** A document the back office refused (FatalError) or that failed for good: the reason, for the manager to act on. */
export const conexxusRejected: AlertRule = (db) =>
  db
    .prepare<[], { id: string; file_name: string; last_error: string | null }>(
      `SELECT id, json_extract(payload, '$.fileName') AS file_name, last_error FROM upstream_jobs
       WHERE connector = 'conexxus' AND state = 'dead' ORDER BY seq LIMIT 50`,
    )
    .all()
    .map((job) => ({
      key: `conexxus-rejected:${job.id}`,
      severity: 'critical',
      subject: `upstream-job:${job.id}`,
      message: `${job.file_name} was not accepted: ${job.last_error ?? 'no reason given'}`,
      data: { jobId: job.id, fileName: job.file_name, reason: job.last_error },
    }));

import type { KsefOverview } from '../../../../../shared/protocol/ksef-views.js';
import { explainRejection } from '../../../invoicing/ksef-rejections.js';
import type { AlertRule } from '../../alert-rule.js';

export interface KsefSendingSource {
  ksefOverview(now: Date): KsefOverview;
}

/**
 * The backlog owed to KSeF cannot be sent before its nearest deadline at the rate invoices were numbered in the last
 * hour (or nothing was numbered and the deadline is within a day). Raised before any single invoice's own deadline
 * alert, while there is still time to act: the internet line, the token, KSeF's announcements.
 */
export const ksefDrainRisk =
  (source: KsefSendingSource): AlertRule =>
  (_db, now) => {
    const overview = source.ksefOverview(now);
    if (!overview.drain.atRisk || !overview.nearestDeadline) return [];
    const { hoursNeeded } = overview.drain;
    const rate =
      hoursNeeded === null
        ? 'nothing was numbered by KSeF in the last hour'
        : `at ${overview.numberedLastHour} an hour it takes ${hoursNeeded.toFixed(1)} h`;
    return [
      {
        key: 'ksef-drain-risk',
        severity: 'critical' as const,
        subject: 'connector:ksef',
        message:
          `${overview.backlog} invoices are owed to KSeF and ${overview.nearestDeadline.number} is due by ` +
          `${overview.nearestDeadline.dueAt}: ${rate}.`,
        data: { backlog: overview.backlog, nearest: overview.nearestDeadline, hoursNeeded },
      },
    ];
  };

/** Each invoice KSeF rejected, until a manager's correction is numbered: why, in plain words, and what to do. */
export const ksefRejected: AlertRule = (db) =>
  db
    .prepare<[], { invoice_id: string; number: string; code: number }>(
      `SELECT invoice_id, number, json_extract(rejection, '$.code') AS code FROM invoices WHERE status = 'rejected'`,
    )
    .all()
    .map((row) => ({
      key: `ksef-rejected:${row.invoice_id}`,
      severity: 'warning' as const,
      subject: `invoice:${row.invoice_id}`,
      message: `KSeF rejected invoice ${row.number} (${row.code}). ${explainRejection(row.code).explanation}`,
      data: { invoiceId: row.invoice_id, number: row.number, code: row.code },
    }));

import { owedInvoices } from '../../invoicing/invoice-reads.js';
import type { AlertRule } from '../alert-rule.js';

const HOUR_MS = 3_600_000;

/**
 * The KSeF watchdog (issue 9): an invoice owed to KSeF whose legal sending deadline is within 24 h (warning), within
 * 2 h (critical) or past (critical). The deadline is the one the hub computes now, so a failure announced since the
 * invoice was issued moves it.
 */
export const invoiceDeadlines: AlertRule = (db, now) =>
  owedInvoices(db).flatMap((invoice) => {
    if (invoice.deadline.kind !== 'due') return [];
    const left = Date.parse(invoice.deadline.dueAt) - now.getTime();
    if (left > 24 * HOUR_MS) return [];
    const missed = left <= 0;
    return {
      key: `invoice-deadline:${invoice.invoiceId}`,
      severity: left > 2 * HOUR_MS ? 'warning' : 'critical',
      subject: `invoice:${invoice.invoiceId}`,
      message: missed
        ? `Invoice ${invoice.number} was due in KSeF by the end of ${invoice.deadline.date} and has not been sent`
        : `Invoice ${invoice.number} must be sent to KSeF by the end of ${invoice.deadline.date} ` +
          `(${Math.max(1, Math.round(left / 60_000))} min left)`,
      data: { invoiceId: invoice.invoiceId, number: invoice.number, dueAt: invoice.deadline.dueAt, missed },
    };
  });

export const invoicingAlertRules: AlertRule[] = [invoiceDeadlines];

import type { InvoiceDeadline, InvoiceStatus } from '../../api/invoices.js';
import { Countdown } from '../../components/Countdown.js';
import { useNow } from '../../hooks/useNow.js';
import { calendarDateText, deadlineBand, owedToKsef, RED_MS, undatedDeadlineText } from './invoice-copy.js';

/**
 * The time left to send one offline invoice, ticking each second: red within 2 h (Countdown's own urgency), amber
 * within a day, "Missed" after. The band is a class on the wrapper, so both the table and the detail colour it alike.
 */
function DueCountdown({ dueAt, date }: { dueAt: string; date: string }) {
  const band = deadlineBand(dueAt, useNow(1_000));
  return (
    <span className={`deadline deadline-${band}`} data-band={band}>
      <Countdown until={dueAt} expiredText="Missed" urgentWithinMs={RED_MS} />
      <span className="small muted deadline-date">by {calendarDateText(date)}</span>
    </span>
  );
}

/**
 * An invoice's legal deadline for reaching KSeF. It counts down only while the invoice is still owed to KSeF (waiting
 * to be sent, or rejected and waiting for a correction); once KSeF has it (or it needs not be sent) only the date is
 * worth showing.
 */
export function SendingDeadline({ deadline, status }: { deadline: InvoiceDeadline; status: InvoiceStatus }) {
  if (deadline.kind !== 'due')
    return (
      <span className={deadline.kind === 'open' ? 'deadline deadline-open' : 'muted'}>
        {undatedDeadlineText(deadline)}
      </span>
    );
  if (!owedToKsef(status)) return <span className="muted">by {calendarDateText(deadline.date)}</span>;
  return <DueCountdown dueAt={deadline.dueAt} date={deadline.date} />;
}

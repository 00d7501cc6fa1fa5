import { useId, useState } from 'react';
import { useEndOfDay, type EndOfDayReport } from '../../api/sales.js';
import { Card } from '../../components/Card.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { PendingNote } from '../../components/PendingNote.js';
import { formatCount, formatMinor } from '../../format.js';

type Takings = EndOfDayReport['storeTotals'][number];

/** One block of the report, line for line as the printer prints it (its Polish labels in English). */
function TakingsTable({ title, takings }: { title: string; takings: Takings }) {
  const money = (amount: number) => formatMinor(amount, takings.currency);
  const lines: Array<[label: string, amount: string, strong?: boolean]> = [
    [`Sales (${formatCount(takings.saleCount)})`, money(takings.gross)],
    [`Refunds (${formatCount(takings.refundCount)})`, money(-takings.refunds)],
    [`Voids (${formatCount(takings.voidCount)})`, money(-takings.voids)],
    ['Net', money(takings.net), true],
    ['  cash', money(takings.cash)],
    ['  card', money(takings.card)],
  ];
  return (
    <table className="eod-block">
      <caption>{title}</caption>
      <tbody>
        {lines.map(([label, amount, strong]) => (
          <tr key={label} className={strong ? 'eod-net' : undefined}>
            <th scope="row">{label.trim()}</th>
            <td>{amount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Report({ report }: { report: EndOfDayReport }) {
  return (
    <div className="eod-report">
      {report.takings.length === 0 ? <p className="empty">No sales on this business day.</p> : null}
      {report.takings.map((takings) => (
        <TakingsTable
          key={`${takings.locationName}-${takings.currency}`}
          title={`${takings.locationName} (${takings.currency})`}
          takings={takings}
        />
      ))}
      {report.storeTotals.map((totals) => (
        <TakingsTable key={totals.currency} title={`Whole store (${totals.currency})`} takings={totals} />
      ))}
      {report.offlineCardPayments.length === 0 ? (
        <p className="muted">Offline card payments: none.</p>
      ) : (
        report.offlineCardPayments.map((payments) => (
          <table className="eod-block" key={payments.currency}>
            <caption>Offline card payments ({payments.currency})</caption>
            <tbody>
              <tr>
                <th scope="row">All ({formatCount(payments.count)})</th>
                <td>{formatMinor(payments.total, payments.currency)}</td>
              </tr>
              <tr>
                <th scope="row">Not yet forwarded ({formatCount(payments.outstandingCount)})</th>
                <td>{formatMinor(payments.outstanding, payments.currency)}</td>
              </tr>
              <tr>
                <th scope="row">of which held ({formatCount(payments.heldCount)})</th>
                <td>{formatMinor(payments.held, payments.currency)}</td>
              </tr>
            </tbody>
          </table>
        ))
      )}
    </div>
  );
}

/** The end-of-day report of one business date on screen: the same reads, so the same figures, as the printout. */
export function EndOfDayCard({ initialDate }: { initialDate: string | undefined }) {
  const [date, setDate] = useState<string | undefined>(initialDate);
  const id = useId();
  const report = useEndOfDay(date);
  const shown = report.data?.businessDate;
  return (
    <Card
      title={shown ? `End-of-day report · ${shown}` : 'End-of-day report'}
      aside={
        <div className="field inline-field">
          <label htmlFor={id}>Business date</label>
          <input
            id={id}
            type="date"
            value={date ?? shown ?? ''}
            max={report.data?.today}
            onChange={(e) => setDate(e.target.value || undefined)}
          />
        </div>
      }
    >
      <p className="card-note">
        The figures the printed end-of-day report shows, per location and for the whole store.
      </p>
      <ErrorMessage error={report.error} />
      {report.data ? <Report report={report.data} /> : <PendingNote query={report} loading="Loading…" />}
    </Card>
  );
}

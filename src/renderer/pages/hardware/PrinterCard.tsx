import { usePrintEndOfDay, useTestPrint, type PrinterView } from '../../api/hardware.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Time } from '../../components/Time.js';
import { formatAgo, formatCount } from '../../format.js';
import { useNow } from '../../hooks/useNow.js';
import { connectionText, drawerText, modelText, printerState, readingText } from './hardware-copy.js';
import { hardwareErrorText } from './hardware-errors.js';

/**
 * One printer: what it is doing (or why its jobs wait), the last status it answered, its queue, and for managers a
 * test print and opening its drawer.
 */
export function PrinterCard({
  printer,
  canAct,
  onOpenDrawer,
}: {
  printer: PrinterView;
  canAct: boolean;
  onOpenDrawer: (printer: PrinterView) => void;
}) {
  const testPrint = useTestPrint();
  const endOfDay = usePrintEndOfDay();
  const now = useNow(15_000);
  const state = printerState(printer);
  const attention = printer.uncertain > 0 || printer.state === 'waiting';

  return (
    <Card
      title={printer.name}
      className={`printer-card${attention ? ' printer-attention' : ''}`}
      aside={<StatusBadge status={state} />}
    >
      <Facts>
        <Fact label="State">{state.label}</Fact>
        <Fact label="Last status">
          {printer.status ? readingText(printer.status) : 'Not read yet'}
          {printer.statusReadAt ? (
            <div className="small">
              <Time iso={printer.statusReadAt} />
            </div>
          ) : null}
        </Fact>
        <Fact label="Queue">
          {formatCount(printer.queued)} queued · {formatCount(printer.uncertain)} uncertain
        </Fact>
        <Fact label="Oldest queued">
          {printer.oldestQueuedAt ? (
            <time dateTime={printer.oldestQueuedAt} title={printer.oldestQueuedAt}>
              {formatAgo(printer.oldestQueuedAt, now)}
            </time>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="Connection" mono>
          {connectionText(printer.connection)}
        </Fact>
        <Fact label="Model">
          {modelText(printer)}
          {printer.receiptDefault ? ' · default for receipts' : ''}
        </Fact>
        <Fact label="Cash drawer">{drawerText(printer.drawer)}</Fact>
        <Fact label="Printer ID" mono>
          {printer.id}
        </Fact>
      </Facts>
      {printer.uncertain > 0 ? (
        <p className="consequence">
          {printer.uncertain === 1 ? 'One job' : `${formatCount(printer.uncertain)} jobs`} stopped part-way and may or
          may not be on paper. The hub never prints {printer.uncertain === 1 ? 'it' : 'them'} again by itself: a manager
          reprints or drops {printer.uncertain === 1 ? 'it' : 'them'} in the queue below.
        </p>
      ) : null}
      {canAct ? (
        <>
          <div className="actions">
            <button
              type="button"
              className="button small"
              onClick={() => testPrint.mutate(printer.id)}
              disabled={testPrint.isPending}
              aria-label={`Test print on ${printer.name}`}
            >
              {testPrint.isPending ? 'Sending…' : 'Test print'}
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => endOfDay.mutate(printer.id)}
              disabled={endOfDay.isPending}
              aria-label={`Print the end-of-day report on ${printer.name}`}
            >
              {endOfDay.isPending ? 'Sending…' : 'End-of-day report'}
            </button>
            {printer.drawer ? (
              <button
                type="button"
                className="button small"
                onClick={() => onOpenDrawer(printer)}
                aria-label={`Open drawer on ${printer.name}`}
              >
                Open drawer
              </button>
            ) : null}
          </div>
          {testPrint.isSuccess ? (
            <p className="notice" role="status">
              Test page queued. It shows in the queue below as it prints.
            </p>
          ) : null}
          {endOfDay.isSuccess ? (
            <p className="notice" role="status">
              Today’s end-of-day report queued.
            </p>
          ) : null}
          <ErrorMessage text={testPrint.error ? hardwareErrorText(testPrint.error) : null} />
          <ErrorMessage text={endOfDay.error ? hardwareErrorText(endOfDay.error) : null} />
        </>
      ) : (
        <p className="card-note">A manager can print a test page or the end-of-day report, or open the drawer.</p>
      )}
    </Card>
  );
}

import { useId } from 'react';
import type { EndOfDayRevisionView, EndOfDayView } from '../../api/conexxus.js';
import { Fact, Facts } from '../../components/Card.js';
import { Time } from '../../components/Time.js';
import { formatCount } from '../../format.js';
import { businessDateText, createdByText, revisionLabel, totalText } from './conexxus-copy.js';
import { ConexxusDocuments } from './ConexxusDocuments.js';
import { useJobActions } from './ConexxusJobActions.js';

const RETRIED =
  'Retry asked: the document is due now. It keeps its file name, so the resend overwrites the first and never duplicates it.';

function Revision({
  revision,
  currency,
  actions,
}: {
  revision: EndOfDayRevisionView;
  currency: string | null;
  actions: Pick<ReturnType<typeof useJobActions>, 'act' | 'busy'> | null;
}) {
  const id = useId();
  const label = revisionLabel(revision.revision);
  const { gross, net, transactions } = revision.totals;
  return (
    <section className="eod-revision" aria-labelledby={id}>
      <h4 id={id}>{label}</h4>
      <Facts>
        <Fact label="Made">
          <Time iso={revision.createdAt} /> by {createdByText(revision.createdBy)}
        </Fact>
        <Fact label="Why">{revision.reason}</Fact>
        <Fact label="Totals">
          Gross {totalText(gross, currency)} · Net {totalText(net, currency)} · {formatCount(transactions)}{' '}
          {transactions === 1 ? 'transaction' : 'transactions'}
        </Fact>
      </Facts>
      <ConexxusDocuments
        caption={`Documents of ${label}`}
        documents={revision.documents}
        busy={actions?.busy ?? null}
        onAction={actions?.act}
      />
    </section>
  );
}

/**
 * Every revision of one business date, newest first: a correction sits above the report it replaces, so what the
 * back office was told first and what it was told since are both on screen.
 */
export function ConexxusRevisions({ day, canAct, id }: { day: EndOfDayView; canAct: boolean; id: string }) {
  const headingId = useId();
  const actions = useJobActions(RETRIED);
  return (
    <section className="eod-revisions" id={id} aria-labelledby={headingId}>
      <h3 id={headingId}>Revisions of {businessDateText(day.businessDate)}</h3>
      {day.revisions.length === 0 ? <p className="empty">No report has been made for this day yet.</p> : null}
      {day.revisions.map((revision) => (
        <Revision
          key={revision.revision}
          revision={revision}
          currency={day.currency}
          actions={canAct ? actions : null}
        />
      ))}
      {actions.outcome}
    </section>
  );
}

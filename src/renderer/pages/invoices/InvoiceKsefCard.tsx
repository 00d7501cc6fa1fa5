import { invoiceUpoUrl, type InvoiceDetail } from '../../api/invoices.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Time } from '../../components/Time.js';
import { formatDateTime } from '../../format.js';
import {
  announcementText,
  deadlineMeaning,
  invoiceStatus,
  KSEF_MODE_TEXT,
  MODE_MEANING,
  modeStatus,
  sessionKindText,
} from './invoice-copy.js';
import { SendingDeadline } from './SendingDeadline.js';
import { TechnicalCorrectionForm } from './TechnicalCorrectionForm.js';

/** Where sending stands in a sentence: sent and waiting for its number, or sent again as a technical correction. */
function SendingState({ invoice }: { invoice: InvoiceDetail }) {
  const { sending, correctedHash } = invoice.ksef;
  const inKsef = invoice.status === 'sent' || invoice.status === 'accepted';
  return (
    <>
      {invoice.status === 'sent' && sending ? (
        <p className="notice" role="status">
          Sent to KSeF at {formatDateTime(sending.sentAt)}, waiting for its number.
        </p>
      ) : null}
      {correctedHash ? (
        <p className="card-note">
          {inKsef ? 'Sent' : 'Corrected: it goes to KSeF'} as a technical correction of the rejected invoice (hash{' '}
          <span className="mono">{correctedHash}</span>).
        </p>
      ) : null}
    </>
  );
}

/** KSeF's official receipt, and anything the hub's check of it found (it is kept as KSeF served it anyway). */
function Upo({ invoice }: { invoice: InvoiceDetail }) {
  const problems = invoice.ksef.upo?.problems ?? [];
  return (
    <div className="stack">
      <div className="actions">
        <a className="button" href={invoiceUpoUrl(invoice.invoiceId)} download>
          Download UPO
        </a>
        <span className="muted small">KSeF’s official receipt of the invoice, exactly as KSeF sent it.</span>
      </div>
      {problems.length > 0 ? (
        <div className="consequence" role="note" aria-label="UPO check">
          The hub’s check of this UPO found {problems.length === 1 ? 'a problem' : 'problems'}:
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>{problem}</li>
            ))}
          </ul>
          It is kept as KSeF sent it.
        </div>
      ) : null}
    </div>
  );
}

/** What KSeF said when it refused the invoice, what that means, and (a manager's) the buyer fixed and sent again. */
function Rejection({ invoice }: { invoice: InvoiceDetail }) {
  const manager = useHasRole('manager');
  const rejection = invoice.ksef.rejection!;
  return (
    <section className="stack ksef-rejection" aria-label="Rejected by KSeF">
      <h3>Rejected by KSeF</h3>
      <Facts>
        <Fact label="Code" mono>
          {rejection.code}
        </Fact>
        <Fact label="KSeF said">
          {rejection.description}
          {rejection.details.length > 0 ? (
            <ul className="small ksef-details">
              {rejection.details.map((detail, index) => (
                <li key={index}>{detail}</li>
              ))}
            </ul>
          ) : null}
        </Fact>
        <Fact label="Rejected">
          <Time iso={rejection.at} />
        </Fact>
      </Facts>
      <p className="consequence">{rejection.explanation}</p>
      {rejection.correctable ? (
        manager ? (
          // A new rejection (other bytes) starts again from the buyer as invoiced then.
          <TechnicalCorrectionForm key={invoice.sha256} invoice={invoice} />
        ) : (
          <p className="card-note">A manager can correct the buyer and send the invoice again.</p>
        )
      ) : null}
    </section>
  );
}

/**
 * How the invoice stands with KSeF: the mode it was issued in, its deadline and what that was computed from, and what
 * sending it came to (issue 10): its KSeF number, how KSeF classified it, when and in which session, the UPO, or
 * KSeF's rejection and the correction.
 */
export function InvoiceKsefCard({ invoice }: { invoice: InvoiceDetail }) {
  const { ksef } = invoice;
  const sessionRef = ksef.sessionRef ?? ksef.sending?.sessionRef ?? null;
  return (
    <Card title="KSeF" aside={<StatusBadge status={invoiceStatus(invoice.status)} />}>
      <SendingState invoice={invoice} />
      <Facts>
        <Fact label="KSeF number">
          {invoice.ksefNumber ? (
            <span className="mono">{invoice.ksefNumber}</span>
          ) : (
            <span className="muted">None yet: KSeF gives it when it accepts the invoice.</span>
          )}
        </Fact>
        {ksef.invoicingMode ? <Fact label="Classified by KSeF as">{KSEF_MODE_TEXT[ksef.invoicingMode]}</Fact> : null}
        {ksef.acquiredAt ? (
          <Fact label="Numbered">
            <Time iso={ksef.acquiredAt} />
          </Fact>
        ) : null}
        {sessionRef ? (
          <Fact label="Session">
            <span className="mono">{sessionRef}</span>
            {ksef.sending && !ksef.sessionRef ? (
              <div className="small muted">{sessionKindText(ksef.sending.kind)} session</div>
            ) : null}
          </Fact>
        ) : null}
        <Fact label="Mode">
          <StatusBadge status={modeStatus(invoice.mode)} />
          <div className="small muted">{MODE_MEANING[invoice.mode]}</div>
        </Fact>
        <Fact label="Send to KSeF within">
          <SendingDeadline deadline={invoice.deadline} status={invoice.status} />
          <div className="small muted">{deadlineMeaning(invoice.deadline)}</div>
        </Fact>
        <Fact label="Deadline from">
          {invoice.announcements.length === 0 ? (
            <span className="muted">No KSeF outage was announced when it was issued.</span>
          ) : (
            <ul className="announcements">
              {invoice.announcements.map((announcement, index) => (
                <li key={index}>{announcementText(announcement)}</li>
              ))}
            </ul>
          )}
        </Fact>
        {invoice.certificateSerial ? (
          <Fact label="Offline certificate" mono>
            {invoice.certificateSerial}
          </Fact>
        ) : null}
      </Facts>
      {ksef.upo ? <Upo invoice={invoice} /> : null}
      {ksef.rejection ? <Rejection invoice={invoice} /> : null}
    </Card>
  );
}

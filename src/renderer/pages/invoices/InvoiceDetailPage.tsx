import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  invoiceXmlUrl,
  useInvoice,
  useIssueCorrection,
  usePrintInvoice,
  type InvoiceDetail,
} from '../../api/invoices.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card, Fact, Facts } from '../../components/Card.js';
import { CopyText } from '../../components/CopyText.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Field } from '../../components/Field.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryView } from '../../components/QueryView.js';
import { Time } from '../../components/Time.js';
import { formatMoney } from '../../format.js';
import { calendarDateText, sizeText } from './invoice-copy.js';
import { InvoiceKsefCard } from './InvoiceKsefCard.js';
import { LinesTable, SCREEN_WORDS, VatTable } from './InvoiceTables.js';
import { VerificationQr } from './VerificationQr.js';

/** Seller or buyer; only the seller has a bank account on the invoice. */
type Party = Omit<InvoiceDetail['seller'], 'bankAccount'> & { bankAccount?: string | null };

function PartyCard({ title, party }: { title: string; party: Party }) {
  return (
    <Card title={title}>
      <Facts>
        <Fact label="Name">{party.name}</Fact>
        <Fact label="NIP" mono>
          {party.nip}
        </Fact>
        <Fact label="Address">
          {party.address.line1}
          {party.address.line2 ? <div>{party.address.line2}</div> : null}
        </Fact>
        {party.bankAccount ? (
          <Fact label="Bank account" mono>
            {party.bankAccount}
          </Fact>
        ) : null}
      </Facts>
    </Card>
  );
}

/** KOD I (anyone checks the invoice in KSeF) and, for an invoice issued offline, KOD II (who issued it). */
function CodesCard({ invoice }: { invoice: InvoiceDetail }) {
  return (
    <Card title="Verification codes">
      <div className="kod-pair">
        {invoice.kodI ? (
          <div className="kod-block">
            <h3>KOD I</h3>
            <VerificationQr name="KOD I" code={invoice.kodI} />
            <CopyText text={invoice.kodI.url} label="KOD I link" />
          </div>
        ) : (
          <p className="card-note">
            No codes: issued during a total KSeF failure, this invoice is never sent to KSeF and carries no QR codes.
          </p>
        )}
        {invoice.kodII ? (
          <div className="kod-block">
            <h3>KOD II</h3>
            <VerificationQr name="KOD II" code={invoice.kodII} />
            <CopyText text={invoice.kodII.url} label="KOD II link" />
          </div>
        ) : invoice.kodI ? (
          <p className="card-note">
            No KOD II: only an invoice issued offline carries one, signed with the offline certificate.
          </p>
        ) : null}
      </div>
    </Card>
  );
}

/** Printing on the receipt printer (a manager's), the A4 view to print from this computer, and the XML itself. */
function PrintCard({ invoice }: { invoice: InvoiceDetail }) {
  const manager = useHasRole('manager');
  const print = usePrintInvoice();
  const path = `/invoices/${encodeURIComponent(invoice.invoiceId)}`;
  return (
    <Card title="Print and download">
      <div className="actions">
        <Link className="button" to={`${path}/print`} target="_blank">
          Printable A4 view
        </Link>
        <a className="button" href={invoiceXmlUrl(invoice.invoiceId)} download>
          Download XML
        </a>
        {manager ? (
          <button
            type="button"
            className="button"
            disabled={print.isPending}
            onClick={() => print.mutate({ invoiceId: invoice.invoiceId })}
          >
            {print.isPending ? 'Sending…' : 'Print on the receipt printer'}
          </button>
        ) : null}
      </div>
      {manager ? null : <p className="card-note">A manager can print it on the receipt printer.</p>}
      <ErrorMessage error={print.error} />
      {print.data ? (
        <p className="notice" role="status">
          Sent to the receipt printer with both codes (job <span className="mono">{print.data.jobId}</span>). Follow it
          on the <Link to="/hardware">Hardware</Link> screen.
        </p>
      ) : null}
    </Card>
  );
}

/**
 * A refund of an invoiced sale needs a correcting invoice (KOR) for the buyer's books: the manager names the refund
 * (as the till's receipt or Activity shows it) and the hub issues the KOR to this invoice's buyer.
 */
function CorrectionCard({ invoice }: { invoice: InvoiceDetail }) {
  const correct = useIssueCorrection();
  const [refundId, setRefundId] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (refundId.trim()) correct.mutate({ invoiceId: invoice.invoiceId, refundId: refundId.trim() });
  };
  return (
    <Card title="Correcting invoice">
      <form className="form" aria-label="Issue a correcting invoice" onSubmit={submit} noValidate>
        <Field
          label="Refund"
          hint="The refund of this sale the correction gives back, e.g. refund-0193…"
          required
          maxLength={64}
          value={refundId}
          onChange={(event) => setRefundId(event.target.value)}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={correct.isPending || !refundId.trim()}>
            {correct.isPending ? 'Issuing…' : 'Issue the correcting invoice'}
          </button>
        </div>
      </form>
      <ErrorMessage error={correct.error} />
      {correct.data ? (
        <p className="notice" role="status">
          Correcting invoice{' '}
          <Link to={`/invoices/${encodeURIComponent(correct.data.invoiceId)}`}>{correct.data.number}</Link> issued.
        </p>
      ) : null}
    </Card>
  );
}

function InvoiceView({ invoice }: { invoice: InvoiceDetail }) {
  const manager = useHasRole('manager');
  return (
    <>
      <div className="cards">
        <InvoiceKsefCard invoice={invoice} />
        <Card title="Invoice">
          <Facts>
            <Fact label="Number" mono>
              {invoice.number}
            </Fact>
            <Fact label="Issued">{calendarDateText(invoice.issueDate)}</Fact>
            <Fact label="Date of sale">{calendarDateText(invoice.saleDate)}</Fact>
            <Fact label="Gross">
              <strong>{formatMoney(invoice.gross)}</strong>
            </Fact>
            {invoice.correctionOf ? (
              <Fact label="Corrects">
                <Link to={`/invoices/${encodeURIComponent(invoice.correctionOf)}`}>{invoice.correctionOf}</Link>
              </Fact>
            ) : null}
            {/* Activity is addressed by ledger cursor, which the invoice does not carry: the sale id finds it. */}
            <Fact label="Sale">
              <CopyText text={invoice.saleId} label={`sale id ${invoice.saleId}`} />
            </Fact>
            <Fact label="Recorded">
              <Time iso={invoice.createdAt} />
            </Fact>
            <Fact label="SHA-256">
              <CopyText text={invoice.sha256} label="SHA-256 of the XML" />
            </Fact>
            <Fact label="Size">{sizeText(invoice.size)}</Fact>
          </Facts>
        </Card>
      </div>
      <div className="cards">
        <PartyCard title="Seller" party={invoice.seller} />
        <PartyCard title="Buyer" party={{ ...invoice.buyer, address: invoice.buyerAddress }} />
      </div>
      <Card title="Lines and VAT">
        <div className="table-wrap">
          <LinesTable invoice={invoice} words={SCREEN_WORDS} />
        </div>
        <h3>VAT per rate</h3>
        <div className="table-wrap">
          <VatTable invoice={invoice} words={SCREEN_WORDS} />
        </div>
      </Card>
      <div className="cards">
        <CodesCard invoice={invoice} />
        <PrintCard invoice={invoice} />
        {manager && !invoice.correctionOf ? <CorrectionCard invoice={invoice} /> : null}
      </div>
    </>
  );
}

/** One invoice: its parties, lines and VAT, its standing with KSeF, both QR codes, and printing it. */
export function InvoiceDetailPage() {
  const invoiceId = useParams().invoiceId ?? '';
  const invoice = useInvoice(invoiceId);
  return (
    <>
      <PageHeader
        title={invoice.data ? `Invoice ${invoice.data.number}` : 'Invoice'}
        actions={
          <Link className="button" to="/invoices">
            Back to invoices
          </Link>
        }
      />
      <QueryView query={invoice} loading="Loading the invoice…">
        {(data) => <InvoiceView invoice={data} />}
      </QueryView>
    </>
  );
}

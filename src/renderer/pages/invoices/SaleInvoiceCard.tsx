import { useState } from 'react';
import { Link } from 'react-router';
import type { InvoiceDetail } from '../../api/invoices.js';
import type { RecordStatus } from '../../api/types.js';
import { useHasRole } from '../../auth/SessionContext.js';
import { Card } from '../../components/Card.js';
import { MODE_TEXT, undatedDeadlineText, calendarDateText } from './invoice-copy.js';
import { IssueInvoiceDialog } from './IssueInvoiceDialog.js';

/** What became of the new invoice: its number, mode and deadline, and the way to it. */
function Issued({ invoice }: { invoice: InvoiceDetail }) {
  const deadline =
    invoice.deadline.kind === 'due'
      ? `send to KSeF by ${calendarDateText(invoice.deadline.date)}`
      : undatedDeadlineText(invoice.deadline).toLowerCase();
  return (
    <p className="notice" role="status">
      Invoice {invoice.number} issued ({MODE_TEXT[invoice.mode]}: {deadline}).{' '}
      <Link to={`/invoices/${encodeURIComponent(invoice.invoiceId)}`}>Open invoice {invoice.number}</Link>
    </p>
  );
}

/**
 * A sale's VAT invoice on its Activity entry: a manager issues one for a buyer who asks after the sale. Only a sale
 * the hub recorded can be invoiced; one it refused or holds in conflict is not a sale yet.
 */
export function SaleInvoiceCard({
  saleId,
  status,
  summary,
}: {
  saleId: string;
  status: RecordStatus;
  summary: string;
}) {
  const manager = useHasRole('manager');
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<InvoiceDetail | null>(null);

  let body;
  if (issued) body = <Issued invoice={issued} />;
  else if (status !== 'accepted')
    body = <p className="card-note">Only a sale the hub recorded can be invoiced; this one was not.</p>;
  else if (!manager) body = <p className="card-note">A manager can issue a VAT invoice for this sale.</p>;
  else
    body = (
      <div className="actions">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Issue an invoice
        </button>
        <span className="muted small">For a buyer who asks for a VAT invoice with their NIP.</span>
      </div>
    );

  return (
    <Card title="VAT invoice">
      {body}
      {open ? (
        <IssueInvoiceDialog
          saleId={saleId}
          summary={summary}
          onClose={() => setOpen(false)}
          onIssued={(invoice) => {
            setIssued(invoice);
            setOpen(false);
          }}
        />
      ) : null}
    </Card>
  );
}

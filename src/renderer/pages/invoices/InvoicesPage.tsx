import { useSearchParams } from 'react-router';
import { useInvoices, type InvoiceStatus } from '../../api/invoices.js';
import { BeforePages } from '../../components/BeforePager.js';
import { Card } from '../../components/Card.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { PageHeader } from '../../components/PageHeader.js';
import { SelectFilter } from '../../components/SelectFilter.js';
import { useBeforePosition } from '../../hooks/before-pages.js';
import { INVOICE_STATUSES } from '../../../shared/protocol/invoice-views.js';
import { STATUS_TEXT } from './invoice-copy.js';
import { InvoiceTable } from './InvoiceTable.js';

/** The status filter lives in the URL, so a reload or a shared link shows the same list. */
function readStatus(params: URLSearchParams): InvoiceStatus | undefined {
  const status = params.get('status');
  return status && (INVOICE_STATUSES as readonly string[]).includes(status) ? (status as InvoiceStatus) : undefined;
}

const STATUS_OPTIONS = INVOICE_STATUSES.map((status) => ({ value: status, label: STATUS_TEXT[status] }));

/** The pages of one status; remounted (back to the newest page) whenever the filter changes. */
function InvoicePages({ status }: { status: InvoiceStatus | undefined }) {
  const { position, before, go } = useBeforePosition<string>();
  const pages = useInvoices(status, before);
  return (
    <>
      <ErrorMessage error={pages.error} />
      <BeforePages pages={pages} label="Invoice pages" position={position} onGo={go} loading="Loading invoices…">
        {(data) => (
          <InvoiceTable
            invoices={data.invoices}
            empty={
              status
                ? `No invoices are “${STATUS_TEXT[status]}”.`
                : 'No invoices yet: issue one from a sale on the Activity screen, or at a till.'
            }
          />
        )}
      </BeforePages>
    </>
  );
}

/** VAT invoices (KSeF, issue 9): every one the store issued, and the time left to send those issued offline. */
export function InvoicesPage() {
  const [params, setParams] = useSearchParams();
  const status = readStatus(params);
  return (
    <>
      <PageHeader
        title="Invoices"
        intro="VAT invoices issued in KSeF or offline. An offline invoice must reach KSeF by its legal deadline."
      />
      <Card title="Invoices">
        <div className="filters inline-filters" role="group" aria-label="Filter the invoices">
          <SelectFilter
            label="Status"
            value={status}
            options={STATUS_OPTIONS}
            allText="Any status"
            onChange={(next) => setParams(next ? { status: next } : {}, { replace: true })}
          />
        </div>
        <InvoicePages key={status ?? ''} status={status} />
      </Card>
    </>
  );
}

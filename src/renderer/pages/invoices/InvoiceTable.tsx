import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import type { InvoiceListItem } from '../../api/invoices.js';
import { DataTable } from '../../components/DataTable.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatMoney } from '../../format.js';
import { calendarDateText, invoiceStatus, modeStatus } from './invoice-copy.js';
import { SendingDeadline } from './SendingDeadline.js';

const column = createColumnHelper<InvoiceListItem>();

const columns = [
  column.display({
    id: 'number',
    header: 'Number',
    cell: ({ row: { original: i } }) => (
      <>
        <Link className="strong-link id-cell" to={`/invoices/${encodeURIComponent(i.invoiceId)}`}>
          {i.number}
        </Link>
        {i.correctionOf ? <div className="muted small">Correction</div> : null}
      </>
    ),
  }),
  column.display({
    id: 'issued',
    header: 'Issued',
    cell: ({ row }) => <span className="id-cell">{calendarDateText(row.original.issueDate)}</span>,
  }),
  column.display({
    id: 'buyer',
    header: 'Buyer',
    cell: ({ row: { original: i } }) => (
      <>
        {i.buyer.name}
        <div className="muted small mono id-cell">NIP {i.buyer.nip}</div>
      </>
    ),
  }),
  column.display({
    id: 'gross',
    header: 'Gross',
    cell: ({ row }) => <strong className="id-cell">{formatMoney(row.original.gross)}</strong>,
  }),
  column.display({
    id: 'mode',
    header: 'Mode',
    cell: ({ row }) => <StatusBadge status={modeStatus(row.original.mode)} />,
  }),
  column.display({
    id: 'status',
    header: 'Status',
    cell: ({ row: { original: i } }) => (
      <>
        <StatusBadge status={invoiceStatus(i.status)} />
        {i.ksefNumber ? <div className="mono small id-cell">{i.ksefNumber}</div> : null}
      </>
    ),
  }),
  column.display({
    id: 'deadline',
    header: 'Send to KSeF within',
    cell: ({ row }) => <SendingDeadline deadline={row.original.deadline} status={row.original.status} />,
  }),
];

/**
 * Invoices newest first: who bought, how much, how it was issued, how sending it to KSeF stands (with its KSeF number
 * once it has one) and how long an offline one has to reach KSeF.
 */
export function InvoiceTable({ invoices, empty }: { invoices: InvoiceListItem[]; empty: string }) {
  return (
    <div className="invoice-list">
      <DataTable
        caption="Invoices, newest first"
        data={invoices}
        columns={columns}
        getRowId={(invoice) => invoice.invoiceId}
        empty={empty}
      />
    </div>
  );
}

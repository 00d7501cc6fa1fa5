import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RefundView, SalesSummary, VoidView } from '../../api/sales.js';
import { DataTable } from '../../components/DataTable.js';
import { Pager } from '../../components/Pager.js';
import { Tabs } from '../../components/Tabs.js';
import { Time } from '../../components/Time.js';
import { formatCount, formatMinor } from '../../format.js';
import { usePagedList } from '../../hooks/usePagedList.js';
import { cashierLabel, deviceLabel } from './sales-copy.js';

type Reversal = RefundView | VoidView;

function reversalColumns<T extends Reversal>(first: { header: string; cell: (row: T) => string }) {
  const column = createColumnHelper<T>();
  return [
    column.display({
      id: 'recorded',
      header: 'Recorded',
      cell: ({ row }) => <Time iso={row.original.recordedAt} bare />,
    }),
    column.display({
      id: 'record',
      header: first.header,
      cell: ({ row: { original: r } }) => (
        <Link to={`/activity/${r.cursor}`} aria-label={`${first.cell(r)}, event ${r.cursor}`}>
          {first.cell(r)}
        </Link>
      ),
    }),
    column.display({ id: 'location', header: 'Location', cell: ({ row }) => row.original.locationName }),
    column.display({
      id: 'device',
      header: 'Device',
      cell: ({ row: { original: r } }) => deviceLabel(r.deviceId, r.deviceName),
    }),
    column.display({ id: 'cashier', header: 'Cashier', cell: ({ row }) => cashierLabel(row.original.cashierId) }),
    column.display({
      id: 'amount',
      header: 'Amount',
      cell: ({ row: { original: r } }) => <strong>{formatMinor(r.total, r.currency)}</strong>,
    }),
    column.display({
      id: 'paid',
      header: 'Paid back as',
      cell: ({ row: { original: r } }) =>
        [
          r.cash ? `cash ${formatMinor(r.cash, r.currency)}` : null,
          r.card ? `card ${formatMinor(r.card, r.currency)}` : null,
        ]
          .filter(Boolean)
          .join(', ') || '—',
    }),
    column.display({ id: 'reason', header: 'Reason', cell: ({ row }) => row.original.reason ?? '—' }),
  ];
}

const ROWS_PER_PAGE = 10;

function PagedTable<T extends Reversal>({
  rows,
  caption,
  first,
  empty,
}: {
  rows: T[];
  caption: string;
  first: { header: string; cell: (row: T) => string };
  empty: string;
}) {
  const paged = usePagedList(rows, ROWS_PER_PAGE);
  return (
    <>
      <DataTable
        caption={caption}
        data={paged.rows}
        columns={reversalColumns<T>(first)}
        getRowId={(row) => `${row.cursor}`}
        empty={empty}
      />
      {rows.length > ROWS_PER_PAGE ? <Pager label={`${caption}: pages`} {...paged} onGo={paged.go} /> : null}
    </>
  );
}

/** The refunds or the voids of the range, newest first, a page at a time: the records behind those figures. */
export function RefundsAndVoids({ summary }: { summary: SalesSummary }) {
  const [shown, setShown] = useState<'refunds' | 'voids'>('refunds');
  const counted = (figure: 'refundCount' | 'voidCount') => summary.totals.reduce((sum, t) => sum + t[figure], 0);
  const refunds = counted('refundCount');
  const voids = counted('voidCount');
  const more = (listed: number, all: number, what: string) =>
    all > listed ? (
      <p className="card-note">
        The newest {formatCount(listed)} of {formatCount(all)} {what}; narrow the range to see the others.
      </p>
    ) : null;
  return (
    <div className="stack">
      <Tabs
        label="Refunds or voids"
        value={shown}
        options={[
          { value: 'refunds', label: `Refunds (${formatCount(refunds)})` },
          { value: 'voids', label: `Voids (${formatCount(voids)})` },
        ]}
        onChange={setShown}
      />
      {shown === 'refunds' ? (
        <>
          <PagedTable
            rows={summary.refunds}
            caption="Refunds, newest first"
            first={{ header: 'Refund', cell: (r: RefundView) => `${r.refundId} of sale ${r.saleId}` }}
            empty="No refunds in this range."
          />
          {more(summary.refunds.length, refunds, 'refunds')}
        </>
      ) : (
        <>
          <PagedTable
            rows={summary.voids}
            caption="Voided sales, newest first"
            first={{ header: 'Voided sale', cell: (v: VoidView) => `sale ${v.saleId}` }}
            empty="No voided sales in this range."
          />
          {more(summary.voids.length, voids, 'voids')}
        </>
      )}
    </div>
  );
}

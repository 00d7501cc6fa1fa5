import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { useAtRiskPayments, useHolds, type AtRiskPaymentView, type HoldView } from '../../api/upstream.js';
import { Card } from '../../components/Card.js';
import { Countdown } from '../../components/Countdown.js';
import { DataTable } from '../../components/DataTable.js';
import { Pager } from '../../components/Pager.js';
import { QueryView } from '../../components/QueryView.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Tabs } from '../../components/Tabs.js';
import { Time } from '../../components/Time.js';
import { formatMoney } from '../../format.js';
import { usePagedList } from '../../hooks/usePagedList.js';
import { SaleRef } from './SaleRef.js';
import { holdStatus, OPEN_HOLD_STATES } from './upstream-copy.js';

const PAGE_SIZE = 25;
/** DESIGN §11: a hold expiring within 24 h is an alert; its countdown stands out from then on. */
const HOLD_WARN_MS = 86_400_000;

const risk = createColumnHelper<AtRiskPaymentView>();
const riskColumns = [
  risk.display({
    id: 'sale',
    header: 'Sale',
    cell: ({ row }) => <SaleRef saleId={row.original.saleId} paymentId={row.original.paymentId} />,
  }),
  risk.display({ id: 'cashier', header: 'Cashier', cell: ({ row }) => row.original.cashier ?? 'Not recorded' }),
  risk.display({
    id: 'amount',
    header: 'Amount',
    cell: ({ row }) => <strong>{formatMoney(row.original.amount)}</strong>,
  }),
  risk.display({
    id: 'reason',
    header: 'Decline reason',
    cell: ({ row: { original: p } }) => (
      <>
        {p.message}
        {p.declineCode ? <div className="muted small mono">{p.declineCode}</div> : null}
      </>
    ),
  }),
  risk.display({
    id: 'when',
    header: 'When',
    cell: ({ row: { original: p } }) => (
      <>
        <div>
          Declined <Time iso={p.declinedAt} />
        </div>
        <div className="small">
          Taken <Time iso={p.takenAt} bare />
        </div>
      </>
    ),
  }),
];

/** Card payments the processor declined after the till had handed over the goods: money the store has lost. */
function AtRiskPayments() {
  const payments = useAtRiskPayments();
  return (
    <Card title="Payments at risk">
      <QueryView query={payments} loading="Loading payments at risk…">
        {(list) => (
          <>
            {list.length > 0 ? (
              <p className="consequence">
                The processor declined {list.length === 1 ? 'this payment' : 'these payments'} after the customer left
                with the goods. Contact the customer, or write the amount off.
              </p>
            ) : null}
            <DataTable
              caption="Payments at risk"
              data={list}
              columns={riskColumns}
              getRowId={(payment) => payment.paymentId}
              empty="No payments at risk: the processor has declined none of the payments taken offline."
            />
          </>
        )}
      </QueryView>
    </Card>
  );
}

const hold = createColumnHelper<HoldView>();
const holdColumns = [
  hold.display({
    id: 'sale',
    header: 'Sale',
    cell: ({ row }) => <SaleRef saleId={row.original.saleId} paymentId={row.original.paymentId} />,
  }),
  hold.display({ id: 'amount', header: 'Amount', cell: ({ row }) => formatMoney(row.original.amount) }),
  hold.display({ id: 'taken', header: 'Taken', cell: ({ row }) => <Time iso={row.original.takenAt} /> }),
  hold.display({
    id: 'deadline',
    header: 'Capture within',
    cell: ({ row: { original: h } }) =>
      OPEN_HOLD_STATES.includes(h.state) ? (
        <Countdown until={h.captureDeadline} expiredText="Hold lapsed" urgentWithinMs={HOLD_WARN_MS} />
      ) : (
        <span className="muted">
          by <Time iso={h.captureDeadline} bare />
        </span>
      ),
  }),
  hold.display({
    id: 'state',
    header: 'State',
    cell: ({ row }) => <StatusBadge status={holdStatus(row.original.state)} />,
  }),
  hold.display({
    id: 'intent',
    header: 'PaymentIntent',
    cell: ({ row }) => <span className="mono">{row.original.paymentIntentId ?? 'Not forwarded yet'}</span>,
  }),
];

type HoldFilter = 'open' | 'all';
const HOLD_TABS = [
  { value: 'open', label: 'Still to capture' },
  { value: 'all', label: 'All holds' },
] as const;

/** Holds nearest their deadline first: each must be captured before it lapses, or the money is lost. */
const byDeadline = (a: HoldView, b: HoldView) => Date.parse(a.captureDeadline) - Date.parse(b.captureDeadline);

function HoldTable({ holds }: { holds: HoldView[] }) {
  const pages = usePagedList(holds, PAGE_SIZE);
  return (
    <>
      <DataTable
        caption="Card holds, nearest deadline first"
        data={pages.rows}
        columns={holdColumns}
        getRowId={(h) => h.paymentId}
        empty="No card holds here."
      />
      {pages.atNewest && pages.older === null ? null : (
        <Pager
          label="Card hold pages"
          newer={pages.newer}
          older={pages.older}
          atNewest={pages.atNewest}
          onGo={pages.go}
        />
      )}
    </>
  );
}

/** Offline card payments on their way to capture, with the time left before each hold lapses. */
function Holds() {
  const holds = useHolds();
  const [filter, setFilter] = useState<HoldFilter>('open');
  return (
    <Card
      title="Card holds"
      aside={<Tabs label="Which holds" value={filter} options={HOLD_TABS} onChange={setFilter} />}
    >
      <QueryView query={holds} loading="Loading card holds…">
        {(list) => (
          <HoldTable
            key={filter}
            holds={list.filter((h) => filter === 'all' || OPEN_HOLD_STATES.includes(h.state)).sort(byDeadline)}
          />
        )}
      </QueryView>
    </Card>
  );
}

/** Stripe's own part of the screen (DESIGN §6): what the processor declined, and the holds still to capture. */
export function StripePanels() {
  return (
    <>
      <AtRiskPayments />
      <Holds />
    </>
  );
}

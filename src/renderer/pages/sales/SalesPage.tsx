import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { salesCsvUrl, useSalesSummary, type SalesSummary } from '../../api/sales.js';
import { Card } from '../../components/Card.js';
import { PageHeader } from '../../components/PageHeader.js';
import { PendingNote } from '../../components/PendingNote.js';
import { QueryErrors } from '../../components/QueryErrors.js';
import { Tabs } from '../../components/Tabs.js';
import { EndOfDayCard } from './EndOfDayCard.js';
import { FiguresTable } from './FiguresTable.js';
import { RefundsAndVoids } from './RefundsAndVoids.js';
import { cashierLabel, dailySeries, deviceLabel } from './sales-copy.js';
import { readSalesParams, writeSalesParams } from './sales-params.js';
import { SalesChart } from './SalesChart.js';
import { SalesFilters } from './SalesFilters.js';
import { SalesTotals, TenderSplit } from './SalesTotals.js';

type Breakdown = 'day' | 'location' | 'device' | 'cashier';

const BREAKDOWNS: ReadonlyArray<{ value: Breakdown; label: string }> = [
  { value: 'location', label: 'By location' },
  { value: 'device', label: 'By device' },
  { value: 'cashier', label: 'By cashier' },
  { value: 'day', label: 'By day' },
];

function BreakdownTable({ summary, by }: { summary: SalesSummary; by: Breakdown }) {
  const empty = 'Nothing sold, refunded or voided in this range.';
  switch (by) {
    case 'location':
      return (
        <FiguresTable
          caption="Sales by location"
          nameHeader="Location"
          rows={summary.locations}
          name={(row) => row.locationName}
          rowId={(row) => `${row.locationId}-${row.currency}`}
          empty={empty}
        />
      );
    case 'device':
      return (
        <FiguresTable
          caption="Sales by device"
          nameHeader="Device"
          rows={summary.devices}
          name={(row) => deviceLabel(row.deviceId, row.deviceName)}
          rowId={(row) => `${row.deviceId}-${row.currency}`}
          empty={empty}
        />
      );
    case 'cashier':
      return (
        <FiguresTable
          caption="Sales by cashier"
          nameHeader="Cashier"
          rows={summary.cashiers}
          name={(row) => cashierLabel(row.cashierId)}
          rowId={(row) => `${row.cashierId}-${row.currency}`}
          empty={empty}
        />
      );
    case 'day':
      return (
        <FiguresTable
          caption="Sales by business day"
          nameHeader="Business day"
          rows={[...summary.days].reverse()}
          name={(row) => row.businessDate}
          rowId={(row) => `${row.businessDate}-${row.currency}`}
          empty={empty}
        />
      );
  }
}

function Figures({ summary }: { summary: SalesSummary }) {
  const [by, setBy] = useState<Breakdown>('location');
  const primary = summary.totals[0]?.currency ?? 'PLN';
  return (
    <>
      {summary.totals.length === 0 ? (
        <Card title="Totals">
          <p className="empty">Nothing was sold, refunded or voided in this range.</p>
        </Card>
      ) : (
        summary.totals.map((totals) => (
          <section key={totals.currency} aria-label={`Totals in ${totals.currency}`} className="stack">
            <SalesTotals totals={totals} />
          </section>
        ))
      )}
      <div className="cards sales-cards">
        <Card title="How it was paid">
          {summary.totals.length === 0 ? (
            <p className="empty">No takings in this range.</p>
          ) : (
            summary.totals.map((totals) => <TenderSplit key={totals.currency} totals={totals} />)
          )}
        </Card>
        <Card title="Net takings per day">
          <SalesChart points={dailySeries(summary, primary)} currency={primary} />
        </Card>
      </div>
      <Card
        title="Breakdown"
        aside={<Tabs label="Break the figures down" value={by} options={BREAKDOWNS} onChange={setBy} />}
      >
        <BreakdownTable summary={summary} by={by} />
      </Card>
      <Card title="Refunds and voids">
        <RefundsAndVoids summary={summary} />
      </Card>
    </>
  );
}

/**
 * What the store sold and how it was paid, per business date in the store's time zone: the hub's daily totals (the
 * same figures as its daily-totals API, to the minor unit) summed over a range, per location, device and cashier,
 * with the refunds and voids behind them, a chart over days, the end-of-day report and a CSV export.
 */
export function SalesPage() {
  const [params, setParams] = useSearchParams();
  const filter = readSalesParams(params);
  const summary = useSalesSummary(filter);
  const data = summary.data;
  const range = data ? (data.from === data.to ? data.from : `${data.from} to ${data.to}`) : null;
  return (
    <>
      <PageHeader
        title="Sales"
        intro={
          range
            ? `Business days ${range}, in the store’s time zone (${data!.timeZone}). Figures are the hub’s daily totals.`
            : 'What the store sold and how it was paid, per business day.'
        }
        actions={
          data ? (
            <a className="button" href={salesCsvUrl({ ...filter, from: data.from, to: data.to })} download>
              Download CSV
            </a>
          ) : null
        }
      />
      <SalesFilters
        key={`${params.toString()}|${data?.from ?? ''}|${data?.to ?? ''}`}
        filter={filter}
        summary={data}
        onApply={(next) => setParams(writeSalesParams(next))}
      />
      <QueryErrors errors={[summary.error]} />
      {data ? <Figures summary={data} /> : <PendingNote query={summary} loading="Loading sales…" />}
      <EndOfDayCard key={filter.to ?? ''} initialDate={filter.to} />
    </>
  );
}

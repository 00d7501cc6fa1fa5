import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMinor } from '../../format.js';
import type { DayPoint } from './sales-copy.js';

const TICK = { fontSize: 12 };

/** "22 Nov" from a business date, read as a calendar date (no time zone can move it). */
function dayLabel(date: unknown): string {
  const [year, month, day] = String(date).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/**
 * Net takings per business day, cash and card stacked (a day's bar is its net; refunds paid back in cash take from
 * the cash part). The same figures are in the "By day" table for anyone who cannot see the chart.
 */
export function SalesChart({ points, currency }: { points: readonly DayPoint[]; currency: string }) {
  const money = (value: unknown) => formatMinor(Number(value), currency);
  return (
    <figure className="chart" aria-label={`Net takings per day in ${currency}, cash and card`}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={points as DayPoint[]} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="#e6e9ee" vertical={false} />
          <XAxis dataKey="businessDate" tickFormatter={dayLabel} tick={TICK} minTickGap={12} />
          <YAxis tickFormatter={money} width={96} tick={TICK} />
          <Tooltip labelFormatter={dayLabel} formatter={money} />
          {/* Legend words in the text colour: the series colours are for the bars, too light for small text. */}
          <Legend
            wrapperStyle={TICK}
            formatter={(value: string) => <span className="chart-legend-text">{value}</span>}
          />
          <Bar dataKey="cash" name="Cash" stackId="net" fill="#0f6e6a" isAnimationActive={false} />
          <Bar dataKey="card" name="Card" stackId="net" fill="#b76e00" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">
        {points.length === 1 ? 'One business day' : `${points.length} business days`}, in {currency}; the table “By day”
        has the same figures.
      </figcaption>
    </figure>
  );
}

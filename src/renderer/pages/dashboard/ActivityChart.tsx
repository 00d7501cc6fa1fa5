import { useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useActivityHistory } from '../../api/overview.js';
import type { ActivityPoint } from '../../api/types.js';
import { QueryView } from '../../components/QueryView.js';
import { Tabs } from '../../components/Tabs.js';
import { formatCount, formatTime } from '../../format.js';

const time = (at: unknown) => formatTime(Number(at));
const hourMinute = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const tickTime = (at: unknown) => hourMinute.format(Number(at));
/** Ticks across the whole span, however little the hub has sampled in it yet. */
const TICKS = 6;
const count = (value: unknown) => formatCount(Number(value));
const TICK = { fontSize: 12 };

type Span = '1' | '6' | '24';
const SPANS: ReadonlyArray<{ value: Span; label: string }> = [
  { value: '1', label: 'Last hour' },
  { value: '6', label: '6 hours' },
  { value: '24', label: '24 hours' },
];

interface Plotted extends Omit<ActivityPoint, 'at'> {
  at: number;
}

/** The hub's one-minute samples: events recorded in each minute as bars, the queues as lines on their own axis. */
function Chart({ points, hours }: { points: readonly ActivityPoint[]; hours: number }) {
  const data: Plotted[] = points.map((point) => ({ ...point, at: Date.parse(point.at) }));
  const first = data[0];
  const last = data.at(-1);
  if (!first || !last || data.length < 2) {
    return <p className="muted chart-empty">The hub has taken no samples yet; the first comes within a minute.</p>;
  }
  const span = hours * 3_600_000;
  const ticks = Array.from({ length: TICKS + 1 }, (_, i) => last.at - span + (i * span) / TICKS);
  return (
    <figure className="chart" aria-label="Events recorded and queues over time">
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e6e9ee" vertical={false} />
          <XAxis
            dataKey="at"
            type="number"
            // The whole span chosen, so an hour looks like an hour whatever the hub sampled in it.
            domain={[last.at - span, last.at]}
            allowDataOverflow
            ticks={ticks}
            tickFormatter={tickTime}
            scale="time"
            tick={TICK}
          />
          <YAxis yAxisId="events" tickFormatter={count} width={64} allowDecimals={false} tick={TICK} />
          <YAxis
            yAxisId="queued"
            orientation="right"
            tickFormatter={count}
            width={48}
            allowDecimals={false}
            tick={TICK}
          />
          <Tooltip labelFormatter={time} formatter={count} />
          <Legend wrapperStyle={TICK} />
          <Bar
            yAxisId="events"
            dataKey="events"
            name="Events recorded"
            fill="#0f6e6a"
            maxBarSize={8}
            isAnimationActive={false}
          />
          <Line
            yAxisId="queued"
            dataKey="deviceQueued"
            name="Queued on devices"
            stroke="#b76e00"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="queued"
            dataKey="upstreamQueued"
            name="Waiting to go upstream"
            stroke="#5b4b9a"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted">
        Since {formatTime(first.at)}, one point a minute, sampled by the hub whether this screen was open or not.
      </figcaption>
    </figure>
  );
}

/** Ledger events and queue depths over the last hours, as the hub recorded them (DESIGN §10). */
export function ActivityChart() {
  const [hours, setHours] = useState<Span>('6');
  const history = useActivityHistory(Number(hours));
  return (
    <>
      <Tabs label="Time span" value={hours} options={SPANS} onChange={setHours} />
      <QueryView query={history} loading="Loading the hub’s figures…">
        {(points) => <Chart points={points} hours={Number(hours)} />}
      </QueryView>
    </>
  );
}

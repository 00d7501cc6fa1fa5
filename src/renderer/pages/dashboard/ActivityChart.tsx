import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatTime } from '../../format.js';
import type { Sample } from '../../live/samples.js';

const time = (at: unknown) => formatTime(Number(at));
const count = (value: unknown) => formatCount(Number(value));
const TICK = { fontSize: 12 };

/**
 * Ledger size and device queues over the time this window has been open (sampled every few seconds into memory;
 * the hub keeps no history of these figures).
 */
export function ActivityChart({ samples }: { samples: readonly Sample[] }) {
  if (samples.length < 2) {
    return <p className="muted chart-empty">Collecting figures… the chart fills in as this window stays open.</p>;
  }
  return (
    <figure className="chart" aria-label="Ledger events and device queues over time">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={samples as Sample[]} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e6e9ee" vertical={false} />
          <XAxis
            dataKey="at"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={time}
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
          <Line
            yAxisId="events"
            dataKey="events"
            name="Ledger events"
            stroke="#0f6e6a"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="queued"
            dataKey="queued"
            name="Queued on devices"
            stroke="#b76e00"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="muted">
        Since {formatTime(samples[0]!.at)}, one point every few seconds while this window is open.
      </figcaption>
    </figure>
  );
}

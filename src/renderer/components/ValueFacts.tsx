import type { ReactNode } from 'react';
import type { Money } from '../api/types.js';
import { formatMoney } from '../format.js';
import { Fact, Facts } from './Card.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isMoney = (value: unknown): value is Money =>
  isRecord(value) && typeof value.amount === 'number' && typeof value.currency === 'string';

/** "fromLocationId" → "From location", "dailyTotalAtLocation" → "Daily total at location". */
export function labelOf(key: string): string {
  const words = key
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One value as text: money formatted, objects as nested facts (two levels), anything deeper as compact JSON. */
function showValue(value: unknown, depth = 0): ReactNode {
  if (value === null || value === undefined) return '—';
  if (isMoney(value)) return formatMoney(value);
  if (isRecord(value) && depth < 2) return <ValueFacts value={value} depth={depth + 1} />;
  if (typeof value === 'object') return <code className="inline-json">{JSON.stringify(value)}</code>;
  return String(value);
}

/** Any JSON object the hub sends (a payload, a server state) as labelled facts; money is formatted. */
export function ValueFacts({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (!isRecord(value)) return <p className="mono">{showValue(value, depth)}</p>;
  return (
    <Facts>
      {Object.entries(value).map(([key, item]) => (
        <Fact key={key} label={labelOf(key)}>
          {showValue(item, depth)}
        </Fact>
      ))}
    </Facts>
  );
}

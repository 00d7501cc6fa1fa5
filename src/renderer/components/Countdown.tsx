import { formatCountdown } from '../format.js';
import { useNow } from '../hooks/useNow.js';

/** Time left until `until`, ticking each second; says "Expired" after. */
export function Countdown({ until, expiredText = 'Expired' }: { until: string; expiredText?: string }) {
  const left = Date.parse(until) - useNow(1_000);
  if (left <= 0) return <span className="countdown expired">{expiredText}</span>;
  return (
    <time className="countdown" dateTime={until} aria-live="off">
      {formatCountdown(left)}
    </time>
  );
}

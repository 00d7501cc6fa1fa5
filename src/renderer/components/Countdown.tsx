import { formatCountdown } from '../format.js';
import { useNow } from '../hooks/useNow.js';

/** Time left until `until`, ticking each second; says "Expired" after, and stands out within `urgentWithinMs`. */
export function Countdown({
  until,
  expiredText = 'Expired',
  urgentWithinMs = 0,
}: {
  until: string;
  expiredText?: string;
  urgentWithinMs?: number;
}) {
  const left = Date.parse(until) - useNow(1_000);
  if (left <= 0) return <span className="countdown expired">{expiredText}</span>;
  return (
    <time className={`countdown${left <= urgentWithinMs ? ' urgent' : ''}`} dateTime={until} aria-live="off">
      {formatCountdown(left)}
    </time>
  );
}

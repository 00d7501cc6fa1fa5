/**
 * How long a `Retry-After` header asks us to wait, in ms from `now`: delta-seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"), RFC 9110 §10.2.3. Undefined when absent or unreadable, so the caller falls
 * back to its own backoff rather than trusting a garbled value; a date in the past means "now" (0).
 */
export function retryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, at - now.getTime());
}

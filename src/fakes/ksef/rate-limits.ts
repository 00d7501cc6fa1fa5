/**
 * KSeF's production request limits (research §10, the OpenAPI's `x-rate-limits`): per endpoint group, sliding windows
 * of a second, a minute and an hour that all apply together, counted per context and client address.
 */
export type RateLimitGroup =
  'public' | 'onlineSession' | 'invoiceSend' | 'batchSession' | 'invoiceStatus' | 'sessionInvoiceList' | 'sessionMisc';

interface Window {
  ms: number;
  limit: number;
  unit: string;
}

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

function windows(perSecond: number, perMinute?: number, perHour?: number): Window[] {
  return [
    { ms: SECOND, limit: perSecond, unit: 'sekundę' },
    ...(perMinute === undefined ? [] : [{ ms: MINUTE, limit: perMinute, unit: 'minutę' }]),
    ...(perHour === undefined ? [] : [{ ms: HOUR, limit: perHour, unit: 'godzinę' }]),
  ];
}

const LIMITS: Record<RateLimitGroup, Window[]> = {
  public: windows(60),
  onlineSession: windows(10, 30, 120),
  invoiceSend: windows(10, 30, 180),
  batchSession: windows(10, 20, 60),
  invoiceStatus: windows(30, 120, 1200),
  sessionInvoiceList: windows(10, 20, 200),
  sessionMisc: windows(10, 120, 1200),
};

export interface Throttle {
  retryAfterSeconds: number;
  detail: string;
}

export class RateLimits {
  /** Admitted request instants (fake clock, ms) per group and caller, oldest first, at most an hour old. */
  private readonly admitted = new Map<string, number[]>();

  /** Admits the request and counts it, or says how long until every window has room again. */
  admit(group: RateLimitGroup, caller: string, nowMs: number): Throttle | undefined {
    const key = `${group} ${caller}`;
    const instants = (this.admitted.get(key) ?? []).filter((instant) => instant > nowMs - HOUR);
    let throttle: Throttle | undefined;
    for (const window of LIMITS[group]) {
      const inWindow = instants.filter((instant) => instant > nowMs - window.ms);
      if (inWindow.length < window.limit) continue;
      // Room comes back when the oldest requests beyond the limit have slid out of the window.
      const freedAt = (inWindow[inWindow.length - window.limit] ?? nowMs) + window.ms;
      const retryAfterSeconds = Math.max(1, Math.ceil((freedAt - nowMs) / 1000));
      if (!throttle || retryAfterSeconds > throttle.retryAfterSeconds) {
        throttle = {
          retryAfterSeconds,
          detail: `Przekroczono limit ${window.limit} żądań na ${window.unit}. Spróbuj ponownie po ${retryAfterSeconds} sekundach.`,
        };
      }
    }
    if (!throttle) instants.push(nowMs);
    this.admitted.set(key, instants);
    return throttle;
  }
}

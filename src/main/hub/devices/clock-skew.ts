/** `outcome.clockSkew` of a device event whose deviceTime was implausible when it reached the hub. */
export interface ClockSkewFlag {
  /** Hub receive time minus deviceTime: positive when the device's clock is behind; null when it is no instant. */
  ms: number | null;
  flagged: true;
}

/** Hub receive time minus device time, or null when the device sent a time that is no instant (13th month). */
export function clockSkewMs(deviceTime: string, receivedAt: Date): number | null {
  const at = Date.parse(deviceTime);
  return Number.isFinite(at) ? receivedAt.getTime() - at : null;
}

/**
 * The flag for review when the skew is beyond `maxSkewMs` either way. It changes neither the decision nor the order:
 * those follow seq and cursor, never clocks (DESIGN §4).
 */
export function clockSkewFlag(deviceTime: string, receivedAt: Date, maxSkewMs: number): ClockSkewFlag | undefined {
  const ms = clockSkewMs(deviceTime, receivedAt);
  return ms === null || Math.abs(ms) > maxSkewMs ? { ms, flagged: true } : undefined;
}

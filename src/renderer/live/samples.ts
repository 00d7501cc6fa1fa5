import type { Device, Overview } from '../api/types.js';

/** One point of the dashboard chart, kept in this window's memory (the hub keeps no history of these figures). */
export interface Sample {
  at: number;
  /** Ledger records so far. */
  events: number;
  /** Events waiting in device outboxes, summed over devices that are not revoked. */
  queued: number;
  devicesOnline: number;
}

export const SAMPLE_EVERY_MS = 5_000;
/** Half an hour at one sample every five seconds. */
export const MAX_SAMPLES = 360;

export function sampleOf(at: number, overview: Overview, devices: readonly Device[]): Sample {
  const active = devices.filter((device) => device.state !== 'revoked');
  return {
    at,
    events: overview.ledger.events,
    queued: active.reduce((sum, device) => sum + (device.queued ?? 0), 0),
    devicesOnline: active.filter((device) => device.state === 'online').length,
  };
}

export function appendSample(samples: readonly Sample[], sample: Sample, max = MAX_SAMPLES): Sample[] {
  const next = [...samples, sample];
  return next.length > max ? next.slice(next.length - max) : next;
}

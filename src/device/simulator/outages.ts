import type { SyncReport } from '../sync/sync-engine.js';
import type { Journal } from './journal.js';
import type { SimulatedDevice } from './simulated-device.js';

/** The store's internet line (`--upstreams`): the day cuts it and brings it back, each with a line for the journal. */
export interface InternetLine {
  cut(): Promise<string>;
  /** back no sooner than the hub noticed the cut, however short the day made it */
  restore(): Promise<string>;
}

export function cutOff(tills: readonly SimulatedDevice[], forMs: number, journal: Journal): void {
  for (const till of tills) till.cutOffFromHub();
  const names = tills.map((till) => till.name).join(', ');
  journal.store(`OUTAGE: ${names} cut off from the hub for ${Math.round(forMs / 1000)} s (card limits now local)`);
}

/** The cable is back: the tills sync at once, together, and say what the hub made of their queue. */
export async function reconnect(tills: readonly SimulatedDevice[], journal: Journal): Promise<void> {
  for (const till of tills) till.reconnect();
  const outcomes = await Promise.allSettled(tills.map((till) => till.device.sync()));
  const reports = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const sum = (field: keyof SyncReport) => reports.reduce((total, report) => total + report[field], 0);
  const names = tills.map((till) => till.name).join(', ');
  journal.store(`BACK ONLINE: ${names} pushed ${sum('pushed')} events, ${sum('conflicts')} of them conflicts`);
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'rejected') journal.error(tills[index]!.name, outcome.reason);
  });
}

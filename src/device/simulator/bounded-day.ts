import { perform, type Journal } from './journal.js';
import { cutOff, reconnect } from './outages.js';
import { pause } from './pause.js';
import type { StaffMember } from './staff.js';

export interface BoundedDayOptions {
  actionsPerDevice: number;
  conflictRate: number;
  /** how long the afternoon outage lasts at least; the tills' outage actions are spread over it */
  offlineForMs: number;
}

/**
 * A day of a fixed number of actions per device, as fast as the hub answers: a morning online, an outage that cuts
 * every till off from the hub (they go on selling and take cards on their own policy), all tills reconnecting at
 * once, and an afternoon online again. Deliberate conflicts are spread evenly, so their number is exact.
 */
export async function runBoundedDay(
  staff: readonly StaffMember[],
  options: BoundedDayOptions,
  journal: Journal,
): Promise<void> {
  const actions = options.actionsPerDevice;
  const deliberate = deliberateSlots(actions, options.conflictRate);
  const gone = new Set<StaffMember>();
  const work = async (member: StaffMember, from: number, to: number, paceMs: number) => {
    for (let n = from; n < to && !gone.has(member); n++) {
      if (!(await perform(member, deliberate.has(n), journal))) gone.add(member);
      await pause(paceMs);
    }
  };
  const [morningEnd, outageEnd] = [Math.ceil(actions * 0.4), Math.ceil(actions * 0.7)];

  journal.store(`MORNING: ${staff.length} devices, ${morningEnd} actions each`);
  await Promise.all(staff.map((member) => work(member, 0, morningEnd, 0)));

  const tills = staff.filter((member) => member.sim.kind === 'pos' && !gone.has(member)).map(({ sim }) => sim);
  cutOff(tills, options.offlineForMs, journal);
  const outageStarted = performance.now();
  const paceMs = options.offlineForMs / Math.max(1, outageEnd - morningEnd);
  await Promise.all(staff.map((member) => work(member, morningEnd, outageEnd, member.sim.offline ? paceMs : 0)));
  await pause(options.offlineForMs - (performance.now() - outageStarted));
  await reconnect(tills, journal);

  journal.store(`AFTERNOON: ${actions - outageEnd} actions each`);
  await Promise.all(staff.map((member) => work(member, outageEnd, actions, 0)));
}

/** `round(actions × rate)` action numbers spread evenly over the day. */
function deliberateSlots(actions: number, rate: number): Set<number> {
  const count = Math.min(actions, Math.round(actions * rate));
  return new Set(Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * actions) / count)));
}

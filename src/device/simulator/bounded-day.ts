import { perform, type Journal } from './journal.js';
import { cutOff, reconnect, type InternetLine } from './outages.js';
import { pause } from './pause.js';
import type { StaffMember } from './staff.js';

export interface BoundedDayOptions {
  actionsPerDevice: number;
  conflictRate: number;
  /** how long the afternoon outage lasts at least; the tills' outage actions are spread over it */
  offlineForMs: number;
  /** cut from the middle of the morning to the middle of the afternoon, so the hub takes card payments without it */
  internet?: InternetLine;
}

/**
 * A day of a fixed number of actions per device, as fast as the hub answers: a morning online, an outage that cuts
 * every till off from the hub (they go on selling and take cards on their own policy), all tills reconnecting at
 * once, and an afternoon online again. With an internet line, the store loses the internet around that outage.
 * Deliberate conflicts are spread evenly, so their number is exact.
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
  const everyone = (from: number, to: number) => Promise.all(staff.map((member) => work(member, from, to, 0)));
  /** Everyone works from `from` to `to`; `change` (to the internet line) happens on the way, after action `at`. */
  const span = async (from: number, to: number, at: number, change: (() => Promise<string>) | undefined) => {
    if (change) {
      await everyone(from, at);
      journal.store(await change());
    }
    await everyone(change ? at : from, to);
  };
  const [internetCut, morningEnd, outageEnd, internetBack] = [0.2, 0.4, 0.7, 0.85].map((share) =>
    Math.ceil(actions * share),
  ) as [number, number, number, number];
  const { internet } = options;

  journal.store(`MORNING: ${staff.length} devices, ${morningEnd} actions each`);
  await span(0, morningEnd, internetCut, internet && (() => internet.cut()));

  const tills = staff.filter((member) => member.sim.kind === 'pos' && !gone.has(member)).map(({ sim }) => sim);
  cutOff(tills, options.offlineForMs, journal);
  const outageStarted = performance.now();
  const paceMs = options.offlineForMs / Math.max(1, outageEnd - morningEnd);
  await Promise.all(staff.map((member) => work(member, morningEnd, outageEnd, member.sim.offline ? paceMs : 0)));
  await pause(options.offlineForMs - (performance.now() - outageStarted));
  await reconnect(tills, journal);

  journal.store(`AFTERNOON: ${actions - outageEnd} actions each`);
  await span(outageEnd, actions, internetBack, internet && (() => internet.restore()));
}

/** `round(actions × rate)` action numbers spread evenly over the day. */
function deliberateSlots(actions: number, rate: number): Set<number> {
  const count = Math.min(actions, Math.round(actions * rate));
  return new Set(Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * actions) / count)));
}

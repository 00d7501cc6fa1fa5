import { perform, type Journal } from './journal.js';
import { cutOff, reconnect, type InternetLine } from './outages.js';
import { pause } from './pause.js';
import type { Random } from './random.js';
import type { StaffMember } from './staff.js';
import type { StockTarget, StoreManager } from './store-manager.js';

export interface ContinuousDayOptions {
  conflictRate: number;
  offlineForMs: number;
  /** the pause between two actions of one device */
  paceMs: { min: number; max: number };
  random: Random;
  manager: StoreManager;
  stockTargets: readonly StockTarget[];
  signal: AbortSignal;
  /** lost now and then for `offlineForMs`, like a till's cable */
  internet?: InternetLine;
}

const FIRST_OUTAGE_MS = { min: 20_000, max: 40_000 };
const BETWEEN_OUTAGES_MS = { min: 60_000, max: 120_000 };
const DELIVERY_EVERY_MS = 60_000;

/**
 * A store day at a person's pace until `signal` aborts (Ctrl-C): every device acts every few seconds, now and then
 * one till loses the hub for a while (and with an internet line, the store its internet), and deliveries keep the
 * shelves stocked, so the manager can watch it all on the screen.
 */
export async function runContinuousDay(
  staff: readonly StaffMember[],
  options: ContinuousDayOptions,
  journal: Journal,
): Promise<void> {
  await Promise.all([
    ...staff.map((member) => keepWorking(member, options, options.random.fork(), journal)),
    outages(staff, options, options.random.fork(), journal),
    deliveries(staff, options, journal),
    ...(options.internet ? [internetOutages(options.internet, options, options.random.fork(), journal)] : []),
  ]);
}

async function keepWorking(member: StaffMember, options: ContinuousDayOptions, random: Random, journal: Journal) {
  const { signal, paceMs, conflictRate } = options;
  while (!signal.aborted) {
    await pause(random.int(paceMs.min, paceMs.max), signal);
    if (signal.aborted || !(await perform(member, random.chance(conflictRate), journal))) return;
  }
}

/** One till at a time loses its cable to the hub and gets it back `offlineForMs` later. */
async function outages(staff: readonly StaffMember[], options: ContinuousDayOptions, random: Random, journal: Journal) {
  const { signal } = options;
  await pause(random.int(FIRST_OUTAGE_MS.min, FIRST_OUTAGE_MS.max), signal);
  while (!signal.aborted) {
    const online = staff.filter(({ sim }) => sim.kind === 'pos' && !sim.offline).map(({ sim }) => sim);
    if (online.length > 0) {
      const till = random.pick(online);
      cutOff([till], options.offlineForMs, journal);
      await pause(options.offlineForMs, signal);
      await reconnect([till], journal);
    }
    await pause(random.int(BETWEEN_OUTAGES_MS.min, BETWEEN_OUTAGES_MS.max), signal);
  }
}

/** The store's internet goes for `offlineForMs` now and then; it is back before the day ends. */
async function internetOutages(line: InternetLine, options: ContinuousDayOptions, random: Random, journal: Journal) {
  const { signal } = options;
  await pause(random.int(FIRST_OUTAGE_MS.min, FIRST_OUTAGE_MS.max), signal);
  while (!signal.aborted) {
    journal.store(await line.cut());
    await pause(options.offlineForMs, signal);
    journal.store(await line.restore());
    await pause(random.int(BETWEEN_OUTAGES_MS.min, BETWEEN_OUTAGES_MS.max), signal);
  }
}

/** The manager looks at the stock (through a device that reaches the hub) and orders what runs low. */
async function deliveries(staff: readonly StaffMember[], options: ContinuousDayOptions, journal: Journal) {
  const { signal } = options;
  for (await pause(DELIVERY_EVERY_MS, signal); !signal.aborted; await pause(DELIVERY_EVERY_MS, signal)) {
    const online = staff.find(({ sim }) => !sim.offline);
    if (!online) continue;
    try {
      const { stock } = await online.sim.hubState();
      const delivered = await options.manager.restock(stock, options.stockTargets);
      if (delivered > 0) journal.store(`DELIVERY: ${delivered} shelves restocked by the manager`);
    } catch (error) {
      journal.error('delivery', error);
    }
  }
}

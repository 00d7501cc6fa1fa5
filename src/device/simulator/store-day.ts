import { v7 as uuidv7 } from 'uuid';
import type { OfflineCardPolicy } from '../../shared/protocol/payment-payloads.js';
import { AutoApprover } from './auto-approver.js';
import { runBoundedDay } from './bounded-day.js';
import type { CardReaders } from './card-readers.js';
import { runContinuousDay } from './continuous-day.js';
import { Handheld } from './handheld.js';
import { Journal } from './journal.js';
import type { InternetLine } from './outages.js';
import { Random } from './random.js';
import { RequestBoard } from './request-board.js';
import { isRevocation, type SimulatedDevice } from './simulated-device.js';
import type { StaffContext, StaffMember } from './staff.js';
import { ampleStock, BACKROOM, FLOOR, MAX_UNITS_PER_LINE, PRODUCTS, type SimulatedProduct } from './store-catalog.js';
import type { StockTarget, StoreManager } from './store-manager.js';
import type { TillPrinting } from './store-printer.js';
import { Tally } from './tally.js';
import { Till } from './till.js';

export interface StoreDayOptions {
  manager: StoreManager;
  /** a bounded day of this many actions per device; absent, the day goes on until `signal` aborts */
  actionsPerDevice?: number;
  /** share of actions that are deliberate conflicts, [0, 1] */
  conflictRate: number;
  /** how long an outage cuts tills off from the hub */
  offlineForMs: number;
  /** how long a till waits for a manager's decision on a card payment */
  approvalWaitMs: number;
  /** the simulator decides the approvals its tills ask for, as a manager at the screen would */
  autoApprove: boolean;
  /** the offline card policy to open with; absent, the store's own stays */
  policy?: OfflineCardPolicy;
  seed: number;
  /** ends a continuous day */
  signal?: AbortSignal;
  /** continuous day: the pause between two actions of one device */
  paceMs?: { min: number; max: number };
  report: (line: string) => void;
  /** a progress line for every action, not only for what happens to the store as a whole */
  verbose: boolean;
  /** tills print receipts and open the cash drawer through the hub */
  printing?: TillPrinting;
  /** the tills' card readers and the store's internet line, played against the Stripe fake (`--upstreams`) */
  upstreams?: { readers: CardReaders; internet: InternetLine };
}

export interface StoreDay {
  tally: Tally;
  errors: string[];
  elapsedMs: number;
}

const DEFAULT_PACE_MS = { min: 2_000, max: 6_000 };
const AUTO_APPROVE_POLL_MS = 250;
const END_OF_DAY_WAIT_MS = 15_000;

/** Opens the store, lets the staff work through the day, and closes with every device's queue delivered. */
export async function runStoreDay(devices: readonly SimulatedDevice[], options: StoreDayOptions): Promise<StoreDay> {
  const started = performance.now();
  const journal = new Journal(options.report, options.verbose);
  const tally = new Tally();
  const random = new Random(options.seed);
  const targets = stockTargets(devices.length, options.actionsPerDevice);
  await openStore(devices, options, targets, journal);
  const staff = hireStaff(devices, options, { random, tally, journal });
  for (const { sim } of staff) sim.device.start();
  const approver = options.autoApprove ? autoApprover(devices, options.manager, tally, journal) : undefined;
  approver?.start();
  const internet = options.upstreams ? { internet: options.upstreams.internet } : {};
  try {
    if (options.actionsPerDevice !== undefined) {
      await runBoundedDay(staff, { ...options, ...internet, actionsPerDevice: options.actionsPerDevice }, journal);
    } else {
      const signal = options.signal ?? new AbortController().signal;
      const paceMs = options.paceMs ?? DEFAULT_PACE_MS;
      await runContinuousDay(
        staff,
        { ...options, ...internet, paceMs, signal, random, stockTargets: targets },
        journal,
      );
    }
  } finally {
    await approver?.stop();
  }
  await closeStore(devices, journal);
  if (options.printing) await printEndOfDay(devices, options.printing, journal);
  return { tally, errors: journal.errors, elapsedMs: Math.round(performance.now() - started) };
}

/** A cashier at each till, stock staff with each handheld, all working from one request board. */
function hireStaff(
  devices: readonly SimulatedDevice[],
  options: StoreDayOptions,
  shared: { random: Random; tally: Tally; journal: Journal },
): StaffMember[] {
  const board = new RequestBoard();
  return devices.map((sim, index) => {
    const context: StaffContext = {
      random: shared.random.fork(),
      board,
      tally: shared.tally,
      say: (text) => shared.journal.device(sim.name, text),
      approvalWaitMs: options.approvalWaitMs,
      // A bounded day has stock to spare; in a continuous one other tills empty the shelves between two pulls.
      stockMargin: options.actionsPerDevice === undefined ? 2 * MAX_UNITS_PER_LINE : 0,
      ...(options.printing ? { printing: options.printing } : {}),
      ...(options.upstreams ? { readers: options.upstreams.readers, invoicing: true } : {}),
    };
    return sim.kind === 'pos' ? new Till(sim, context, `cashier-${index + 1}`) : new Handheld(sim, context);
  });
}

function autoApprover(
  devices: readonly SimulatedDevice[],
  manager: StoreManager,
  tally: Tally,
  journal: Journal,
): AutoApprover {
  const ours = new Set(devices.map((sim) => sim.deviceId));
  return new AutoApprover(
    manager,
    (deviceId) => ours.has(deviceId),
    AUTO_APPROVE_POLL_MS,
    () => tally.add('approvals decided by the simulator'),
    (error) => journal.error('auto-approver', error),
  );
}

/** Every device starts from the hub's snapshot; the manager puts the catalog, stock and limits in place. */
async function openStore(
  devices: readonly SimulatedDevice[],
  options: StoreDayOptions,
  targets: readonly StockTarget[],
  journal: Journal,
): Promise<void> {
  await Promise.all(devices.map(({ device }) => device.sync()));
  await options.manager.openStore(await devices[0]!.hubState(), targets, options.policy);
  // Again, so every till holds the stock and the policy it will need when it loses the hub.
  await Promise.all(devices.map(({ device }) => device.sync()));
  const names = devices.map(({ name }) => name).join(', ');
  journal.store(`STORE OPEN: ${names}${options.policy ? ' (offline card limits set by the simulator)' : ''}`);
}

/** Every device reachable again and its queue delivered; what could not be delivered is an error of the day. */
async function closeStore(devices: readonly SimulatedDevice[], journal: Journal): Promise<void> {
  for (const sim of devices) sim.reconnect();
  const outcomes = await Promise.allSettled(
    devices.map(async ({ device }) => {
      await device.stop();
      await device.sync();
    }),
  );
  // A device the manager revoked has nothing more to deliver: its queue is the hub's to quarantine.
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'rejected' && !isRevocation(outcome.reason))
      journal.error(devices[index]!.name, outcome.reason);
  });
  journal.store('STORE CLOSED');
}

/** The first till still in service asks for the day's report on the store's printer and follows it to paper. */
async function printEndOfDay(devices: readonly SimulatedDevice[], printing: TillPrinting, journal: Journal) {
  let till: SimulatedDevice | undefined;
  for (const sim of devices) if (sim.kind === 'pos' && !(await sim.revoked())) till ??= sim;
  if (!till) return;
  try {
    const job = await till.device.createPrintJob({
      clientKey: `end-of-day-${uuidv7()}`,
      kind: 'end_of_day',
      printerId: printing.printerId,
    });
    const done = await till.device.waitForPrintJob(job.id, { timeoutMs: END_OF_DAY_WAIT_MS });
    const waiting = done.waitingFor ? `, waiting for ${done.waitingFor}` : '';
    journal.store(`END OF DAY: ${till.name} asked for the day's report: ${done.state}${waiting}`);
  } catch (error) {
    journal.error(till.name, error);
  }
}

/** Shelf and back-room levels of everything but the display TVs, which are never restocked. */
function stockTargets(devices: number, actionsPerDevice: number | undefined): StockTarget[] {
  const level = (product: SimulatedProduct, locationId: string) => {
    if (actionsPerDevice !== undefined) return ampleStock(devices, actionsPerDevice);
    const everyday = product.role === 'everyday';
    return locationId === FLOOR ? (everyday ? 100 : 15) : everyday ? 400 : 30;
  };
  return PRODUCTS.filter((product) => product.role !== 'clearance').flatMap((product) =>
    [FLOOR, BACKROOM].map((locationId) => ({
      productId: product.id,
      locationId,
      quantity: level(product, locationId),
    })),
  );
}

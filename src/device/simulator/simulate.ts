/**
 * A simulated store day against a real hub: tills and handhelds pair, trade, lose the hub and come back, while the
 * simulator plays the manager through the admin API. Afterwards the hub's figures are held against an independent
 * replay of its ledger. A Node tool (SQLite files, pinned HTTPS), not part of the SDK a browser till loads.
 */
import { AdminClient } from './admin-client.js';
import { summarizeDay, type DaySummary, type SummaryInput } from './day-summary.js';
import { SimulatedDevice, type HubConnection } from './simulated-device.js';
import { runStoreDay, type StoreDayOptions } from './store-day.js';
import { StoreManager } from './store-manager.js';
import type { StorePrinter } from './store-printer.js';
import type { StoreUpstreams } from './store-upstreams.js';

export interface SimulationOptions extends Omit<StoreDayOptions, 'manager' | 'printing' | 'upstreams'> {
  hub: HubConnection;
  /** a short name for the hub in the summary, e.g. `the hub in ./data` */
  hubLabel: string;
  /** the hub's UI listener and the manager account the simulator acts as */
  admin: { url: string; name: string; pin: string };
  tills: number;
  handhelds: number;
  timeZone: string;
  moreFigures?: SummaryInput['moreFigures'];
  /** the store's receipt printer, already on the hub (StorePrinter.attach); its caller closes it */
  printer?: StorePrinter;
  /** the Stripe fake, readers and internet line, connected to the hub (StoreUpstreams.connect); its caller closes it */
  upstreams?: StoreUpstreams;
}

export async function simulateStoreDay(options: SimulationOptions): Promise<DaySummary> {
  const admin = new AdminClient(options.admin.url);
  await admin.login(options.admin.name, options.admin.pin);
  const manager = new StoreManager(admin, options.admin.pin);
  const devices: SimulatedDevice[] = [];
  try {
    // One by one: each pairing uses up a code, and the names say which is which on the manager's screen.
    for (let n = 1; n <= options.tills; n++)
      devices.push(await SimulatedDevice.connect(`Till ${n}`, 'pos', options.hub));
    for (let n = 1; n <= options.handhelds; n++) {
      devices.push(await SimulatedDevice.connect(`Handheld ${n}`, 'handheld', options.hub));
    }
    const { printer, upstreams, ...dayOptions } = options;
    const day = await runStoreDay(devices, {
      ...dayOptions,
      manager,
      ...(printer ? { printing: printer.forTills } : {}),
      ...(upstreams ? { upstreams: { readers: upstreams.readers, internet: upstreams } } : {}),
    });
    const printing = await printer?.settle(day.tally);
    const forwarding = await upstreams?.settle(day.tally);
    return await summarizeDay({
      hub: options.hubLabel,
      devices,
      day,
      manager,
      actionsPerDevice: options.actionsPerDevice,
      timeZone: options.timeZone,
      ...(options.moreFigures ? { moreFigures: options.moreFigures } : {}),
      ...(printing ? { printing } : {}),
      ...(forwarding ? { upstreams: forwarding } : {}),
    });
  } finally {
    for (const sim of devices) await sim.close();
  }
}

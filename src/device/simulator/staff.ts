import type { CardReaders } from './card-readers.js';
import type { Random } from './random.js';
import type { RequestBoard } from './request-board.js';
import type { SimulatedDevice } from './simulated-device.js';
import type { TillPrinting } from './store-printer.js';
import type { Tally } from './tally.js';

/** A till or a handheld with the person using it. */
export interface StaffMember {
  readonly sim: SimulatedDevice;
  /** one ordinary thing this person does */
  act(): Promise<void>;
  /** something that must end in a conflict for the manager (`--conflict-rate`) */
  deliberateConflict(): Promise<void>;
}

/** What a simulated member of staff works with besides their device. */
export interface StaffContext {
  random: Random;
  board: RequestBoard;
  /** what happened today, by name (sales, refunds, card payments by how they were decided, …) */
  tally: Tally;
  /** a progress line about this device, for whoever watches the simulation */
  say: (text: string) => void;
  /** how long a till waits for a manager's decision on a card payment before it goes ahead without one */
  approvalWaitMs: number;
  /** how many units below the believed stock a normal action keeps clear of, since that belief may be behind */
  stockMargin: number;
  /** the store's receipt printer and cash drawer, when it has one (`--virtual-printer`) */
  printing?: TillPrinting;
  /** the tills' card readers, when the simulator plays them against the Stripe fake (`--upstreams`) */
  readers?: CardReaders;
  /** customers may ask for a VAT invoice, issued by the hub through KSeF (`--upstreams`) */
  invoicing?: boolean;
}

export function formatMoney(minorUnits: number, currency: string): string {
  return `${(minorUnits / 100).toFixed(2)} ${currency}`;
}

import type { RequestChangePayload } from '../../shared/protocol/request-payloads.js';
import type { SimulatedDevice } from './simulated-device.js';
import type { StaffContext, StaffMember } from './staff.js';
import { BACKROOM, FLOOR, MAX_UNITS_PER_LINE, productsWithRole } from './store-catalog.js';

/** Stock staff with a handheld: fill the floor from the back room, count, write off, and answer requests. */
export class Handheld implements StaffMember {
  private nextDeliberate: 'insufficient_stock' | 'stale_version' = 'insufficient_stock';

  constructor(
    readonly sim: SimulatedDevice,
    private readonly staff: StaffContext,
  ) {}

  async act(): Promise<void> {
    const roll = this.staff.random.next();
    if (roll < 0.3 && (await this.answerRequest())) return;
    if (roll < 0.5) return this.count();
    if (roll < 0.6) return this.writeOff();
    if (roll < 0.7) return this.putBack();
    await this.fillShelf();
  }

  /**
   * A conflict on purpose, the two kinds in turn: writing off display TVs the books no longer hold (insufficient
   * stock), or approving a request again from a screen that still shows it as new (stale version).
   */
  async deliberateConflict(): Promise<void> {
    const done = this.staff.board.fulfilledRequests();
    if (this.nextDeliberate === 'stale_version' && done.length > 0) {
      const request = this.staff.random.pick(done);
      await this.sim.record('request.approve', { requestId: request.requestId, expectedVersion: 1 }, 'stale_version');
      this.staff.say(`approved request ${request.requestId} again from a stale screen`);
      this.nextDeliberate = 'insufficient_stock';
      return;
    }
    const tv = productsWithRole('clearance')[0]!;
    const quantity = Math.max(1, (await this.sim.stock(tv.id, FLOOR)) + 1);
    await this.sim.record('inventory.issue', { productId: tv.id, locationId: FLOOR, quantity }, 'insufficient_stock');
    this.staff.say(`wrote off ${quantity} × ${tv.name}, more than the books hold`);
    this.nextDeliberate = 'stale_version';
  }

  private async fillShelf(): Promise<void> {
    const product = this.staff.random.pick(productsWithRole('everyday'));
    const quantity = this.staff.random.int(1, MAX_UNITS_PER_LINE);
    if (!(await this.backroomHas(product.id, quantity))) return this.count();
    await this.transfer(product.id, quantity);
    this.staff.say(`moved ${quantity} × ${product.name} from the back room to the floor`);
  }

  /** Counts a back-room shelf after catching up with the hub; now and then one unit has gone missing. */
  private async count(): Promise<void> {
    const product = this.staff.random.pick([...productsWithRole('everyday'), ...productsWithRole('big_ticket')]);
    await this.sim.device.sync().catch(() => undefined);
    const believed = await this.sim.stock(product.id, BACKROOM);
    const counted = Math.max(0, this.staff.random.chance(0.2) ? believed - 1 : believed);
    await this.sim.record('inventory.count', { productId: product.id, locationId: BACKROOM, counted });
    this.staff.tally.add('counts');
    this.staff.say(`counted ${counted} × ${product.name} in the back room`);
  }

  private async writeOff(): Promise<void> {
    const product = this.staff.random.pick(productsWithRole('everyday'));
    if (!(await this.backroomHas(product.id, 1))) return this.count();
    await this.sim.record('inventory.issue', { productId: product.id, locationId: BACKROOM, quantity: 1 });
    this.staff.tally.add('write-offs');
    this.staff.say(`wrote off 1 damaged ${product.name}`);
  }

  /** An item left at the checkout goes back to stock. */
  private async putBack(): Promise<void> {
    const product = this.staff.random.pick(productsWithRole('everyday'));
    await this.sim.record('inventory.return', { productId: product.id, locationId: FLOOR, quantity: 1 });
    this.staff.tally.add('returns to stock');
    this.staff.say(`put 1 × ${product.name} back on the shelf`);
  }

  /**
   * Takes the oldest open request: denies it when the back room cannot cover it, otherwise approves it, moves the
   * goods and says so, checking with the hub after each step as a person would look at the screen.
   */
  private async answerRequest(): Promise<boolean> {
    const request = this.staff.board.take();
    if (!request) return false;
    const { requestId, productId, quantity } = request;
    if (!(await this.backroomHas(productId, quantity))) {
      await this.sim.record('request.deny', { requestId, expectedVersion: 1, reason: 'not enough in the back room' });
      this.staff.tally.add('requests denied');
      this.staff.say(`denied the request for ${quantity} × ${productId}: the back room is short`);
      return true;
    }
    if (!(await this.recordedAsAccepted('request.approve', { requestId, expectedVersion: 1 }))) return true;
    await this.transfer(productId, quantity);
    if (!(await this.recordedAsAccepted('request.fulfill', { requestId, expectedVersion: 2 }))) return true;
    this.staff.board.fulfilled(requestId);
    this.staff.tally.add('requests fulfilled');
    this.staff.say(`approved and filled the request for ${quantity} × ${productId}`);
    return true;
  }

  private async recordedAsAccepted(type: string, payload: RequestChangePayload): Promise<boolean> {
    const envelope = await this.sim.record(type, payload);
    await this.sim.device.sync().catch(() => undefined);
    return (await this.sim.device.statusOf(envelope.id))?.status === 'synced';
  }

  private async transfer(productId: string, quantity: number): Promise<void> {
    await this.sim.record('inventory.transfer', { productId, fromLocationId: BACKROOM, toLocationId: FLOOR, quantity });
    this.staff.tally.add('transfers');
  }

  private async backroomHas(productId: string, quantity: number): Promise<boolean> {
    return (await this.sim.stock(productId, BACKROOM)) - this.staff.stockMargin >= quantity;
  }
}

/** Inventory events a simulated device records while offline, from its own view of stock. */

export interface SimulationCatalog {
  productIds: readonly string[];
  /** active locations; transfers go between two of them */
  locationIds: readonly string[];
}

export interface GeneratedEvent {
  type: string;
  payload: Record<string, unknown>;
  /** an issue meant to exceed the hub's stock: the hub must answer `conflict` */
  oversell: boolean;
}

export const MAX_MOVE_QUANTITY = 3;

/**
 * Stock per product × location that normal movements of every device together can never exhaust, so the only
 * conflicts are the intended oversells: withdrawals take at most devices·events·MAX, and a count can pull a level
 * down by at most what other devices added meanwhile (the same bound again).
 */
export function ampleStock(devices: number, eventsPerDevice: number): number {
  return 2 * devices * eventsPerDevice * MAX_MOVE_QUANTITY + 100;
}

/**
 * Generates a device's events against the stock it believes in (the hub snapshot plus its own movements).
 * An oversell asks for more than the hub can have by then: this device's view plus everything the other devices
 * could add (returns, transfers in, counts), which is at most `oversellMargin`.
 */
export class EventGenerator {
  private readonly view = new Map<string, number>();

  constructor(
    private readonly catalog: SimulationCatalog,
    initialView: (productId: string, locationId: string) => number,
    private readonly options: { conflictRate: number; oversellMargin: number; random: () => number },
  ) {
    for (const productId of catalog.productIds)
      for (const locationId of catalog.locationIds)
        this.view.set(key(productId, locationId), initialView(productId, locationId));
  }

  next(): GeneratedEvent {
    const { random, conflictRate, oversellMargin } = this.options;
    const productId = this.pick(this.catalog.productIds);
    const locationId = this.pick(this.catalog.locationIds);
    const held = this.level(productId, locationId);
    if (random() < conflictRate) {
      return this.event(
        'inventory.issue',
        { productId, locationId, quantity: Math.max(0, held) + oversellMargin + 1 },
        true,
      );
    }
    const quantity = 1 + Math.floor(random() * MAX_MOVE_QUANTITY);
    const roll = random();
    if (roll < 0.5) {
      this.adjust(productId, locationId, -quantity);
      return this.event('inventory.issue', { productId, locationId, quantity }, false);
    }
    if (roll < 0.7) {
      this.adjust(productId, locationId, quantity);
      return this.event('inventory.return', { productId, locationId, quantity }, false);
    }
    if (roll < 0.9 && this.catalog.locationIds.length > 1) {
      const toLocationId = this.pick(this.catalog.locationIds.filter((id) => id !== locationId));
      this.adjust(productId, locationId, -quantity);
      this.adjust(productId, toLocationId, quantity);
      return this.event('inventory.transfer', { productId, fromLocationId: locationId, toLocationId, quantity }, false);
    }
    // A count that confirms what this device believes; the hub corrects by what the others did meanwhile.
    return this.event('inventory.count', { productId, locationId, counted: Math.max(0, held) }, false);
  }

  private event(type: string, payload: Record<string, unknown>, oversell: boolean): GeneratedEvent {
    return { type, payload, oversell };
  }

  private level(productId: string, locationId: string): number {
    return this.view.get(key(productId, locationId)) ?? 0;
  }

  private adjust(productId: string, locationId: string, delta: number): void {
    this.view.set(key(productId, locationId), this.level(productId, locationId) + delta);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.options.random() * items.length)]!;
  }
}

function key(productId: string, locationId: string): string {
  return JSON.stringify([productId, locationId]);
}

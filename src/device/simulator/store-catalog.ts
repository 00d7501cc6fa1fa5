import type { OfflineCardPolicy } from '../../shared/protocol/payment-payloads.js';

/**
 * The simulated store: what it sells, where it keeps it and the limits it takes card payments offline with. Ids
 * start with `sim-` so a simulation never touches a real store's own catalog.
 */

export const CURRENCY = 'PLN';

/** everyday: the baskets; big_ticket: above the manager threshold; clearance: the last display units, oversold. */
export type ProductRole = 'everyday' | 'big_ticket' | 'clearance';

export interface SimulatedProduct {
  id: string;
  name: string;
  /** minor units of CURRENCY */
  price: number;
  taxRate: string;
  role: ProductRole;
}

export const PRODUCTS: readonly SimulatedProduct[] = [
  { id: 'sim-cola', name: 'Cola 0.5 l', price: 5_99, taxRate: '23', role: 'everyday' },
  { id: 'sim-water', name: 'Still water 1.5 l', price: 2_49, taxRate: '8', role: 'everyday' },
  { id: 'sim-chips', name: 'Paprika chips 150 g', price: 7_49, taxRate: '8', role: 'everyday' },
  { id: 'sim-bread', name: 'Rye bread', price: 6_20, taxRate: '5', role: 'everyday' },
  { id: 'sim-milk', name: 'Milk 2% 1 l', price: 3_89, taxRate: '5', role: 'everyday' },
  { id: 'sim-coffee', name: 'Coffee beans 1 kg', price: 79_90, taxRate: '23', role: 'everyday' },
  { id: 'sim-batteries', name: 'AA batteries, 4 pack', price: 19_99, taxRate: '23', role: 'everyday' },
  { id: 'sim-headphones', name: 'Wireless headphones', price: 249_00, taxRate: '23', role: 'big_ticket' },
  { id: 'sim-blender', name: 'Blender', price: 329_00, taxRate: '23', role: 'big_ticket' },
  { id: 'sim-espresso', name: 'Espresso machine', price: 449_00, taxRate: '23', role: 'big_ticket' },
  { id: 'sim-display-tv', name: 'TV, display model', price: 899_00, taxRate: '23', role: 'clearance' },
];

export const productsWithRole = (role: ProductRole) => PRODUCTS.filter((product) => product.role === role);

/** Tills sell from the floor; handhelds fill it from the back room. */
export const FLOOR = 'sim-floor';
export const BACKROOM = 'sim-backroom';
export const LOCATIONS = [
  { id: FLOOR, name: 'Sales floor' },
  { id: BACKROOM, name: 'Back room' },
] as const;

/** How many display TVs are left when the day starts: every sale of one is an oversell (see Till). */
export const CLEARANCE_STOCK = 2;

/** The largest quantity one action moves of one product. */
export const MAX_UNITS_PER_LINE = 3;

/**
 * Stock per product and location that `devices` doing `actions` each can never exhaust, so the only stock
 * conflicts of a bounded day are the deliberate ones.
 */
export function ampleStock(devices: number, actions: number): number {
  return 4 * devices * actions * MAX_UNITS_PER_LINE + 100;
}

/**
 * The limits of a store the simulator runs itself: low enough that a morning's card payments use up a location's
 * day and tills cut off from the hub in the afternoon go over it, which is what a manager has to see.
 */
export function storeDayPolicy(): OfflineCardPolicy {
  return {
    enabled: true,
    allowedMethods: ['cash', 'card'],
    perTransactionLimit: 500_00,
    dailyLimitPerLocation: 1_500_00,
    maxOutstandingExposure: 1_000_000_00,
    managerThreshold: 200_00,
    currency: CURRENCY,
  };
}

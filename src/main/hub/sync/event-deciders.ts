import { conflictDeciders } from '../conflicts/device-resolution.js';
import type { Decider } from '../decisions/decision.js';
import { inventoryDeciders } from '../inventory/inventory-decisions.js';
import { invoicingDeciders } from '../invoicing/index.js';
import { paymentDeciders } from '../payments/index.js';
import { requestDeciders } from '../requests/index.js';
import { salesDeciders } from '../sales/index.js';

/** The domain rule for each device event type. Ingest asks here; domains register at import time. */
const deciders = new Map<string, Decider>();

export function registerDecider(type: string, decider: Decider): void {
  // Two rules for one type would make the outcome depend on import order.
  if (deciders.has(type)) throw new Error(`a decider for ${type} is already registered`);
  deciders.set(type, decider);
}

export function deciderFor(type: string): Decider | undefined {
  return deciders.get(type);
}

for (const domain of [
  inventoryDeciders,
  salesDeciders,
  requestDeciders,
  paymentDeciders,
  conflictDeciders,
  invoicingDeciders,
]) {
  for (const [type, decider] of Object.entries(domain)) registerDecider(type, decider);
}

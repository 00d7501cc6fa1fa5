import type { PulledEvent } from '../../shared/protocol/device-api.js';
import type { StockChange } from '../core/ports.js';

/**
 * How a pulled ledger record changed the hub's stock. The hub pulls each record with its decision's outcome, and
 * its stock projection is exactly the sum of `outcome.stock` deltas; mirroring that rule (rather than re-deciding
 * from payloads) keeps the local view equal to the hub's even for held conflicts, refusals and resolutions.
 */
export function stockChangesOf(record: PulledEvent): StockChange[] {
  const deltas = (record.outcome?.stock ?? []) as Array<{ productId: string; locationId: string; delta: number }>;
  return deltas.map(({ productId, locationId, delta }) => ({ productId, locationId, delta }));
}

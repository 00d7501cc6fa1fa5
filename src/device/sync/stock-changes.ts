import type { PulledRecord } from '../core/hub-protocol.js';
import type { StockChange } from '../core/ports.js';

/** The record changes stock in a way the device cannot derive from it alone: fetch a fresh snapshot instead. */
export const NEEDS_SNAPSHOT = Symbol('needs snapshot');

/** Type families that never move stock. */
const NO_STOCK_EFFECT = ['catalog.', 'policy.', 'request.', 'approval.', 'payment.', 'invoice.', 'device.'];

interface Line {
  productId: string;
  quantity: number;
}

/**
 * How a pulled ledger record changes the hub's stock, applied in cursor order. The hub's own decision (`outcome`)
 * wins when it is sent. Otherwise: `conflict` holds the effect and `refused` has none; accepted movements follow
 * DESIGN §3 payloads. Anything whose effect depends on hub state the device lacks (resolutions, refunds, types this
 * SDK does not know) asks for a snapshot, so the local view never drifts silently.
 */
export function stockChangesOf(record: PulledRecord): StockChange[] | typeof NEEDS_SNAPSHOT {
  if (record.outcome?.stock)
    return record.outcome.stock.map(({ productId, locationId, delta }) => ({ productId, locationId, delta }));
  const { type, payload } = record.event;
  if (NO_STOCK_EFFECT.some((prefix) => type.startsWith(prefix))) return [];
  if (record.status !== 'accepted') return [];
  const p = payload as Record<string, unknown>;
  switch (type) {
    case 'inventory.issue':
      return [move(p.productId, p.locationId, -Number(p.quantity))];
    case 'inventory.return':
    case 'inventory.receive':
      return [move(p.productId, p.locationId, Number(p.quantity))];
    case 'inventory.transfer':
      return [
        move(p.productId, p.fromLocationId, -Number(p.quantity)),
        move(p.productId, p.toLocationId, Number(p.quantity)),
      ];
    case 'inventory.count':
      return [{ productId: String(p.productId), locationId: String(p.locationId), set: Number(p.counted) }];
    case 'sale.complete':
      return (p.lines as Line[]).map((line) => move(line.productId, p.locationId, -line.quantity));
    default:
      return NEEDS_SNAPSHOT;
  }
}

function move(productId: unknown, locationId: unknown, delta: number): StockChange {
  return { productId: String(productId), locationId: String(locationId), delta };
}

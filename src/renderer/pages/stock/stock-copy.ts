/**
 * The Stock screen's words: what a record did to a product's stock, who did it, and what the marks on a level mean.
 * Pure, so the wording is tested once.
 */
import type { StockLevelView, StockMovementView } from '../../api/stock.js';
import { formatCount } from '../../format.js';

const MOVEMENT_WORDS: Record<string, string> = {
  'inventory.receive': 'Received from a supplier',
  'inventory.issue': 'Issued',
  'inventory.return': 'Returned to stock',
  'inventory.transfer': 'Transferred',
  'inventory.count': 'Counted',
  'inventory.adjustment': 'Adjusted by a manager',
  'sale.complete': 'Sold',
  'sale.refund': 'Refunded: back on the shelf',
  'sale.void': 'Sale voided: back on the shelf',
  'conflict.resolve': 'Held movement released',
  'conflict.resolved': 'Held movement released',
};

/** "Sold", "Counted", …; an unknown record type says its type. */
export const movementWords = (type: string): string => MOVEMENT_WORDS[type] ?? type;

/** "+3", "−2", "±0": the change with its sign, as a stock clerk writes it. */
export function signedCount(delta: number): string {
  if (delta === 0) return '±0';
  return delta > 0 ? `+${formatCount(delta)}` : `−${formatCount(-delta)}`;
}

/** What the row changed: a count says what was found against the books. */
export function changeText(movement: Pick<StockMovementView, 'delta' | 'count' | 'quantityAfter'>): string {
  if (!movement.count) return signedCount(movement.delta);
  const books = movement.quantityAfter - movement.delta;
  return movement.delta === 0
    ? `Counted ${formatCount(movement.quantityAfter)}: as the books said`
    : `Counted ${formatCount(movement.quantityAfter)}, books said ${formatCount(books)} (${signedCount(movement.delta)})`;
}

/** The person a record names: the cashier of a sale, the manager of a hub-made record. */
export function personText(movement: Pick<StockMovementView, 'actor' | 'cashierId' | 'deviceId'>): string {
  if (movement.cashierId) return `Cashier ${movement.cashierId}`;
  if (movement.actor) return movement.deviceId ? movement.actor : `${movement.actor} (at the hub)`;
  return '—';
}

/** What the record is about, when it names a sale, refund, conflict or reason. */
export function referenceText(movement: Pick<StockMovementView, 'saleId' | 'refundId' | 'reason'>): string {
  const parts = [
    movement.refundId ? `refund ${movement.refundId}` : null,
    movement.saleId ? `sale ${movement.saleId}` : null,
    movement.reason ? `“${movement.reason}”` : null,
  ].filter((part): part is string => part !== null);
  return parts.join(', ');
}

/** The last count at a place, in words, or null when it was never counted. */
export function lastCountText(level: Pick<StockLevelView, 'lastCount'>): string | null {
  const count = level.lastCount;
  if (!count) return null;
  if (count.counted === count.expected) return `${formatCount(count.counted)}, as the books said`;
  return `${formatCount(count.counted)}, books said ${formatCount(count.expected)}`;
}

/** Why a level is marked discrepant, for the mark's description. */
export function discrepancyReason(level: Pick<StockLevelView, 'conflictIds' | 'lastCount'>): string {
  const reasons: string[] = [];
  if (level.conflictIds.length > 0)
    reasons.push(level.conflictIds.length === 1 ? 'an open conflict' : `${level.conflictIds.length} open conflicts`);
  if (level.lastCount && level.lastCount.counted !== level.lastCount.expected)
    reasons.push('the last count differed from the books');
  return reasons.join(' and ');
}

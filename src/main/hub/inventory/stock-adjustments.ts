import type { Database } from 'better-sqlite3';
import type { StockDelta } from '../decisions/decision.js';
import { refusedSettlement, settled, type Settlement, type StockAdjustment } from '../decisions/settlement.js';
import { stockAt } from './projection-reads.js';

/**
 * What brings each location a forced movement takes below zero back to zero. The manager who forces a movement
 * says the goods were there; the books held fewer, so the difference is recorded as found, and every unit on the
 * books stays explained by an event.
 */
export function makeUpForForcing(db: Database, stock: readonly StockDelta[]): StockAdjustment[] {
  return stock.flatMap(({ productId, locationId, delta }) => {
    const after = stockAt(db, productId, locationId) + delta;
    return delta < 0 && after < 0 ? [{ productId, locationId, delta: -after, reason: 'force' as const }] : [];
  });
}

/**
 * `acknowledge`: the manager takes the ledger as it stands and may say what they counted on the shelf, which is
 * recorded as a count adjustment. A count names one product at one location, so it needs a conflict about one.
 */
export function acknowledgeWithCount(
  db: Database,
  places: ReadonlyArray<{ productId: string; locationId: string }>,
  counted: number | undefined,
): Settlement {
  if (counted === undefined) return settled();
  const [place, ...others] = places;
  if (!place || others.length > 0) {
    return refusedSettlement(
      'QUANTITY_NOT_APPLICABLE',
      `a count is for one product at one location; this conflict is about ${places.length}`,
    );
  }
  const delta = counted - stockAt(db, place.productId, place.locationId);
  return settled({}, delta === 0 ? [] : [{ ...place, delta, reason: 'count' }]);
}

import { unexpectedChoice, type ConflictHandler } from '../decisions/settlement.js';
import { stockLevels } from '../inventory/projection-reads.js';
import { acknowledgeWithCount } from '../inventory/stock-adjustments.js';
import type { StockDiscrepancy } from './decide-sale-complete.js';

/** A sale that took more than the books held (DESIGN §4, conflict 1 for sales): already applied, so only noted. */
export const stockDiscrepancy: ConflictHandler = {
  settle(db, conflict, choice) {
    if (choice.action !== 'acknowledge') return unexpectedChoice(conflict, choice);
    const { sold } = conflict.requested as StockDiscrepancy['requested'];
    return acknowledgeWithCount(db, sold, choice.quantity);
  },
  serverNow(db, conflict) {
    const { stock } = conflict.server as StockDiscrepancy['server'];
    return { stock: stockLevels(db, stock) };
  },
};

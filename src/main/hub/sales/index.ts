import type { Decider } from '../decisions/decision.js';
import { decideSaleComplete } from './decide-sale-complete.js';
import { decideSaleRefund } from './decide-sale-refund.js';
import { decideSaleVoid } from './decide-sale-void.js';

export type { StockDiscrepancy } from './decide-sale-complete.js';

/** The sale event types, each decided against the projections at its ledger position. */
export const salesDeciders: Record<string, Decider> = {
  'sale.complete': decideSaleComplete,
  'sale.refund': decideSaleRefund,
  'sale.void': decideSaleVoid,
};

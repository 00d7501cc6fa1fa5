import type { SaleVoidPayload } from '../../../shared/protocol/sales-payloads.js';
import { upstreamOf, type DecideContext, type Decision } from '../decisions/decision.js';
import type { VoidOutcome } from '../ledger/projections/sales-projector.js';
import { voidCardEffects } from './card-reversals.js';
import { decidedMoney, refuseSale, stockDeltas } from './sale-decisions.js';
import { findSale, saleLines, saleTenderTotals } from './sale-reads.js';

/**
 * Cancels a whole sale: every line's goods return and all its money is reversed. A sale with refunds can no longer
 * be reversed whole; the rest of it is refunded instead. Card payments the hub forwards are released or refunded.
 */
export function decideSaleVoid({ db, event }: DecideContext): Decision {
  const { saleId } = event.payload as unknown as SaleVoidPayload;
  const sale = findSale(db, saleId);
  if (!sale) return refuseSale('UNKNOWN_SALE', `no sale ${saleId}`);
  if (sale.status === 'voided') return refuseSale('SALE_ALREADY_VOIDED', `sale ${saleId} is already voided`);
  if (sale.status !== 'completed') return refuseSale('SALE_HAS_REFUNDS', `sale ${saleId} has refunds; refund the rest`);

  const outcome: VoidOutcome = {
    ...decidedMoney(db, event, sale.currency, { total: sale.total, ...saleTenderTotals(db, saleId) }),
    locationId: sale.locationId,
  };
  return {
    status: 'accepted',
    outcome: {
      stock: stockDeltas(sale.locationId, saleLines(db, saleId), 1),
      void: outcome,
      ...upstreamOf(voidCardEffects(db, saleId, event.id)),
    },
  };
}

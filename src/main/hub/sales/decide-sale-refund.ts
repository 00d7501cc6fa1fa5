import { tenderTotals, type RefundLine, type SaleRefundPayload } from '../../../shared/protocol/sales-payloads.js';
import { upstreamOf, type DecideContext, type Decision } from '../decisions/decision.js';
import type { RefundOutcome } from '../ledger/projections/sales-projector.js';
import { refundCardEffects } from './card-reversals.js';
import { decidedMoney, refuseSale, singleCurrency, stockDeltas, totalsMismatch } from './sale-decisions.js';
import { refundExists, findSale, saleLines, type RecordedLine } from './sale-reads.js';

type RefundedLine = RefundOutcome['lines'][number];

/**
 * Takes each refunded quantity off the sale's lines of that product in line order, never more than a line has left
 * (sold minus already refunded). A product scanned at two prices is refunded at the first line's price first.
 * Returns the lines by sale line number, or the refusal when the sale cannot give that much back.
 */
function allocate(lines: RecordedLine[], refund: readonly RefundLine[]): RefundedLine[] | Decision {
  const left = new Map(lines.map((line) => [line.lineNo, line.quantity - line.refundedQuantity]));
  const taken = new Map<number, RefundedLine>();
  for (const { productId, quantity } of refund) {
    const candidates = lines.filter((line) => line.productId === productId);
    if (candidates.length === 0) return refuseSale('PRODUCT_NOT_IN_SALE', `the sale has no ${productId}`);
    let wanted = quantity;
    for (const line of candidates) {
      const take = Math.min(wanted, left.get(line.lineNo)!);
      if (take === 0) continue;
      left.set(line.lineNo, left.get(line.lineNo)! - take);
      wanted -= take;
      const entry = taken.get(line.lineNo) ?? { saleLine: line.lineNo, productId, quantity: 0, amount: 0 };
      entry.quantity += take;
      entry.amount += take * line.unitPrice;
      taken.set(line.lineNo, entry);
    }
    if (wanted > 0) {
      return refuseSale(
        'REFUND_EXCEEDS_SALE',
        `${quantity - wanted} of ${productId} left to refund, ${quantity} asked`,
      );
    }
  }
  return [...taken.values()].sort((a, b) => a.saleLine - b.saleLine);
}

/**
 * Gives back part of a sale: goods return to the sale's location and the tenders must pay out exactly the value of
 * the refunded lines at the prices they were sold at. Card money goes back through the processor (card-reversals.ts).
 */
export function decideSaleRefund({ db, event }: DecideContext): Decision {
  const refund = event.payload as unknown as SaleRefundPayload;
  const sale = findSale(db, refund.saleId);
  if (!sale) return refuseSale('UNKNOWN_SALE', `no sale ${refund.saleId}`);
  if (sale.status === 'voided') return refuseSale('SALE_VOIDED', `sale ${refund.saleId} was voided`);
  if (refundExists(db, refund.refundId)) {
    return refuseSale('DUPLICATE_REFUND', `refund ${refund.refundId} is already recorded`);
  }
  if (singleCurrency([{ currency: sale.currency }, ...refund.tenders.map((t) => t.amount)]) !== sale.currency) {
    return refuseSale('CURRENCY_MISMATCH', `sale ${refund.saleId} is refunded in ${sale.currency} only`);
  }

  const lines = saleLines(db, refund.saleId);
  const allocation = allocate(lines, refund.lines);
  if (!Array.isArray(allocation)) return allocation;
  const goods = allocation.reduce((sum, line) => sum + line.amount, 0);
  const paidOut = tenderTotals(refund.tenders);
  if (goods !== paidOut.total) return totalsMismatch('refunded lines', goods, paidOut.total, sale.currency);

  const refundedAfter = new Map(lines.map((line) => [line.lineNo, line.refundedQuantity]));
  for (const line of allocation) refundedAfter.set(line.saleLine, refundedAfter.get(line.saleLine)! + line.quantity);
  const everything = lines.every((line) => refundedAfter.get(line.lineNo) === line.quantity);
  const outcome: RefundOutcome = {
    ...decidedMoney(db, event, sale.currency, paidOut),
    locationId: sale.locationId,
    lines: allocation,
    saleStatus: everything ? 'refunded' : 'partially_refunded',
  };
  return {
    status: 'accepted',
    outcome: {
      stock: stockDeltas(sale.locationId, allocation, 1),
      refund: outcome,
      ...upstreamOf(refundCardEffects(db, refund.saleId, refund.refundId, refund.tenders)),
    },
  };
}

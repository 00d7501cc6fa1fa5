import type { Database } from 'better-sqlite3';
import { MANAGER_ACTIONS, type ConflictAction } from '../../../shared/protocol/conflicts.js';
import {
  lineTotal,
  MAX_SALE_AMOUNT,
  tenderTotals,
  type SaleCompletePayload,
} from '../../../shared/protocol/sales-payloads.js';
import { conflictIdFor, type DecideContext, type Decision, type StockDelta } from '../decisions/decision.js';
import { locationState, productExists, stockAt } from '../inventory/projection-reads.js';
import type { LedgerEvent } from '../ledger/event-log.js';
import type { SaleOutcome } from '../ledger/projections/sales-projector.js';
import { decidedMoney, refuseSale, singleCurrency, stockDeltas, totalsMismatch } from './sale-decisions.js';
import { findSale } from './sale-reads.js';

/**
 * `outcome.discrepancy` of an accepted sale that took more than its location held. It has the fields of a
 * ConflictOutcome so the conflicts projection can open it for the manager, but it is not `outcome.conflict`: that
 * one means "effect held", and this sale's effect is already applied. `retry` and `modify` would apply it twice, so
 * the manager can only acknowledge the sale as a fact (saying what is on the shelf now, if they counted) or escalate.
 */
export interface StockDiscrepancy {
  id: string;
  kind: 'stock_discrepancy';
  /** What the location held just before the sale, for each product it was short of. */
  server: { stock: Array<{ productId: string; locationId: string; available: number }> };
  /** What the sale took of those products; recorded, never to be released again. */
  requested: { saleId: string; sold: Array<{ productId: string; locationId: string; quantity: number }> };
  options: ConflictAction[];
}

function stockDiscrepancy(
  db: Database,
  event: LedgerEvent,
  saleId: string,
  taken: StockDelta[],
): StockDiscrepancy | undefined {
  const short = taken
    .map(({ productId, locationId, delta }) => ({
      productId,
      locationId,
      quantity: -delta,
      available: stockAt(db, productId, locationId),
    }))
    .filter(({ quantity, available }) => available < quantity);
  if (short.length === 0) return undefined;
  return {
    id: conflictIdFor(event.id),
    kind: 'stock_discrepancy',
    server: { stock: short.map(({ productId, locationId, available }) => ({ productId, locationId, available })) },
    requested: {
      saleId,
      sold: short.map(({ productId, locationId, quantity }) => ({ productId, locationId, quantity })),
    },
    options: [...MANAGER_ACTIONS.stock_discrepancy],
  };
}

function catalogRefusal(db: Database, sale: SaleCompletePayload): Decision | undefined {
  // An inactive location still sold the goods: only ids the hub has never heard of are refused.
  if (locationState(db, sale.locationId) === 'unknown') {
    return refuseSale('UNKNOWN_LOCATION', `no location ${sale.locationId}`);
  }
  const unknown = sale.lines.find((line) => !productExists(db, line.productId));
  return unknown ? refuseSale('UNKNOWN_PRODUCT', `no product ${unknown.productId}`) : undefined;
}

/**
 * A sale is a fact: accepted with its stock taken even when the shelf (as the hub knows it) is short, in which case
 * the outcome also carries a stock discrepancy for the manager. Refused only when it cannot be a valid sale.
 */
export function decideSaleComplete({ db, event }: DecideContext): Decision {
  const sale = event.payload as unknown as SaleCompletePayload;
  if (findSale(db, sale.saleId)) return refuseSale('DUPLICATE_SALE', `sale ${sale.saleId} is already recorded`);
  const currency = singleCurrency([...sale.lines.map((line) => line.unitPrice), ...sale.tenders.map((t) => t.amount)]);
  if (!currency) return refuseSale('CURRENCY_MISMATCH', 'a sale is priced and paid in one currency');
  const refusal = catalogRefusal(db, sale);
  if (refusal) return refusal;

  const lineTotals = sale.lines.map(lineTotal);
  const goods = lineTotals.reduce((sum, total) => sum + total, 0);
  if (lineTotals.some((total) => total > MAX_SALE_AMOUNT) || goods > MAX_SALE_AMOUNT) {
    return refuseSale('AMOUNT_OUT_OF_RANGE', `a sale may come to at most ${MAX_SALE_AMOUNT} minor units`);
  }
  const tendered = tenderTotals(sale.tenders);
  if (goods !== tendered.total) return totalsMismatch('lines', goods, tendered.total, currency);

  const stock = stockDeltas(sale.locationId, sale.lines, -1);
  const discrepancy = stockDiscrepancy(db, event, sale.saleId, stock);
  const outcome: SaleOutcome = {
    ...decidedMoney(db, event, currency, tendered),
    ...(discrepancy ? { discrepancyId: discrepancy.id } : {}),
  };
  return { status: 'accepted', outcome: { stock, sale: outcome, ...(discrepancy ? { discrepancy } : {}) } };
}

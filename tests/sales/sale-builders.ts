import type { SaleCompletePayload, SaleRefundPayload, Tender } from '../../src/shared/protocol/sales-payloads.js';
import { pln } from './helpers.js';

type LineSpec = [productId: string, quantity: number, unitPrice: number];
type TenderSpec = [method: Tender['method'], amount: number, paymentId?: string];

export function tenders(...specs: TenderSpec[]): Tender[] {
  return specs.map(([method, amount, paymentId]) => ({
    method,
    amount: pln(amount),
    ...(paymentId ? { paymentId } : {}),
  }));
}

/** A PLN sale at `locationId`: lines as [product, quantity, unit price in grosze]. */
export function sale(
  saleId: string,
  locationId: string,
  lines: LineSpec[],
  paid: Tender[],
  extra: Partial<SaleCompletePayload> = {},
): SaleCompletePayload {
  return {
    saleId,
    locationId,
    lines: lines.map(([productId, quantity, unitPrice]) => ({
      productId,
      quantity,
      unitPrice: pln(unitPrice),
      taxRate: '23',
    })),
    tenders: paid,
    ...extra,
  };
}

export function refund(
  saleId: string,
  refundId: string,
  lines: Array<[productId: string, quantity: number]>,
  paid: Tender[],
  extra: Partial<SaleRefundPayload> = {},
): SaleRefundPayload {
  return {
    saleId,
    refundId,
    lines: lines.map(([productId, quantity]) => ({ productId, quantity })),
    tenders: paid,
    ...extra,
  };
}

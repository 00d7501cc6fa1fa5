import type { TSchema } from 'typebox';
import { LocationPayload, ProductPayload, ReceivePayload } from './catalog-payloads.js';
import { ConflictResolvedPayload, InventoryAdjustmentPayload } from './conflicts.js';
import {
  ConflictResolvePayload,
  CountPayload,
  IssuePayload,
  ReturnPayload,
  TransferPayload,
} from './inventory-payloads.js';
import {
  ApprovalDecidePayload,
  ApprovalExpirePayload,
  ApprovalRequestPayload,
  OfflineCardPaymentPayload,
  OfflineCardPolicy,
  PaymentCancelledPayload,
  PaymentCapturedPayload,
  PaymentDeclinedPayload,
  PaymentExpiredPayload,
  PaymentForwardedPayload,
  PaymentRefundedPayload,
} from './payment-payloads.js';
import {
  InvoiceNumberedPayload,
  InvoiceRejectedPayload,
  InvoiceRequestPayload,
  InvoiceTechnicalCorrectionPayload,
  KsefStatusPayload,
} from './invoice-payloads.js';
import { RequestChangePayload, RequestCreatePayload } from './request-payloads.js';
import { SaleCompletePayload, SaleRefundPayload, SaleVoidPayload } from './sales-payloads.js';

/**
 * Every event type of protocol v1 with its payload schema per version. `deviceMay` is the offline capability
 * matrix (DESIGN §4): a device event of a central-only type is recorded as `refused`, not rejected.
 */
export interface EventTypeSpec {
  type: string;
  versions: Readonly<Record<number, TSchema>>;
  deviceMay: boolean;
}

const spec = (type: string, schema: TSchema, deviceMay: boolean): EventTypeSpec => ({
  type,
  versions: { 1: schema },
  deviceMay,
});

export const EVENT_TYPES: readonly EventTypeSpec[] = [
  spec('inventory.issue', IssuePayload, true),
  spec('inventory.return', ReturnPayload, true),
  spec('inventory.transfer', TransferPayload, true),
  spec('inventory.count', CountPayload, true),
  spec('conflict.resolve', ConflictResolvePayload, true),
  spec('inventory.receive', ReceivePayload, false),
  spec('catalog.product', ProductPayload, false),
  spec('catalog.location', LocationPayload, false),
  spec('sale.complete', SaleCompletePayload, true),
  spec('sale.refund', SaleRefundPayload, true),
  spec('sale.void', SaleVoidPayload, true),
  spec('request.create', RequestCreatePayload, true),
  spec('request.approve', RequestChangePayload, true),
  spec('request.deny', RequestChangePayload, true),
  spec('request.cancel', RequestChangePayload, true),
  // The device that moved the goods for a request says so; the movement itself is its own inventory event.
  spec('request.fulfill', RequestChangePayload, true),
  spec('payment.offline_card', OfflineCardPaymentPayload, true),
  spec('payment.forwarded', PaymentForwardedPayload, false),
  // What the card processor did with a forwarded payment, recorded with the upstream job's completion.
  spec('payment.captured', PaymentCapturedPayload, false),
  spec('payment.declined', PaymentDeclinedPayload, false),
  spec('payment.cancelled', PaymentCancelledPayload, false),
  spec('payment.refunded', PaymentRefundedPayload, false),
  spec('payment.expired', PaymentExpiredPayload, false),
  spec('policy.update', OfflineCardPolicy, false),
  spec('approval.request', ApprovalRequestPayload, false),
  spec('approval.decide', ApprovalDecidePayload, false),
  // Nobody decided and the till went its own way, or stopped waiting (issue 12).
  spec('approval.expire', ApprovalExpirePayload, false),
  spec('conflict.resolved', ConflictResolvedPayload, false),
  spec('inventory.adjustment', InventoryAdjustmentPayload, false),
  // A till asks for a VAT invoice for a sale; the hub numbers and builds it (issue 9).
  spec('invoice.request', InvoiceRequestPayload, true),
  // What the hub knew of KSeF when it changed: the mode and deadline of every invoice rest on it.
  spec('ksef.status', KsefStatusPayload, false),
  // What KSeF made of an invoice the hub sent: its number and receipt (UPO), or a refusal (issue 10).
  spec('invoice.numbered', InvoiceNumberedPayload, false),
  spec('invoice.rejected', InvoiceRejectedPayload, false),
  spec('invoice.technical_correction', InvoiceTechnicalCorrectionPayload, false),
];

const byType = new Map(EVENT_TYPES.map((s) => [s.type, s]));

export function eventTypeSpec(type: string): EventTypeSpec | undefined {
  return byType.get(type);
}

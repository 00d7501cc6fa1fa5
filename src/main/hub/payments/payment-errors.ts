import { DomainError } from '../domain-error.js';
import { domainErrorToHttp } from '../http/http-error.js';

export type PaymentErrorCode =
  | 'UNKNOWN_LOCATION'
  | 'IDEMPOTENCY_MISMATCH'
  | 'PAYMENT_ALREADY_RECORDED'
  | 'UNKNOWN_PAYMENT'
  | 'PAYMENT_NOT_FORWARDABLE'
  | 'APPROVAL_NOT_FOUND'
  | 'APPROVAL_ALREADY_DECIDED';

/** A payments rule said no to a request; nothing was recorded. */
export class PaymentError extends DomainError<PaymentErrorCode> {}

const STATUS: Record<PaymentErrorCode, number> = {
  UNKNOWN_LOCATION: 404,
  IDEMPOTENCY_MISMATCH: 409,
  PAYMENT_ALREADY_RECORDED: 409,
  UNKNOWN_PAYMENT: 404,
  PAYMENT_NOT_FORWARDABLE: 409,
  APPROVAL_NOT_FOUND: 404,
  APPROVAL_ALREADY_DECIDED: 409,
};

export function paymentErrorToHttp(error: unknown): unknown {
  return domainErrorToHttp(error, PaymentError, STATUS);
}

import { DomainError } from '../domain-error.js';

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

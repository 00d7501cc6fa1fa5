import { HttpError } from '../http/http-error.js';

export type PaymentErrorCode =
  | 'UNKNOWN_LOCATION'
  | 'IDEMPOTENCY_MISMATCH'
  | 'PAYMENT_ALREADY_RECORDED'
  | 'UNKNOWN_PAYMENT'
  | 'PAYMENT_NOT_FORWARDABLE'
  | 'APPROVAL_NOT_FOUND'
  | 'APPROVAL_ALREADY_DECIDED';

/** A payments rule said no to a request; nothing was recorded. */
export class PaymentError extends Error {
  constructor(
    readonly code: PaymentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PaymentError';
  }
}

const STATUS: Record<PaymentErrorCode, number> = {
  UNKNOWN_LOCATION: 404,
  IDEMPOTENCY_MISMATCH: 409,
  PAYMENT_ALREADY_RECORDED: 409,
  UNKNOWN_PAYMENT: 404,
  PAYMENT_NOT_FORWARDABLE: 409,
  APPROVAL_NOT_FOUND: 404,
  APPROVAL_ALREADY_DECIDED: 409,
};

/** A PaymentError as the client sees it; anything else passes through (to the 500 handler if it is a bug). */
export function paymentErrorToHttp(error: unknown): unknown {
  return error instanceof PaymentError ? new HttpError(STATUS[error.code], error.code, error.message) : error;
}

import { DeviceError, type DeviceErrorCode } from '../devices/device-registry.js';
import { ConexxusError, type ConexxusErrorCode } from '../forwarding/conexxus/conexxus-errors.js';
import { InvoiceError, type InvoiceErrorCode } from '../invoicing/invoice-errors.js';
import {
  OfflineCertificateError,
  type OfflineCertificateErrorCode,
} from '../invoicing/qr/offline-certificate-errors.js';
import { PaymentError, type PaymentErrorCode } from '../payments/payment-errors.js';
import { PrintError, type PrintErrorCode } from '../printing/print-errors.js';
import { OutboxError, type OutboxErrorCode } from '../upstream/outbox/outbox-errors.js';
import { HttpError, domainErrorToHttp } from './http-error.js';

/*
 * The HTTP status of each domain refusal. The domains name their codes; how a code is answered on the wire is
 * decided here, so a domain can be driven by something other than HTTP without carrying status numbers.
 */

const DEVICE_STATUS: Record<DeviceErrorCode, number> = {
  PAIRING_CODE_INVALID: 403,
  PUBLIC_KEY_INVALID: 400,
  PAIRING_PROOF_INVALID: 400,
  UNAUTHENTICATED: 401,
  DEVICE_REVOKED: 401,
  DEVICE_NOT_FOUND: 404,
  ALREADY_REVOKED: 409,
};

const PAYMENT_STATUS: Record<PaymentErrorCode, number> = {
  UNKNOWN_LOCATION: 404,
  IDEMPOTENCY_MISMATCH: 409,
  PAYMENT_ALREADY_RECORDED: 409,
  UNKNOWN_PAYMENT: 404,
  PAYMENT_NOT_FORWARDABLE: 409,
  APPROVAL_NOT_FOUND: 404,
  APPROVAL_ALREADY_DECIDED: 409,
};

const PRINT_STATUS: Record<PrintErrorCode, number> = {
  UNKNOWN_PRINTER: 404,
  PRINTER_EXISTS: 409,
  PRINTER_DISABLED: 409,
  PRINTER_HAS_JOBS: 409,
  TOO_MANY_PRINTERS: 409,
  CONNECTION_IN_USE: 409,
  QUEUE_FULL: 429,
  NO_RECEIPT_PRINTER: 409,
  UNKNOWN_DRAWER: 404,
  DRAWER_NOT_WIRED: 409,
  UNKNOWN_PRINT_JOB: 404,
  JOB_NOT_UNCERTAIN: 409,
  JOB_NOT_DROPPABLE: 409,
  IDEMPOTENCY_MISMATCH: 409,
  MISSING_REFERENCE: 400,
  UNKNOWN_SALE: 404,
  UNKNOWN_REFUND: 404,
  UNKNOWN_PAYMENT: 404,
  REFERENCE_MISMATCH: 409,
};

const OUTBOX_STATUS: Record<OutboxErrorCode, number> = {
  JOB_NOT_FOUND: 404,
  JOB_STATE: 409,
  IDEMPOTENCY_MISMATCH: 409,
  // Only a bug makes an enqueue outside a transaction: a 500, as it should be.
  NOT_IN_TRANSACTION: 500,
};

const CONEXXUS_STATUS: Record<ConexxusErrorCode, number> = {
  CONEXXUS_SETTINGS_INVALID: 400,
  BUSINESS_DATE_INVALID: 400,
  DOCUMENT_NOT_FOUND: 404,
  DAY_NOT_REPORTABLE: 409,
};

export function conexxusErrorToHttp(error: unknown): unknown {
  return domainErrorToHttp(error, ConexxusError, CONEXXUS_STATUS);
}

const INVOICE_STATUS: Record<InvoiceErrorCode, number> = {
  INVALID_NIP: 400,
  NUMBER_FORMAT_INVALID: 400,
  INVOICE_NOT_FOUND: 404,
  UNKNOWN_SALE: 404,
  INVOICING_NOT_SET_UP: 409,
  SALE_VOIDED: 409,
  SALE_ALREADY_INVOICED: 409,
  NOTHING_TO_INVOICE: 409,
  UNSUPPORTED_VAT_RATE: 409,
  UNSUPPORTED_CURRENCY: 409,
  OFFLINE_CERTIFICATE_MISSING: 409,
  BUYER_REQUIRED: 400,
  UNKNOWN_REFUND: 404,
  SALE_NOT_INVOICED: 409,
  REFUND_ALREADY_CORRECTED: 409,
  NOT_REJECTED: 409,
  NOTHING_CHANGED: 409,
  KSEF_TOKEN_MISSING: 409,
  UPO_NOT_AVAILABLE: 404,
};

// Every one is what the manager uploaded: a 400 that says what is wrong with it.
const CERTIFICATE_STATUS: Record<OfflineCertificateErrorCode, number> = {
  NOT_A_CERTIFICATE: 400,
  NOT_OFFLINE_CERTIFICATE: 400,
  INVALID_CERTIFICATE_SERIAL: 400,
  UNSUPPORTED_KEY: 400,
  CERTIFICATE_EXPIRED: 400,
  CERTIFICATE_NOT_YET_VALID: 400,
  NOT_A_PRIVATE_KEY: 400,
  PASSPHRASE_REQUIRED: 400,
  WRONG_PASSPHRASE: 400,
  KEY_MISMATCH: 400,
};

export function invoiceErrorToHttp(error: unknown): unknown {
  const answer = domainErrorToHttp(error, InvoiceError, INVOICE_STATUS);
  return domainErrorToHttp(answer, OfflineCertificateError, CERTIFICATE_STATUS);
}

/** A DeviceError as the client sees it; anything else passes through (to the 500 handler if it is a bug). */
export function deviceErrorToHttp(error: unknown): unknown {
  return error instanceof DeviceError ? new HttpError(DEVICE_STATUS[error.code], error.code, error.message) : error;
}

export function paymentErrorToHttp(error: unknown): unknown {
  return domainErrorToHttp(error, PaymentError, PAYMENT_STATUS);
}

/** A print job for an invoice can also fail as the invoice does (INVOICE_NOT_FOUND). */
export function printErrorToHttp(error: unknown): unknown {
  return invoiceErrorToHttp(domainErrorToHttp(error, PrintError, PRINT_STATUS));
}

export function outboxErrorToHttp(error: unknown): unknown {
  return domainErrorToHttp(error, OutboxError, OUTBOX_STATUS);
}

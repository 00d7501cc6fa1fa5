import { DomainError } from '../domain-error.js';
import { domainErrorToHttp } from '../http/http-error.js';

export type PrintErrorCode =
  | 'UNKNOWN_PRINTER'
  | 'PRINTER_EXISTS'
  | 'PRINTER_DISABLED'
  | 'PRINTER_HAS_JOBS'
  | 'TOO_MANY_PRINTERS'
  | 'CONNECTION_IN_USE'
  | 'QUEUE_FULL'
  | 'NO_RECEIPT_PRINTER'
  | 'UNKNOWN_DRAWER'
  | 'DRAWER_NOT_WIRED'
  | 'UNKNOWN_PRINT_JOB'
  | 'JOB_NOT_UNCERTAIN'
  | 'JOB_NOT_DROPPABLE'
  | 'IDEMPOTENCY_MISMATCH'
  | 'MISSING_REFERENCE'
  | 'UNKNOWN_SALE'
  | 'UNKNOWN_REFUND'
  | 'UNKNOWN_PAYMENT'
  | 'REFERENCE_MISMATCH';

/** A printing rule said no; nothing was queued or changed. */
export class PrintError extends DomainError<PrintErrorCode> {}

const STATUS: Record<PrintErrorCode, number> = {
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

export function printErrorToHttp(error: unknown): unknown {
  return domainErrorToHttp(error, PrintError, STATUS);
}

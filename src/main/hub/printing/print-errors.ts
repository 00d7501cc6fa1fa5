import { DomainError } from '../domain-error.js';

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

import { DomainError } from '../domain-error.js';
import type { InvoiceRefusalCode } from './decide-invoice-request.js';
import type { TechnicalCorrectionRefusalCode } from './decide-technical-correction.js';

export type InvoiceErrorCode =
  | InvoiceRefusalCode
  | TechnicalCorrectionRefusalCode
  | 'INVOICE_NOT_FOUND'
  | 'NUMBER_FORMAT_INVALID'
  | 'KSEF_TOKEN_MISSING'
  | 'UPO_NOT_AVAILABLE';

/** A manager's invoicing request the hub cannot carry out; nothing was recorded. */
export class InvoiceError extends DomainError<InvoiceErrorCode> {}

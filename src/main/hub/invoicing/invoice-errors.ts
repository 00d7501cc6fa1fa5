import { DomainError } from '../domain-error.js';
import type { InvoiceRefusalCode } from './decide-invoice-request.js';

export type InvoiceErrorCode = InvoiceRefusalCode | 'INVOICE_NOT_FOUND' | 'NUMBER_FORMAT_INVALID';

/** A manager's invoicing request the hub cannot carry out; nothing was recorded. */
export class InvoiceError extends DomainError<InvoiceErrorCode> {}

import { DomainError } from '../../domain-error.js';

/**
 * - `MISSING_REFERENCE`: the request lacks the id its kind needs (a sale receipt without `saleId`).
 * - `UNKNOWN_SALE`, `UNKNOWN_REFUND`, `UNKNOWN_PAYMENT`: the ledger holds no such accepted record (yet: a device may
 *   ask to print before its event has synced).
 * - `REFERENCE_MISMATCH`: the ids given do not belong together (a refund of another sale than `saleId`).
 */
export type ReceiptDataErrorCode =
  'MISSING_REFERENCE' | 'UNKNOWN_SALE' | 'UNKNOWN_REFUND' | 'UNKNOWN_PAYMENT' | 'REFERENCE_MISMATCH';

/** The hub cannot render the receipt asked for from its ledger; nothing was rendered. */
export class ReceiptDataError extends DomainError<ReceiptDataErrorCode> {}

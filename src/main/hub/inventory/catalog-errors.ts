import { DomainError } from '../domain-error.js';

export type CatalogErrorCode =
  | 'UNKNOWN_PRODUCT'
  | 'UNKNOWN_LOCATION'
  | 'LOCATION_INACTIVE'
  | 'PRODUCT_EXISTS'
  | 'LOCATION_EXISTS'
  | 'STALE_VERSION'
  | 'BARCODE_INVALID'
  | 'BARCODE_TAKEN'
  | 'PRICE_BOOK_INVALID'
  | 'PRICE_BOOK_HAS_ERRORS';

/** A catalog rule said no; nothing was recorded. */
export class CatalogError extends DomainError<CatalogErrorCode> {}

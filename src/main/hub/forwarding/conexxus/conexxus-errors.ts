import { DomainError } from '../../domain-error.js';

export type ConexxusErrorCode =
  'CONEXXUS_SETTINGS_INVALID' | 'BUSINESS_DATE_INVALID' | 'DOCUMENT_NOT_FOUND' | 'DAY_NOT_REPORTABLE';

/** A Conexxus request the hub cannot carry out: settings that cannot work, a date that is not a store day. */
export class ConexxusError extends DomainError<ConexxusErrorCode> {}

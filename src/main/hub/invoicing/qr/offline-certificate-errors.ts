import { DomainError } from '../../domain-error.js';

export type OfflineCertificateErrorCode =
  | 'NOT_A_CERTIFICATE'
  | 'NOT_OFFLINE_CERTIFICATE'
  | 'INVALID_CERTIFICATE_SERIAL'
  | 'UNSUPPORTED_KEY'
  | 'CERTIFICATE_EXPIRED'
  | 'CERTIFICATE_NOT_YET_VALID'
  | 'NOT_A_PRIVATE_KEY'
  | 'PASSPHRASE_REQUIRED'
  | 'WRONG_PASSPHRASE'
  | 'KEY_MISMATCH';

/** The KSeF offline certificate or its key cannot sign KOD II; nothing was signed or stored. */
export class OfflineCertificateError extends DomainError<OfflineCertificateErrorCode> {}

import { createPrivateKey, type KeyObject } from 'node:crypto';
import { OfflineCertificateError } from './offline-certificate-errors.js';

/* PKCS#8 encrypted, or the older OpenSSL "traditional" encrypted PEM (PKCS#1 / SEC1 with a Proc-Type header). */
const ENCRYPTED_PEM = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/;

/**
 * A private key from PEM (PKCS#8, PKCS#1 or SEC1; encrypted when `passphrase` is given). A missing or wrong
 * passphrase is told apart by the PEM header rather than by the error thrown: OpenSSL's error codes differ between
 * versions and BoringSSL (Electron). Messages never quote the key.
 */
export function readPrivateKey(pem: string, passphrase?: string): KeyObject {
  const encrypted = ENCRYPTED_PEM.test(pem);
  if (encrypted && !passphrase) {
    throw new OfflineCertificateError('PASSPHRASE_REQUIRED', 'The private key is encrypted: enter its passphrase.');
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    throw encrypted
      ? new OfflineCertificateError('WRONG_PASSPHRASE', 'The passphrase does not decrypt the private key.')
      : new OfflineCertificateError('NOT_A_PRIVATE_KEY', 'This is not a private key in PEM format.');
  }
}

import { X509Certificate, type KeyObject } from 'node:crypto';
import { grantsNonRepudiation } from './key-usage.js';
import { offlineKeyType, signKodII, verifyKodII, type OfflineKeyType } from './kod-ii-signature.js';
import { OfflineCertificateError } from './offline-certificate-errors.js';
import { readPrivateKey } from './private-key.js';

export interface OfflineCertificateInput {
  /** PEM text, or the file's bytes in PEM or DER (KSeF's /certificates/retrieve hands out DER). */
  certificate: string | Uint8Array;
  /** PKCS#8, PKCS#1 or SEC1 PEM; encrypted only with `passphrase`. */
  privateKeyPem: string;
  passphrase?: string;
  /** The moment the validity period is checked against; the current time by default. */
  now?: Date;
}

/** What the hub keeps of an imported KSeF offline certificate. */
export interface OfflineCertificate {
  /** As KOD II writes it: 16 upper-case hex digits. */
  serial: string;
  /** As node prints it: one attribute per line, e.g. "C=PL\nO=…\nCN=…". */
  subject: string;
  notBefore: Date;
  notAfter: Date;
  keyType: OfflineKeyType;
  publicKeyPem: string;
  /** SHA-256 of the DER, colon-separated upper-case hex. */
  fingerprint256: string;
  /** The certificate as PEM, whichever form it came in. */
  certificatePem: string;
  /**
   * The private key as unencrypted PKCS#8 PEM, for the caller to put in the SecretStore and nowhere else: keep it out
   * of logs, settings and API responses (spreading this object copies it).
   */
  privateKeyPem: string;
}

/**
 * Checks that a certificate and private key can sign KOD II links KSeF will accept, and returns what the hub keeps.
 * Throws OfflineCertificateError (its code says which check failed); the messages never quote the key.
 */
export function importOfflineCertificate(input: OfflineCertificateInput): OfflineCertificate {
  const x509 = parseCertificate(input.certificate);
  if (!grantsNonRepudiation(x509.raw)) {
    throw new OfflineCertificateError(
      'NOT_OFFLINE_CERTIFICATE',
      'This certificate does not grant Non-Repudiation, so it is not a KSeF Offline certificate (an Authentication ' +
        'certificate cannot sign KOD II). Request a certificate of type Offline in KSeF and import that one.',
    );
  }
  const keyType = offlineKeyType(x509.publicKey);
  const serial = ksefCertificateSerial(x509);
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  assertValidAt(input.now ?? new Date(), notBefore, notAfter);
  const privateKey = readPrivateKey(input.privateKeyPem, input.passphrase);
  assertKeyPair(privateKey, x509);
  return {
    serial,
    subject: x509.subject,
    notBefore,
    notAfter,
    keyType,
    publicKeyPem: x509.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint256: x509.fingerprint256,
    certificatePem: x509.toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * The serial as KOD II writes it. KSeF serials are 8-byte integers written as 16 hex digits (open-api
 * `certificateSerialNumber`, ^[0-9A-F]{16}$). Node prints the integer's minimal bytes, so a serial starting with a
 * zero byte prints shorter: padding restores KSeF's form. A longer serial is not one KSeF issued and could not appear
 * in a link. Upper-cased because BoringSSL (Electron) prints hex in lower case.
 */
export function ksefCertificateSerial(x509: X509Certificate): string {
  const digits = x509.serialNumber.toUpperCase().replace(/^0+/, '');
  if (!/^[0-9A-F]{0,16}$/.test(digits)) {
    throw new OfflineCertificateError(
      'INVALID_CERTIFICATE_SERIAL',
      `The certificate's serial number ${x509.serialNumber} does not fit KSeF's 16 hex digits, so KSeF did not issue it.`,
    );
  }
  return digits.padStart(16, '0');
}

function parseCertificate(certificate: string | Uint8Array): X509Certificate {
  try {
    return new X509Certificate(certificate);
  } catch {
    throw new OfflineCertificateError('NOT_A_CERTIFICATE', 'This is not an X.509 certificate in PEM or DER format.');
  }
}

function assertValidAt(now: Date, notBefore: Date, notAfter: Date): void {
  if (now < notBefore) {
    throw new OfflineCertificateError(
      'CERTIFICATE_NOT_YET_VALID',
      `The certificate is valid only from ${notBefore.toISOString()}; import it then.`,
    );
  }
  if (now > notAfter) {
    throw new OfflineCertificateError(
      'CERTIFICATE_EXPIRED',
      `The certificate expired on ${notAfter.toISOString()}; request a new Offline certificate in KSeF.`,
    );
  }
}

/* Signed by import, never shown: any fixed text would do. */
const PROBE = 'Backroom: KSeF offline certificate key check';

/**
 * Signs a probe exactly as KOD II is signed and verifies it with the certificate: this proves the pair, and that the
 * links this key signs will verify with the certificate KSeF holds.
 */
function assertKeyPair(privateKey: KeyObject, x509: X509Certificate): void {
  const sameKind = privateKey.asymmetricKeyType === x509.publicKey.asymmetricKeyType;
  if (!sameKind || !verifyKodII(PROBE, signKodII(PROBE, privateKey), x509.publicKey)) {
    throw new OfflineCertificateError('KEY_MISMATCH', 'The private key does not belong to this certificate.');
  }
}

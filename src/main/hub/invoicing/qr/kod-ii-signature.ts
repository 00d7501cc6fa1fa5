import { constants, sign, verify, type KeyObject, type SigningOptions } from 'node:crypto';
import { OfflineCertificateError } from './offline-certificate-errors.js';

/** The two key kinds KSeF issues offline certificates for (certyfikaty-KSeF.md: RSA 2048 or EC P-256). */
export type OfflineKeyType = 'rsa' | 'ec';

/** The key's kind, or OfflineCertificateError UNSUPPORTED_KEY when KSeF would not verify what it signs. */
export function offlineKeyType(key: KeyObject): OfflineKeyType {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048) return 'rsa';
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return 'ec';
  throw new OfflineCertificateError(
    'UNSUPPORTED_KEY',
    `The key is ${describeKey(key)}; KSeF offline certificates use RSA of at least 2048 bits or EC on P-256 (prime256v1).`,
  );
}

function describeKey(key: KeyObject): string {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails;
  if (details?.modulusLength !== undefined) return `${type.toUpperCase()} of ${details.modulusLength} bits`;
  if (details?.namedCurve !== undefined) return `${type.toUpperCase()} on ${details.namedCurve}`;
  return `of type ${type}`;
}

/** How KOD II is signed, per key kind (kody-qr.md). Both hash with SHA-256. */
const SCHEMES: Readonly<Record<OfflineKeyType, SigningOptions>> = {
  // RSASSA-PSS with a 32-byte salt; MGF1 takes the signature's digest (SHA-256) by default, as KSeF requires.
  rsa: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  // r||s, 64 bytes: KSeF recommends it and tolerates DER only where P1363 cannot be produced.
  ec: { dsaEncoding: 'ieee-p1363' },
};

/** The signature over the UTF-8 bytes of `text`. */
export function signKodII(text: string, privateKey: KeyObject): Buffer {
  if (privateKey.type !== 'private') {
    throw new OfflineCertificateError('UNSUPPORTED_KEY', 'Signing KOD II needs the private key, not the public one.');
  }
  return sign('sha256', Buffer.from(text, 'utf8'), { key: privateKey, ...SCHEMES[offlineKeyType(privateKey)] });
}

export function verifyKodII(text: string, signature: Uint8Array, publicKey: KeyObject): boolean {
  return verify(
    'sha256',
    Buffer.from(text, 'utf8'),
    { key: publicKey, ...SCHEMES[offlineKeyType(publicKey)] },
    signature,
  );
}

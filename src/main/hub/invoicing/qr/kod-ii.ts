import { X509Certificate, type KeyObject } from 'node:crypto';
import { fromBase64Url, toBase64Url } from '../../../../shared/base64url.js';
import { signKodII, verifyKodII } from './kod-ii-signature.js';
import { invoiceHashSegment, nipSegment } from './link-fields.js';
import { ksefCertificateSerial } from './offline-certificate.js';
import { readPrivateKey } from './private-key.js';
import { qrHostOf, type QrHostChoice } from './qr-host.js';

const CONTEXT_TYPES = ['Nip', 'InternalId', 'NipVatUe', 'PeppolId'] as const;

/** The login context the invoice is issued in (KSeF's ContextIdentifier types). */
export type KsefContextType = (typeof CONTEXT_TYPES)[number];

/*
 * Other context values (InternalId '1111111111-12345', NipVatUe '1111111111-DE123456789', PeppolId 'PPL123456') are
 * only held to characters a path segment carries as they are: the path is signed byte for byte, so nothing in it may
 * need percent-encoding. EU VAT numbers may contain '+' and '*'.
 */
const CONTEXT_VALUE = /^[A-Za-z0-9+*-]{1,64}$/;

const CERTIFICATE_SERIAL = /^[0-9A-F]{16}$/;

export type CertificateVerificationInput = QrHostChoice & {
  contextType: KsefContextType;
  contextValue: string;
  /** Podmiot1's NIP. */
  sellerNip: string;
  /** The offline certificate's serial as KSeF writes it (16 upper-case hex digits; see ksefCertificateSerial). */
  certificateSerial: string;
  /** SHA-256 of the exact XML bytes sent to KSeF: 32 bytes, or that hash in Base64 / Base64URL. */
  invoiceHash: Uint8Array | string;
};

/**
 * What KOD II signs: the link from the host to the invoice hash, with no scheme and no trailing slash.
 * Throws RangeError on an input KSeF could not resolve.
 */
export function certificatePathToSign(input: CertificateVerificationInput): string {
  if (!(CONTEXT_TYPES as readonly string[]).includes(input.contextType)) {
    throw new RangeError(
      `contextType must be one of ${CONTEXT_TYPES.join(', ')}, got ${JSON.stringify(input.contextType)}`,
    );
  }
  const contextValue =
    input.contextType === 'Nip'
      ? nipSegment(input.contextValue, 'contextValue')
      : checkContextValue(input.contextValue);
  if (!CERTIFICATE_SERIAL.test(input.certificateSerial)) {
    throw new RangeError(
      `certificateSerial must be 16 upper-case hex digits, got ${JSON.stringify(input.certificateSerial)}`,
    );
  }
  return [
    qrHostOf(input),
    'certificate',
    input.contextType,
    contextValue,
    nipSegment(input.sellerNip, 'sellerNip'),
    input.certificateSerial,
    invoiceHashSegment(input.invoiceHash),
  ].join('/');
}

function checkContextValue(value: string): string {
  if (!CONTEXT_VALUE.test(value)) {
    throw new RangeError(`contextValue must be letters, digits, '-', '+' or '*', got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * KOD II, the second link an offline invoice carries: the path to sign, then its signature by the offline
 * certificate's private key in Base64URL. `privateKey` is a KeyObject, or the PKCS#8 PEM importOfflineCertificate
 * returned. The signature is randomized (PSS salt, ECDSA nonce), so two calls give two different, equally valid links:
 * store the link printed rather than signing again.
 */
export function certificateVerificationUrl(
  input: CertificateVerificationInput,
  privateKey: KeyObject | string,
): string {
  const path = certificatePathToSign(input);
  const key = typeof privateKey === 'string' ? readPrivateKey(privateKey) : privateKey;
  return `https://${path}/${toBase64Url(signKodII(path, key))}`;
}

/** https://, host, 'certificate', context type and value, NIP, serial, hash; then the Base64URL signature. */
const KOD_II_URL = /^https:\/\/([^/]+\/certificate(?:\/[^/]+){3}\/([^/]+)\/[^/]+)\/([A-Za-z0-9_-]+)$/;

/**
 * Whether `url` is a KOD II link whose signature verifies with `signer`. Given the certificate rather than a bare key,
 * the link must also name that certificate's serial, as KSeF's own check would require. A signer KSeF would not
 * accept (key kind or size, serial) throws OfflineCertificateError rather than answering false.
 */
export function verifyCertificateUrl(url: string, signer: KeyObject | X509Certificate): boolean {
  const [, path, serial, signature] = KOD_II_URL.exec(url) ?? [];
  // A Base64URL text of length 4n+1 cannot be decoded: it is not a signature anyone produced.
  if (path === undefined || signature === undefined || signature.length % 4 === 1) return false;
  if (signer instanceof X509Certificate && serial !== ksefCertificateSerial(signer)) return false;
  const publicKey = signer instanceof X509Certificate ? signer.publicKey : signer;
  return verifyKodII(path, fromBase64Url(signature), publicKey);
}

/** KOD II's caption. */
export const KOD_II_LABEL = 'CERTYFIKAT';

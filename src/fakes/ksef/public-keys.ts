import {
  constants,
  createHash,
  generateKeyPair,
  type KeyObject,
  privateDecrypt,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import { promisify } from 'node:util';
import { apiTimestamp } from './dates.js';
import {
  bitString,
  NULL,
  objectIdentifier,
  printableString,
  sequence,
  set,
  tlv,
  unsignedInteger,
  utcTime,
  utf8String,
} from './der.js';

/** What each MF key may be used for (PublicKeyCertificateUsage). */
export type KeyUsage = 'KsefTokenEncryption' | 'SymmetricKeyEncryption';

interface MfKey {
  usage: KeyUsage;
  privateKey: KeyObject;
  /** Base64 DER, as `GET /security/public-key-certificates` returns it. */
  certificate: string;
  certificateId: string;
  publicKeyId: string;
}

/**
 * A validity wide enough for any calendar a test simulates; the real certificates span four years
 * (the OpenAPI example: 2024-07-11 to 2028-07-11).
 */
const VALID_FROM = new Date('2024-01-01T00:00:00Z');
const VALID_TO = new Date('2049-12-31T23:59:59Z');

const SHA256_WITH_RSA = sequence(objectIdentifier('1.2.840.113549.1.1.11'), NULL);

function name(commonName: string): Buffer {
  const attribute = (oid: string, value: Buffer) => set(sequence(objectIdentifier(oid), value));
  return sequence(
    attribute('2.5.4.6', printableString('PL')),
    attribute('2.5.4.10', utf8String('Ministerstwo Finansów (KSeF fake)')),
    attribute('2.5.4.3', utf8String(commonName)),
  );
}

function selfSignedCertificate(publicKey: KeyObject, privateKey: KeyObject, commonName: string): Buffer {
  const subject = name(commonName);
  const tbs = sequence(
    tlv(0xa0, unsignedInteger(Buffer.from([2]))), // [0] EXPLICIT version: v3
    unsignedInteger(randomBytes(16)),
    SHA256_WITH_RSA,
    subject,
    sequence(utcTime(VALID_FROM), utcTime(VALID_TO)),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  return sequence(tbs, SHA256_WITH_RSA, bitString(sign('sha256', tbs, privateKey)));
}

function sha256Base64(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

async function makeKey(usage: KeyUsage): Promise<MfKey> {
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const der = selfSignedCertificate(publicKey, privateKey, `KSeF fake ${usage}`);
  // Parsing it back proves the DER is a certificate any X.509 reader accepts.
  new X509Certificate(der);
  return {
    usage,
    privateKey,
    certificate: der.toString('base64'),
    certificateId: sha256Base64(der),
    publicKeyId: sha256Base64(publicKey.export({ type: 'spki', format: 'der' })),
  };
}

let cached: Promise<MfKeys> | undefined;

/**
 * The two RSA-2048 keys of "the Ministry", one per usage as in production, so a client that wraps with the wrong one
 * fails. Generated once per process: RSA key generation takes a noticeable fraction of a second.
 */
export function mfKeys(): Promise<MfKeys> {
  cached ??= Promise.all([makeKey('KsefTokenEncryption'), makeKey('SymmetricKeyEncryption')]).then(
    (keys) => new MfKeys(keys),
  );
  return cached;
}

export class MfKeys {
  constructor(private readonly keys: MfKey[]) {}

  /** The body of `GET /security/public-key-certificates`. */
  certificates(): unknown[] {
    return this.keys.map((key) => ({
      certificate: key.certificate,
      certificateId: key.certificateId,
      publicKeyId: key.publicKeyId,
      validFrom: apiTimestamp(VALID_FROM),
      validTo: apiTimestamp(VALID_TO),
      usage: [key.usage],
    }));
  }

  /** false when the client named a key this fake does not have for that usage: the API's 21470. */
  knows(usage: KeyUsage, publicKeyId: string): boolean {
    return this.keys.some((key) => key.usage === usage && key.publicKeyId === publicKeyId);
  }

  /** RSAES-OAEP with SHA-256 and MGF1-SHA-256; undefined when the bytes were not encrypted to this key. */
  decrypt(usage: KeyUsage, ciphertext: Buffer): Buffer | undefined {
    const key = this.keys.find((candidate) => candidate.usage === usage);
    if (!key) return undefined;
    try {
      return privateDecrypt(
        { key: key.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        ciphertext,
      );
    } catch {
      return undefined;
    }
  }
}

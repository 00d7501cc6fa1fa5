/**
 * The symmetric material of one KSeF session (research §4): a fresh AES-256 key and a fresh 16-byte IV per session,
 * never reused across sessions; the key goes to KSeF wrapped with RSAES-OAEP (SHA-256, MGF1-SHA-256) under the MF
 * key whose usage is `SymmetricKeyEncryption`. The same RSA-OAEP encrypts the KSeF token at authentication.
 */
import { constants, createCipheriv, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';

export interface SessionKey {
  key: Uint8Array;
  iv: Uint8Array;
}

/** `EncryptionInfo` of open-api.json, as sent when a session opens. */
export interface EncryptionInfo {
  encryptedSymmetricKey: string;
  initializationVector: string;
  publicKeyId?: string;
}

export function createSessionKey(): SessionKey {
  return { key: new Uint8Array(randomBytes(32)), iv: new Uint8Array(randomBytes(16)) };
}

/** RSAES-OAEP with SHA-256 and MGF1-SHA-256 (C# `RSAEncryptionPadding.OaepSHA256`), Base64. */
export function rsaOaepSha256(data: Uint8Array, publicKey: KeyObject): string {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    data,
  ).toString('base64');
}

/** The session key wrapped for KSeF, with the IV and the MF key's id. */
export function encryptionInfoOf(session: SessionKey, mfKey: { key: KeyObject; publicKeyId: string }): EncryptionInfo {
  const info: EncryptionInfo = {
    encryptedSymmetricKey: rsaOaepSha256(session.key, mfKey.key),
    initializationVector: Buffer.from(session.iv).toString('base64'),
  };
  if (mfKey.publicKeyId !== '') info.publicKeyId = mfKey.publicKeyId;
  return info;
}

/** AES-256-CBC with PKCS#7 padding and no IV prefix, as the official clients encrypt batch parts and invoices. */
export function aesCbcEncrypt(data: Uint8Array, session: SessionKey): Buffer {
  const cipher = createCipheriv('aes-256-cbc', session.key, session.iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

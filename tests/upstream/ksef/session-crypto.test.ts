/** The session's symmetric material (research §4): fresh per session, wrapped with RSA-OAEP SHA-256 for KSeF. */
import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  aesCbcEncrypt,
  createSessionKey,
  encryptionInfoOf,
  rsaOaepSha256,
} from '../../../src/main/hub/upstream/ksef/session-crypto.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const unwrap = (b64: string) =>
  privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(b64, 'base64'),
  );

describe('session crypto', () => {
  it('makes a fresh 32-byte key and 16-byte IV for every session', () => {
    const a = createSessionKey();
    const b = createSessionKey();
    expect(a.key.byteLength).toBe(32);
    expect(a.iv.byteLength).toBe(16);
    expect(Buffer.from(a.key)).not.toEqual(Buffer.from(b.key));
    expect(Buffer.from(a.iv)).not.toEqual(Buffer.from(b.iv));
  });

  it('wraps the key so the private key unwraps it (OAEP with SHA-256), and sends the IV and key id', () => {
    const session = createSessionKey();
    const info = encryptionInfoOf(session, { key: publicKey, publicKeyId: 'k'.repeat(44) });
    expect(unwrap(info.encryptedSymmetricKey)).toEqual(Buffer.from(session.key));
    expect(Buffer.from(info.initializationVector, 'base64')).toEqual(Buffer.from(session.iv));
    expect(info.publicKeyId).toBe('k'.repeat(44));
    expect(encryptionInfoOf(session, { key: publicKey, publicKeyId: '' })).not.toHaveProperty('publicKeyId');
    // SHA-1 OAEP (Node's default) would not unwrap it.
    expect(() =>
      privateDecrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING },
        Buffer.from(info.encryptedSymmetricKey, 'base64'),
      ),
    ).toThrow();
  });

  it('encrypts the token string "<token>|<timestampMs>" so the private key reads it back', () => {
    expect(unwrap(rsaOaepSha256(Buffer.from('tok|1700000000000'), publicKey)).toString()).toBe('tok|1700000000000');
  });

  it('encrypts with AES-256-CBC/PKCS#7 and no IV prefix', () => {
    const session = createSessionKey();
    const data = Buffer.from('<Faktura/>');
    const encrypted = aesCbcEncrypt(data, session);
    expect(encrypted.byteLength).toBe(16);
    const decipher = createDecipheriv('aes-256-cbc', session.key, session.iv);
    expect(Buffer.concat([decipher.update(encrypted), decipher.final()])).toEqual(data);
  });
});

import { createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { certificateVerificationUrl, verifyCertificateUrl } from '../../src/main/hub/invoicing/qr/kod-ii.js';
import {
  importOfflineCertificate,
  type OfflineCertificateInput,
} from '../../src/main/hub/invoicing/qr/offline-certificate.js';
import {
  OfflineCertificateError,
  type OfflineCertificateErrorCode,
} from '../../src/main/hub/invoicing/qr/offline-certificate-errors.js';

/*
 * tests/fixtures/ksef-certs: keys from `openssl genpkey` (EC prime256v1, secp384r1, RSA 2048 and 1024; a second
 * P-256 key for mismatches; the P-256 key again as encrypted PKCS#8, passphrase below). Certificates are self-signed
 * with `openssl ca -selfsign` so that their validity is fixed (2025-01-01 to 2124-12-31; the expired one
 * 2020-01-01 to 2021-01-01) whatever the clock of the machine that made them. Offline ones carry
 * keyUsage=critical,nonRepudiation; the "authentication" one digitalSignature; the "no-key-usage" one none.
 */
const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/ksef-certs/${name}`, import.meta.url), 'utf8');

const PASSPHRASE = 'offline-test-passphrase';

const EC = { certificate: fixture('ec-p256.cert.pem'), privateKeyPem: fixture('ec-p256.key.pem') };
const RSA = { certificate: fixture('rsa-2048.cert.pem'), privateKeyPem: fixture('rsa-2048.key.pem') };

function refusal(input: OfflineCertificateInput): { code: OfflineCertificateErrorCode; message: string } {
  try {
    importOfflineCertificate(input);
  } catch (error) {
    if (error instanceof OfflineCertificateError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the certificate was accepted');
}

describe('importing the KSeF offline certificate', () => {
  it('accepts an EC P-256 certificate with its key', () => {
    const imported = importOfflineCertificate(EC);
    expect(imported).toMatchObject({
      serial: '01F20A5D352AE590',
      subject: 'C=PL\nO=Sklep Testowy\nCN=Backroom test offline certificate',
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2124-12-31T23:59:59Z'),
      keyType: 'ec',
      fingerprint256: 'A3:EB:EA:13:0F:3F:88:91:A9:12:E8:E3:E5:CA:B7:B6:38:76:CE:75:A3:66:1E:DB:D8:D5:0E:8C:8B:89:7E:0C',
    });
    expect(imported.publicKeyPem).toBe(createPublicKey(EC.privateKeyPem).export({ type: 'spki', format: 'pem' }));
    expect(imported.certificatePem.trim()).toBe(EC.certificate.trim());
    expect(imported.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('accepts an RSA-2048 certificate, padding its short serial to 16 hex digits', () => {
    const imported = importOfflineCertificate(RSA);
    expect(new X509Certificate(RSA.certificate).serialNumber).toBe('ABCDEF');
    expect(imported).toMatchObject({
      serial: '0000000000ABCDEF',
      keyType: 'rsa',
      fingerprint256: '01:8A:89:B0:77:69:EA:3A:C2:DE:9F:36:1F:8D:97:4F:1B:B0:7B:E0:96:4D:14:A9:EA:12:36:3B:4C:B5:4F:CE',
    });
  });

  it.each([
    ['EC', EC],
    ['RSA', RSA],
  ])('what it returns signs %s KOD II links that verify with the certificate', (_, pair) => {
    const imported = importOfflineCertificate(pair);
    const url = certificateVerificationUrl(
      {
        environment: 'PRD',
        contextType: 'Nip',
        contextValue: '1111111111',
        sellerNip: '1111111111',
        certificateSerial: imported.serial,
        invoiceHash: 'UtQp9Gpc51y+u3xApZjIjgkpZ01js+J8KflSPW8WzIE=',
      },
      imported.privateKeyPem,
    );
    expect(verifyCertificateUrl(url, new X509Certificate(imported.certificatePem))).toBe(true);
    expect(verifyCertificateUrl(url, createPublicKey(imported.publicKeyPem))).toBe(true);
  });

  it('takes the certificate as DER bytes', () => {
    const der = new X509Certificate(EC.certificate).raw;
    expect(importOfflineCertificate({ ...EC, certificate: der }).certificatePem.trim()).toBe(EC.certificate.trim());
  });

  it('takes an encrypted key with its passphrase and returns it unencrypted', () => {
    const imported = importOfflineCertificate({
      ...EC,
      privateKeyPem: fixture('ec-p256.encrypted.key.pem'),
      passphrase: PASSPHRASE,
    });
    expect(imported.privateKeyPem).toBe(importOfflineCertificate(EC).privateKeyPem);
  });

  it.each<[string, OfflineCertificateInput, OfflineCertificateErrorCode]>([
    ['garbage for a certificate', { ...EC, certificate: 'not a certificate' }, 'NOT_A_CERTIFICATE'],
    ['a key for a certificate', { ...EC, certificate: EC.privateKeyPem }, 'NOT_A_CERTIFICATE'],
    [
      'an Authentication certificate (digitalSignature only)',
      { ...EC, certificate: fixture('ec-p256-authentication.cert.pem') },
      'NOT_OFFLINE_CERTIFICATE',
    ],
    [
      'a certificate without keyUsage',
      { ...EC, certificate: fixture('ec-p256-no-key-usage.cert.pem') },
      'NOT_OFFLINE_CERTIFICATE',
    ],
    [
      'an RSA-1024 certificate',
      { certificate: fixture('rsa-1024.cert.pem'), privateKeyPem: fixture('rsa-1024.key.pem') },
      'UNSUPPORTED_KEY',
    ],
    [
      'an EC P-384 certificate',
      { certificate: fixture('ec-p384.cert.pem'), privateKeyPem: fixture('ec-p384.key.pem') },
      'UNSUPPORTED_KEY',
    ],
    [
      'a serial longer than 16 hex digits',
      { ...EC, certificate: fixture('ec-p256-long-serial.cert.pem') },
      'INVALID_CERTIFICATE_SERIAL',
    ],
    ['an expired certificate', { ...EC, certificate: fixture('ec-p256-expired.cert.pem') }, 'CERTIFICATE_EXPIRED'],
    ['a certificate past its end', { ...EC, now: new Date('2125-01-01T00:00:00Z') }, 'CERTIFICATE_EXPIRED'],
    ['a certificate before its start', { ...EC, now: new Date('2024-12-31T23:59:59Z') }, 'CERTIFICATE_NOT_YET_VALID'],
    ['garbage for a key', { ...EC, privateKeyPem: 'not a key' }, 'NOT_A_PRIVATE_KEY'],
    ['a certificate for a key', { ...EC, privateKeyPem: EC.certificate }, 'NOT_A_PRIVATE_KEY'],
    [
      'an encrypted key without its passphrase',
      { ...EC, privateKeyPem: fixture('ec-p256.encrypted.key.pem') },
      'PASSPHRASE_REQUIRED',
    ],
    [
      'an encrypted key with a wrong passphrase',
      { ...EC, privateKeyPem: fixture('ec-p256.encrypted.key.pem'), passphrase: 'wrong' },
      'WRONG_PASSPHRASE',
    ],
    ['another EC key', { ...EC, privateKeyPem: fixture('ec-p256-other.key.pem') }, 'KEY_MISMATCH'],
    ['an RSA key for an EC certificate', { ...EC, privateKeyPem: RSA.privateKeyPem }, 'KEY_MISMATCH'],
    ['an EC key for an RSA certificate', { ...RSA, privateKeyPem: EC.privateKeyPem }, 'KEY_MISMATCH'],
  ])('refuses %s', (_, input, code) => {
    const error = refusal(input);
    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(/BEGIN|PRIVATE KEY/);
  });

  it('the expired certificate fails on its dates alone', () => {
    const expired = { ...EC, certificate: fixture('ec-p256-expired.cert.pem') };
    expect(importOfflineCertificate({ ...expired, now: new Date('2020-06-01T00:00:00Z') }).serial).toBe(
      '01F20A5D352AE594',
    );
  });
});

import { constants, createHash, createPrivateKey, generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  invoiceVerificationUrl,
  KOD_I_OFFLINE_LABEL,
  kodILabel,
  type InvoiceVerificationInput,
} from '../../src/main/hub/invoicing/qr/kod-i.js';
import {
  certificatePathToSign,
  certificateVerificationUrl,
  KOD_II_LABEL,
  verifyCertificateUrl,
  type CertificateVerificationInput,
} from '../../src/main/hub/invoicing/qr/kod-ii.js';
import { OfflineCertificateError } from '../../src/main/hub/invoicing/qr/offline-certificate-errors.js';
import { qrPngDataUrl, qrSvg } from '../../src/main/hub/invoicing/qr/qr-image.js';
import type { KsefEnvironment } from '../../src/main/hub/invoicing/qr/qr-host.js';

// Vectors are literal values from research/ksef.md §8 and §13 (V1–V5), never recomputed by the code under test.

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/ksef-certs/${name}`, import.meta.url), 'utf8');

/** V1 / V3: the kody-qr.md example hash, in KSeF's standard Base64. */
const DOC_HASH_BASE64 = 'UtQp9Gpc51y+u3xApZjIjgkpZ01js+J8KflSPW8WzIE=';
const DOC_HASH_BASE64URL = 'UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE';
const DOC_HASH_HEX = '52d429f46a5ce75cbebb7c40a598c88e0929674d63b3e27c29f9523d6f16cc81';
const V1_URL =
  'https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE';
const V3_PATH =
  'qr-test.ksef.mf.gov.pl/certificate/Nip/1111111111/1111111111/01F20A5D352AE590/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE';

const V1_FIELDS = { sellerNip: '1111111111', issueDate: '2026-02-01', invoiceHash: DOC_HASH_BASE64 };
const V1_INPUT: InvoiceVerificationInput = { environment: 'TE', ...V1_FIELDS };

const V3_INPUT: CertificateVerificationInput = {
  environment: 'TE',
  contextType: 'Nip',
  contextValue: '1111111111',
  sellerNip: '1111111111',
  certificateSerial: '01F20A5D352AE590',
  invoiceHash: DOC_HASH_BASE64,
};

describe('KOD I: invoice verification link', () => {
  it('V1: builds the kody-qr.md example from the Base64 hash, the Base64URL hash or its 32 bytes', () => {
    expect(invoiceVerificationUrl(V1_INPUT)).toBe(V1_URL);
    expect(invoiceVerificationUrl({ ...V1_INPUT, invoiceHash: DOC_HASH_BASE64URL })).toBe(V1_URL);
    expect(invoiceVerificationUrl({ ...V1_INPUT, invoiceHash: Buffer.from(DOC_HASH_HEX, 'hex') })).toBe(V1_URL);
  });

  it.each([
    {
      xml: '<root>test</root>',
      hash: 'qrs2gCLXnTUy6++AHwHuDxFuCj0BYUGRGtBuGnJwN+c=',
      url: 'https://qr-test.ksef.mf.gov.pl/invoice/1234567890/05-01-2026/qrs2gCLXnTUy6--AHwHuDxFuCj0BYUGRGtBuGnJwN-c',
    },
    {
      xml: '<data>special & chars /?</data>',
      hash: '2bEg3cUOcJxR38JekXJxuJphnkn+NUdSP+uyOc0hB6I=',
      url: 'https://qr-test.ksef.mf.gov.pl/invoice/1234567890/05-01-2026/2bEg3cUOcJxR38JekXJxuJphnkn-NUdSP-uyOc0hB6I',
    },
  ])('V2: $xml', ({ xml, hash, url }) => {
    const digest = createHash('sha256').update(Buffer.from(xml, 'utf8')).digest();
    expect(digest.toString('base64')).toBe(hash);
    const base = { environment: 'TE', sellerNip: '1234567890', issueDate: '2026-01-05' } as const;
    expect(invoiceVerificationUrl({ ...base, invoiceHash: hash })).toBe(url);
    expect(invoiceVerificationUrl({ ...base, invoiceHash: digest })).toBe(url);
  });

  it('uses each environment’s QR host, or the host given', () => {
    const path = '/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE';
    expect(invoiceVerificationUrl({ ...V1_FIELDS, environment: 'DEMO' })).toBe(`https://qr-demo.ksef.mf.gov.pl${path}`);
    expect(invoiceVerificationUrl({ ...V1_FIELDS, environment: 'PRD' })).toBe(`https://qr.ksef.mf.gov.pl${path}`);
    expect(invoiceVerificationUrl({ ...V1_FIELDS, qrHost: 'localhost:8443' })).toBe(`https://localhost:8443${path}`);
  });

  it.each<[string, InvoiceVerificationInput]>([
    ['a NIP with a dash', { ...V1_INPUT, sellerNip: '111-111-1111' }],
    ['a 9-digit NIP', { ...V1_INPUT, sellerNip: '111111111' }],
    ['a date written DD-MM-YYYY', { ...V1_INPUT, issueDate: '01-02-2026' }],
    ['a date that does not exist', { ...V1_INPUT, issueDate: '2026-02-30' }],
    ['a 31-byte hash', { ...V1_INPUT, invoiceHash: Buffer.alloc(31) }],
    ['a hex hash', { ...V1_INPUT, invoiceHash: DOC_HASH_HEX }],
    ['an unknown environment', { ...V1_FIELDS, environment: 'PROD' as KsefEnvironment }],
    ['a host with a scheme', { ...V1_FIELDS, qrHost: 'https://qr-test.ksef.mf.gov.pl' }],
    ['a host with a path', { ...V1_FIELDS, qrHost: 'qr-test.ksef.mf.gov.pl/invoice' }],
  ])('refuses %s', (_, input) => {
    expect(() => invoiceVerificationUrl(input)).toThrow(RangeError);
  });
});

describe('KOD II: certificate verification link', () => {
  const ecCertificate = new X509Certificate(fixture('ec-p256.cert.pem'));
  const rsaCertificate = new X509Certificate(fixture('rsa-2048.cert.pem'));

  it('V3: the path to sign is exactly the kody-qr.md example', () => {
    expect(certificatePathToSign(V3_INPUT)).toBe(V3_PATH);
    expect(certificatePathToSign({ ...V3_INPUT, invoiceHash: Buffer.from(DOC_HASH_HEX, 'hex') })).toBe(V3_PATH);
  });

  it('takes the other context types with their identifiers', () => {
    const input = { ...V3_INPUT, contextType: 'InternalId', contextValue: '1111111111-12345' } as const;
    expect(certificatePathToSign(input)).toBe(V3_PATH.replace('/Nip/1111111111/', '/InternalId/1111111111-12345/'));
    expect(
      certificatePathToSign({ ...V3_INPUT, contextType: 'NipVatUe', contextValue: '1111111111-DE123456789' }),
    ).toContain('/certificate/NipVatUe/1111111111-DE123456789/1111111111/');
  });

  it.each([
    ['a lower-case serial', { certificateSerial: '01f20a5d352ae590' }],
    ['a 15-digit serial', { certificateSerial: '1F20A5D352AE590' }],
    ['an unknown context type', { contextType: 'Pesel' }],
    ['a Nip context that is not a NIP', { contextValue: 'PL1111111111' }],
    ['a context value that would need percent-encoding', { contextType: 'InternalId', contextValue: '1111/12345' }],
    ['a seller NIP that is not a NIP', { sellerNip: '11111111111' }],
  ])('refuses %s', (_, change) => {
    expect(() => certificatePathToSign({ ...V3_INPUT, ...change } as CertificateVerificationInput)).toThrow(RangeError);
  });

  it('V4 with EC P-256: V3 plus a 64-byte P1363 signature that verifies with the certificate', () => {
    const url = certificateVerificationUrl(V3_INPUT, fixture('ec-p256.key.pem'));
    expect(url.startsWith(`https://${V3_PATH}/`)).toBe(true);
    const segment = url.slice(`https://${V3_PATH}/`.length);
    expect(segment).toMatch(/^[A-Za-z0-9_-]+$/);
    const signature = Buffer.from(segment, 'base64url');
    expect(signature).toHaveLength(64);

    const data = Buffer.from(V3_PATH, 'utf8');
    const p1363 = { dsaEncoding: 'ieee-p1363' } as const;
    expect(verify('sha256', data, { key: ecCertificate.publicKey, ...p1363 }, signature)).toBe(true);
    const other = createPrivateKey(fixture('ec-p256-other.key.pem'));
    expect(verify('sha256', data, { key: other, ...p1363 }, signature)).toBe(false);

    expect(verifyCertificateUrl(url, ecCertificate)).toBe(true);
    expect(verifyCertificateUrl(url, ecCertificate.publicKey)).toBe(true);
    expect(verifyCertificateUrl(url, other)).toBe(false);
  });

  it('V4 with RSA-2048: a 256-byte PSS signature (SHA-256, MGF1-SHA-256, salt 32) that verifies', () => {
    const url = certificateVerificationUrl(V3_INPUT, createPrivateKey(fixture('rsa-2048.key.pem')));
    expect(url.startsWith(`https://${V3_PATH}/`)).toBe(true);
    const segment = url.slice(`https://${V3_PATH}/`.length);
    expect(segment).toMatch(/^[A-Za-z0-9_-]+$/);
    const signature = Buffer.from(segment, 'base64url');
    expect(signature).toHaveLength(256);

    const data = Buffer.from(V3_PATH, 'utf8');
    const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    expect(verify('sha256', data, { key: rsaCertificate.publicKey, ...pss }, signature)).toBe(true);
    // A salt length other than 32 does not verify: the salt length is pinned, not just "some PSS".
    expect(verify('sha256', data, { key: rsaCertificate.publicKey, ...pss, saltLength: 20 }, signature)).toBe(false);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(verify('sha256', data, { key: other, ...pss }, signature)).toBe(false);

    // V3 names serial 01F20A5D352AE590, not this certificate's: check the signature against its key alone.
    expect(verifyCertificateUrl(url, rsaCertificate.publicKey)).toBe(true);
    expect(verifyCertificateUrl(url, other)).toBe(false);
  });

  it('the signature is randomized: two links for one invoice differ and both verify', () => {
    const key = fixture('ec-p256.key.pem');
    const [first, second] = [certificateVerificationUrl(V3_INPUT, key), certificateVerificationUrl(V3_INPUT, key)];
    expect(first).not.toBe(second);
    expect(verifyCertificateUrl(first, ecCertificate) && verifyCertificateUrl(second, ecCertificate)).toBe(true);
  });

  it('a changed link, or one naming another certificate, does not verify', () => {
    const url = certificateVerificationUrl(V3_INPUT, fixture('ec-p256.key.pem'));
    expect(verifyCertificateUrl(url.replace('/1111111111/1111111111/', '/1111111111/1234563218/'), ecCertificate)).toBe(
      false,
    );
    const otherSerial = certificateVerificationUrl(
      { ...V3_INPUT, certificateSerial: '01F20A5D352AE599' },
      fixture('ec-p256.key.pem'),
    );
    expect(verifyCertificateUrl(otherSerial, ecCertificate.publicKey)).toBe(true);
    expect(verifyCertificateUrl(otherSerial, ecCertificate)).toBe(false);
  });

  it.each([
    ['KOD I', V1_URL],
    ['no signature', `https://${V3_PATH}`],
    ['an empty signature', `https://${V3_PATH}/`],
    ['a padded signature', `https://${V3_PATH}/AAAA=`],
    ['a signature of impossible length', `https://${V3_PATH}/AAAAA`],
    ['http', `http://${V3_PATH}/AAAA`],
  ])('answers false for %s', (_, url) => {
    expect(verifyCertificateUrl(url, ecCertificate)).toBe(false);
  });

  it('refuses to sign with a public key or with a key KSeF would not accept', () => {
    const codeOf = (sign: () => unknown): string | undefined => {
      try {
        sign();
      } catch (error) {
        if (error instanceof OfflineCertificateError) return error.code;
        throw error;
      }
      return undefined;
    };
    expect(codeOf(() => certificateVerificationUrl(V3_INPUT, ecCertificate.publicKey))).toBe('UNSUPPORTED_KEY');
    expect(codeOf(() => certificateVerificationUrl(V3_INPUT, fixture('rsa-1024.key.pem')))).toBe('UNSUPPORTED_KEY');
    expect(codeOf(() => certificateVerificationUrl(V3_INPUT, fixture('ec-p384.key.pem')))).toBe('UNSUPPORTED_KEY');
  });
});

describe('V5: captions', () => {
  it('KOD I shows the KSeF number once there is one, OFFLINE before', () => {
    expect(kodILabel('5265877635-20250826-0100001AF629-AF')).toBe('5265877635-20250826-0100001AF629-AF');
    expect(kodILabel(null)).toBe('OFFLINE');
    expect(KOD_I_OFFLINE_LABEL).toBe('OFFLINE');
  });

  it('KOD II says CERTYFIKAT', () => {
    expect(KOD_II_LABEL).toBe('CERTYFIKAT');
  });
});

describe('QR images', () => {
  const kodII = certificateVerificationUrl(V3_INPUT, fixture('rsa-2048.key.pem'));

  it('SVG at correction level M with a quiet zone of 4 modules, the same for the same link', async () => {
    for (const url of [V1_URL, kodII]) {
      const svg = await qrSvg(url);
      const size = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules.size + 2 * 4;
      expect(svg).toMatch(/^<svg /);
      expect(svg).toContain(`viewBox="0 0 ${size} ${size}"`);
      expect(await qrSvg(url)).toBe(svg);
    }
  });

  it('PNG data URL, the same for the same link', async () => {
    const png = await qrPngDataUrl(V1_URL);
    expect(png.startsWith('data:image/png;base64,iVBOR')).toBe(true);
    expect(await qrPngDataUrl(V1_URL)).toBe(png);
    expect(await qrPngDataUrl(kodII)).not.toBe(png);
  });
});

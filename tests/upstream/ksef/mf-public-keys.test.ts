/** Choosing and caching the MF public keys (research §3). */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/hub/upstream/clock/manual-clock.js';
import { KsefHttp } from '../../../src/main/hub/upstream/ksef/ksef-http.js';
import {
  MfPublicKeys,
  selectPublicKey,
  type PublicKeyCertificate,
} from '../../../src/main/hub/upstream/ksef/mf-public-keys.js';

const pem = readFileSync(new URL('../../fixtures/ksef-certs/rsa-2048.cert.pem', import.meta.url), 'utf8');
const der = new X509Certificate(pem).raw.toString('base64');

function cert(id: string, usage: string[], validFrom: string, validTo: string): PublicKeyCertificate {
  return { certificate: der, certificateId: id, publicKeyId: id.padEnd(44, '='), validFrom, validTo, usage };
}

const now = new Date('2026-11-22T08:00:00Z');

describe('selectPublicKey', () => {
  const list = [
    cert('old-token', ['KsefTokenEncryption'], '2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z'),
    cert('new-token', ['KsefTokenEncryption'], '2026-06-01T00:00:00Z', '2028-01-01T00:00:00Z'),
    cert('future-token', ['KsefTokenEncryption'], '2026-12-01T00:00:00Z', '2029-01-01T00:00:00Z'),
    cert('expired-sym', ['SymmetricKeyEncryption'], '2024-01-01T00:00:00Z', '2026-11-01T00:00:00Z'),
    cert('both', ['SymmetricKeyEncryption', 'KsefTokenEncryption'], '2025-05-01T00:00:00Z', '2027-05-01T00:00:00Z'),
  ];

  it('takes the certificate with the usage, valid now, with the latest validFrom', () => {
    expect(selectPublicKey(list, 'KsefTokenEncryption', now)?.certificateId).toBe('new-token');
    expect(selectPublicKey(list, 'SymmetricKeyEncryption', now)?.certificateId).toBe('both');
  });

  it('skips certificates not yet valid or expired, and finds none when none is valid', () => {
    expect(selectPublicKey(list, 'KsefTokenEncryption', new Date('2026-12-02T00:00:00Z'))?.certificateId).toBe(
      'future-token',
    );
    expect(selectPublicKey(list.slice(3, 4), 'SymmetricKeyEncryption', now)).toBeUndefined();
    expect(selectPublicKey([], 'KsefTokenEncryption', now)).toBeUndefined();
  });
});

describe('MfPublicKeys', () => {
  function setup(list: () => PublicKeyCertificate[]) {
    let calls = 0;
    const fakeFetch: typeof fetch = async () => {
      calls += 1;
      return new Response(JSON.stringify(list()), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const clock = new ManualClock(now);
    const keys = new MfPublicKeys(new KsefHttp({ apiBase: 'https://ksef.invalid/v2', fetch: fakeFetch }), clock);
    return { keys, clock, calls: () => calls };
  }
  const signal = new AbortController().signal;

  it('reads the list once for 24 hours, then again; and again after invalidate (21470)', async () => {
    const { keys, clock, calls } = setup(() => [
      cert('sym', ['SymmetricKeyEncryption'], '2025-01-01T00:00:00Z', '2030-01-01T00:00:00Z'),
    ]);
    const key = await keys.get('SymmetricKeyEncryption', signal);
    expect(key.publicKeyId).toBe('sym'.padEnd(44, '='));
    expect(key.key.asymmetricKeyType).toBe('rsa');
    await keys.get('SymmetricKeyEncryption', signal);
    await clock.advance(23 * 3600_000);
    await keys.get('SymmetricKeyEncryption', signal);
    expect(calls()).toBe(1);
    await clock.advance(3600_000);
    await keys.get('SymmetricKeyEncryption', signal);
    expect(calls()).toBe(2);
    keys.invalidate();
    await keys.get('SymmetricKeyEncryption', signal);
    expect(calls()).toBe(3);
  });

  it('reads the list again a day before the chosen certificate expires, once', async () => {
    const { keys, clock, calls } = setup(() => [
      cert('sym', ['SymmetricKeyEncryption'], '2025-01-01T00:00:00Z', '2026-11-23T20:00:00Z'),
    ]);
    await keys.get('SymmetricKeyEncryption', signal);
    expect(calls()).toBe(1);
    await clock.advance(13 * 3600_000); // 21:00 on the 22nd: within a day of validTo
    await keys.get('SymmetricKeyEncryption', signal);
    expect(calls()).toBe(2);
    await keys.get('SymmetricKeyEncryption', signal);
    expect(calls()).toBe(2);
  });

  it('fails as a server fault when no certificate for the usage is valid', async () => {
    const { keys } = setup(() => [cert('t', ['KsefTokenEncryption'], '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z')]);
    await expect(keys.get('KsefTokenEncryption', signal)).rejects.toMatchObject({ kind: 'server' });
  });
});

import { createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { writeFileAtomic } from './file-secret-store.js';
import type { SecretStore } from './secret-store.js';

export interface TlsCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate, colon-separated uppercase hex: what devices pin. */
  fingerprint: string;
}

export interface LoadOrCreateTlsCertificateOptions {
  secrets: SecretStore;
  dataDir: string;
  /** The hub's mDNS host name (`<label>.local`): the subject, and with `localhost` the DNS names it is valid for. */
  hostName: string;
  /** Where the LAN listener answers (IP addresses, or a configured host name); named beside 127.0.0.1. */
  addresses: string[];
}

const KEY_SECRET = 'tls.key';
const VALIDITY_YEARS = 10;

/**
 * The LAN listener's certificate. The cert is public and sits in <dataDir>/tls/cert.pem; its key is in the secret store.
 *
 * If the two are missing one half, don't belong together or the cert no longer parses or is expired, a new pair is
 * made silently. Nothing else can recover from that (a crash between the two writes, a data dir restored without
 * its secrets, a key file deleted), and the consequence — devices refusing the new fingerprint until re-paired — is
 * reported where pairing happens, with the fingerprint the caller prints at every start.
 * A secret store that cannot decrypt is different: that throws, because the master key is wrong for every secret.
 *
 * A usable pair is kept even when the host name or addresses no longer match its names: devices pin the fingerprint,
 * not the names, so a new certificate would cut off every paired till for nothing (see docs/design-notes.md).
 */
export async function loadOrCreateTlsCertificate(options: LoadOrCreateTlsCertificateOptions): Promise<TlsCertificate> {
  const certFile = path.join(options.dataDir, 'tls', 'cert.pem');
  const [key, cert] = await Promise.all([options.secrets.get(KEY_SECRET), readIfExists(certFile)]);
  const existing = key && cert ? usablePair(key.toString('utf8'), cert) : undefined;
  if (existing) return existing;

  const created = await createSelfSigned(options.hostName, options.addresses);
  // Key first: a crash before the cert is written leaves a mismatched pair, which the next start replaces.
  await options.secrets.set(KEY_SECRET, Buffer.from(created.key, 'utf8'));
  await fs.mkdir(path.dirname(certFile), { recursive: true });
  await writeFileAtomic(certFile, created.cert, 0o644);
  return created;
}

function usablePair(key: string, cert: string): TlsCertificate | undefined {
  try {
    const x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(createPrivateKey(key))) return undefined;
    if (Date.parse(x509.validTo) <= Date.now()) return undefined;
    return { key, cert, fingerprint: x509.fingerprint256 };
  } catch {
    return undefined;
  }
}

async function createSelfSigned(hostName: string, addresses: string[]): Promise<TlsCertificate> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate);
  notAfterDate.setFullYear(notAfterDate.getFullYear() + VALIDITY_YEARS);
  const names = [...new Set([hostName, 'localhost', '127.0.0.1', ...addresses])];
  const dnsNames = names.filter((name) => isIP(name) === 0);
  const ips = names.filter((name) => isIP(name) !== 0);
  // Needed once per store (and selfsigned brings a whole X.509 library): loaded here rather than with every start.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: hostName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...dnsNames.map((value) => ({ type: 2 as const, value })),
          ...ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert, fingerprint: new X509Certificate(pems.cert).fingerprint256 };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

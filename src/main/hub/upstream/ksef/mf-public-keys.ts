/**
 * The Ministry of Finance's public keys (research §3): `GET /security/public-key-certificates`, a public call. The
 * key for a purpose is the certificate whose `usage` names it, valid now, with the latest `validFrom` when several
 * are. The list is kept for 24 h, or until one day before the chosen certificate's `validTo`, whichever comes first
 * (as the C# client does), and dropped at once when KSeF answers 21470 (unknown or withdrawn publicKeyId).
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import { UpstreamError } from '../workers/upstream-error.js';
import type { KsefHttp } from './ksef-http.js';

export type PublicKeyUsage = 'KsefTokenEncryption' | 'SymmetricKeyEncryption';

/** `PublicKeyCertificate` of open-api.json. */
export interface PublicKeyCertificate {
  certificate: string;
  certificateId: string;
  publicKeyId: string;
  validFrom: string;
  validTo: string;
  usage: string[];
}

export interface MfPublicKey {
  publicKeyId: string;
  key: KeyObject;
  validFrom: Date;
  validTo: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CACHE_MS = DAY_MS;

/** The certificate for `usage` valid at `now` with the latest validFrom, or undefined when none is. */
export function selectPublicKey(
  certificates: readonly PublicKeyCertificate[],
  usage: PublicKeyUsage,
  now: Date,
): PublicKeyCertificate | undefined {
  let best: PublicKeyCertificate | undefined;
  let bestFrom = -Infinity;
  for (const certificate of certificates) {
    if (!certificate.usage.includes(usage)) continue;
    const from = Date.parse(certificate.validFrom);
    const to = Date.parse(certificate.validTo);
    if (Number.isNaN(from) || Number.isNaN(to)) continue;
    if (from > now.getTime() || to <= now.getTime()) continue;
    if (from > bestFrom) {
      best = certificate;
      bestFrom = from;
    }
  }
  return best;
}

/** The list as KSeF sent it, each entry checked; malformed entries are left out. */
export function parsePublicKeyCertificates(json: unknown): PublicKeyCertificate[] {
  if (!Array.isArray(json)) {
    throw new UpstreamError('server', 'KSeF answered the public-key list with something that is not a list');
  }
  const out: PublicKeyCertificate[] = [];
  for (const item of json) {
    if (typeof item !== 'object' || item === null) continue;
    const entry = item as Record<string, unknown>;
    const { certificate, certificateId, publicKeyId, validFrom, validTo, usage } = entry;
    if (
      typeof certificate !== 'string' ||
      typeof validFrom !== 'string' ||
      typeof validTo !== 'string' ||
      !Array.isArray(usage)
    ) {
      continue;
    }
    out.push({
      certificate,
      certificateId: typeof certificateId === 'string' ? certificateId : '',
      publicKeyId: typeof publicKeyId === 'string' ? publicKeyId : '',
      validFrom,
      validTo,
      usage: usage.filter((u): u is string => typeof u === 'string'),
    });
  }
  return out;
}

export class MfPublicKeys {
  private list: PublicKeyCertificate[] | undefined;
  private fetchedAt = 0;
  private loading: Promise<PublicKeyCertificate[]> | undefined;

  constructor(
    private readonly http: KsefHttp,
    private readonly clock: Clock,
  ) {}

  /** The key for `usage`, from the cached list when it is still fresh. */
  async get(usage: PublicKeyUsage, signal: AbortSignal): Promise<MfPublicKey> {
    const now = this.clock.now();
    let chosen =
      this.list && now.getTime() - this.fetchedAt < CACHE_MS ? selectPublicKey(this.list, usage, now) : undefined;
    // A day before the chosen key expires the list is read again (once): KSeF publishes the successor by then.
    const renewAt = chosen ? Date.parse(chosen.validTo) - DAY_MS : Infinity;
    if (now.getTime() >= renewAt && this.fetchedAt < renewAt) chosen = undefined;
    if (!chosen) {
      const list = await this.load(signal);
      chosen = selectPublicKey(list, usage, this.clock.now());
    }
    if (!chosen) {
      throw new UpstreamError('server', `KSeF lists no public key for ${usage} that is valid now`);
    }
    return toKey(chosen, usage);
  }

  /** Forgets the list, so the next `get` loads it again (after 21470). */
  invalidate(): void {
    this.list = undefined;
    this.fetchedAt = 0;
  }

  private load(signal: AbortSignal): Promise<PublicKeyCertificate[]> {
    this.loading ??= (async () => {
      try {
        const { json } = await this.http.json({
          method: 'GET',
          path: '/security/public-key-certificates',
          signal,
          what: 'reading the public-key certificates',
        });
        const list = parsePublicKeyCertificates(json);
        this.list = list;
        this.fetchedAt = this.clock.now().getTime();
        return list;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}

function toKey(certificate: PublicKeyCertificate, usage: PublicKeyUsage): MfPublicKey {
  let key: KeyObject;
  try {
    key = new X509Certificate(Buffer.from(certificate.certificate, 'base64')).publicKey;
  } catch (error) {
    throw new UpstreamError('server', `KSeF's ${usage} certificate cannot be read as X.509 DER`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new UpstreamError('server', `KSeF's ${usage} key is ${key.asymmetricKeyType ?? 'unknown'}, not RSA`);
  }
  return {
    publicKeyId: certificate.publicKeyId,
    key,
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
  };
}

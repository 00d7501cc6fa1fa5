import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type FakeAnswer, xml } from './answers.js';

/**
 * KSeF's blob storage, served under `/storage` on the API's host as the OpenAPI examples show: pre-signed links that
 * need no token (UPO downloads, batch-part uploads), each valid until the instant signed into it (`se`), then 403.
 * Errors are the storage service's XML, not the API's JSON, as a client really meets them.
 */
export const STORAGE_BASE = '/storage';

export interface Blob {
  bytes: Buffer;
  /** Base64 SHA-256 of the bytes, sent as `x-ms-meta-hash`. */
  hash: string;
}

export type LinkCheck = 'valid' | 'expired' | 'forged';

export type Permission = 'r' | 'w';

export function storageError(status: number, code: string, message: string): FakeAnswer {
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return xml(status, body);
}

export function blobOf(bytes: Buffer): Blob {
  return { bytes, hash: createHash('sha256').update(bytes).digest('base64') };
}

export class Storage {
  private readonly secret = randomBytes(32);
  private readonly blobs = new Map<string, Blob>();

  constructor(private readonly origin: string) {}

  put(path: string, blob: Blob): void {
    this.blobs.set(path, blob);
  }

  /** A fresh link to `path`, to read (`r`) or write (`w`) until `expiresAt`; the API mints one per status call. */
  link(path: string, expiresAt: Date, permission: Permission): string {
    const se = expiresAt.toISOString();
    const query = new URLSearchParams({ se, sp: permission, sig: this.signature(path, se, permission) });
    return `${this.origin}${path}?${query.toString()}`;
  }

  check(path: string, query: URLSearchParams, permission: Permission, now: Date): LinkCheck {
    const se = query.get('se') ?? '';
    const given = Buffer.from(query.get('sig') ?? '');
    const expected = Buffer.from(this.signature(path, se, permission));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    return Date.parse(se) > now.getTime() ? 'valid' : 'expired';
  }

  /** A GET or HEAD of a blob through a link already checked. */
  download(path: string): FakeAnswer {
    const blob = this.blobs.get(path);
    if (!blob) return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
    return xml(200, blob.bytes, { 'x-ms-meta-hash': blob.hash, 'x-ms-blob-type': 'BlockBlob' });
  }

  private signature(path: string, se: string, permission: Permission): string {
    return createHmac('sha256', this.secret).update(`${path}\n${se}\n${permission}`).digest('base64url');
  }
}

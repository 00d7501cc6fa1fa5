/**
 * The package of a batch session (research §5): the invoices zipped (one `<id>.xml` each), the archive's size and
 * SHA-256 taken before encryption, the archive split binary-wise into parts of at most `partSize` bytes (at most 50
 * parts, at most 5 GB in all), each part encrypted on its own with the session's key and IV, and each part's size
 * and SHA-256 taken after encryption.
 */
import { createHash } from 'node:crypto';
import type * as Fflate from 'fflate';
import { onFirstUse } from '../../first-use.js';
import { UpstreamError } from '../workers/upstream-error.js';
import { aesCbcEncrypt, type SessionKey } from './session-crypto.js';

export const MAX_PART_SIZE = 100_000_000;
export const MAX_PARTS = 50;
export const MAX_ARCHIVE_SIZE = 5_000_000_000;

export interface BatchFile {
  /** The file's name inside the archive. */
  name: string;
  bytes: Uint8Array;
}

export interface BatchPart {
  ordinalNumber: number;
  /** Size of the encrypted part. */
  fileSize: number;
  /** Base64 SHA-256 of the encrypted part. */
  fileHash: string;
  /** The encrypted part, as uploaded. */
  bytes: Uint8Array;
}

export interface BatchPackage {
  /** Size and Base64 SHA-256 of the whole archive before encryption (`batchFile.fileSize`, `fileHash`). */
  fileSize: number;
  fileHash: string;
  parts: BatchPart[];
}

const fflate = onFirstUse<typeof Fflate>('fflate');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

/** A file name in the archive for an invoice id: the id with anything but letters, digits, `.`, `_` and `-` made `_`. */
export function batchFileName(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return `${safe.slice(0, 120) || '_'}.xml`;
}

/** Zips `files` (names must be distinct), splits and encrypts the archive. */
export function buildBatchPackage(
  files: readonly BatchFile[],
  key: SessionKey,
  partSize = MAX_PART_SIZE,
): BatchPackage {
  if (!Number.isSafeInteger(partSize) || partSize < 1 || partSize > MAX_PART_SIZE) {
    throw new UpstreamError('validation', `a batch part size must be 1 to ${MAX_PART_SIZE} bytes (it is ${partSize})`);
  }
  if (files.length === 0) throw new UpstreamError('validation', 'a batch needs at least one invoice');
  const entries: Record<string, Uint8Array> = {};
  for (const file of files) {
    if (Object.hasOwn(entries, file.name)) {
      throw new UpstreamError('validation', `two invoices of the batch have the file name ${file.name}`);
    }
    entries[file.name] = file.bytes;
  }
  const archive = fflate().zipSync(entries, { level: 6 });
  return splitAndEncrypt(archive, key, partSize);
}

/** Splits `archive` into parts of at most `partSize` bytes and encrypts each. */
export function splitAndEncrypt(archive: Uint8Array, key: SessionKey, partSize = MAX_PART_SIZE): BatchPackage {
  if (archive.byteLength > MAX_ARCHIVE_SIZE) {
    throw new UpstreamError('validation', `the batch archive is ${archive.byteLength} bytes; KSeF takes at most 5 GB`);
  }
  const count = Math.ceil(archive.byteLength / partSize);
  if (count > MAX_PARTS) {
    throw new UpstreamError(
      'validation',
      `the batch archive (${archive.byteLength} bytes) needs ${count} parts of ${partSize} bytes; KSeF takes at most ${MAX_PARTS}`,
    );
  }
  const parts: BatchPart[] = [];
  for (let i = 0; i < count; i += 1) {
    const encrypted = aesCbcEncrypt(archive.subarray(i * partSize, (i + 1) * partSize), key);
    parts.push({ ordinalNumber: i + 1, fileSize: encrypted.byteLength, fileHash: sha256(encrypted), bytes: encrypted });
  }
  return { fileSize: archive.byteLength, fileHash: sha256(archive), parts };
}

/**
 * The batch package (research §5): zip → split binary-wise → encrypt each part; the declared archive size and hash
 * are of the archive before encryption, each part's size and hash of the part after encryption.
 */
import { createDecipheriv, createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  batchFileName,
  buildBatchPackage,
  MAX_PART_SIZE,
  splitAndEncrypt,
} from '../../../src/main/hub/upstream/ksef/batch-package.js';
import { createSessionKey, type SessionKey } from '../../../src/main/hub/upstream/ksef/session-crypto.js';
import { UpstreamError } from '../../../src/main/hub/upstream/workers/upstream-error.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

function decrypt(part: Uint8Array, key: SessionKey): Buffer {
  const decipher = createDecipheriv('aes-256-cbc', key.key, key.iv);
  return Buffer.concat([decipher.update(part), decipher.final()]);
}

function invoice(n: number): Uint8Array {
  // Varied content so the archive does not compress to almost nothing.
  const noise = createHash('sha512').update(String(n)).digest('hex').repeat(8);
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Faktura><P_2>FV/${n}</P_2><X>${noise}</X></Faktura>`);
}

describe('buildBatchPackage', () => {
  const key = createSessionKey();
  const files = Array.from({ length: 20 }, (_, i) => ({ name: `inv-${i}.xml`, bytes: invoice(i) }));

  it('declares the archive before encryption and each part after it; the parts decrypt and join to the archive', () => {
    const pkg = buildBatchPackage(files, key, 1000);
    expect(pkg.parts.length).toBeGreaterThan(1);
    pkg.parts.forEach((part, index) => {
      expect(part.ordinalNumber).toBe(index + 1);
      expect(part.fileSize).toBe(part.bytes.byteLength);
      expect(part.fileHash).toBe(sha256(part.bytes));
      // PKCS#7 always pads: an encrypted part of a ≤1000-byte slice is 16..1008 bytes, a multiple of 16.
      expect(part.fileSize % 16).toBe(0);
      expect(part.fileSize).toBeLessThanOrEqual(1008);
    });
    const slices = pkg.parts.map((p) => decrypt(p.bytes, key));
    slices.slice(0, -1).forEach((s) => expect(s.byteLength).toBe(1000));
    const archive = Buffer.concat(slices);
    expect(archive.byteLength).toBe(pkg.fileSize);
    expect(sha256(archive)).toBe(pkg.fileHash);
    expect(pkg.parts.map((p) => p.fileHash)).not.toContain(pkg.fileHash);

    const unzipped = unzipSync(archive);
    expect(Object.keys(unzipped).sort()).toEqual(files.map((f) => f.name).sort());
    for (const file of files) expect(Buffer.from(unzipped[file.name] ?? [])).toEqual(Buffer.from(file.bytes));
  });

  it('makes one part when the archive fits, with the default part size of 100,000,000 bytes', () => {
    const pkg = buildBatchPackage(files, key);
    expect(pkg.parts).toHaveLength(1);
    expect(decrypt(pkg.parts[0]!.bytes, key).byteLength).toBe(pkg.fileSize);
  });

  it('splits at exact multiples without an empty last part', () => {
    const archive = new Uint8Array(3000).fill(7);
    const pkg = splitAndEncrypt(archive, key, 1000);
    expect(pkg.parts).toHaveLength(3);
    expect(pkg.parts.map((p) => p.fileSize)).toEqual([1008, 1008, 1008]);
  });

  it('allows 50 parts and refuses 51, a part size over 100 MB or under 1, and an empty batch', () => {
    expect(splitAndEncrypt(new Uint8Array(50), key, 1).parts).toHaveLength(50);
    const refusals = [
      () => splitAndEncrypt(new Uint8Array(51), key, 1),
      () => buildBatchPackage(files, key, MAX_PART_SIZE + 1),
      () => buildBatchPackage(files, key, 0),
      () => buildBatchPackage([], key, 1000),
      () => buildBatchPackage([files[0]!, files[0]!], key, 1000),
    ];
    for (const refuse of refusals) {
      let thrown: unknown;
      try {
        refuse();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UpstreamError);
      expect((thrown as UpstreamError).kind).toBe('validation');
    }
  });

  it('names an invoice <id>.xml, with characters a file name should not hold made _', () => {
    expect(batchFileName('inv-2026-0001')).toBe('inv-2026-0001.xml');
    expect(batchFileName('FV/2026/11/01')).toBe('FV_2026_11_01.xml');
    expect(batchFileName('../etc/passwd')).toBe('__etc_passwd.xml');
  });
});

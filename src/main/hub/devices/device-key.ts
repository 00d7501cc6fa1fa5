import type Sodium from 'sodium-native';
import { onFirstUse } from '../first-use.js';

/**
 * Device Ed25519 keys and signatures, checked strictly (RFC 8032 as libsodium implements it). node:crypto (OpenSSL)
 * accepts small-order public keys, and under the identity point `01 00…00` the signature `01 00…00` verifies for
 * every message: a device paired with such a key could push anything. libsodium refuses small-order keys and R,
 * non-canonical S and keys, and pairing refuses every key that is not a plain prime-order point.
 */

// The native binding loads with the first pairing or signed push, not with every start.
const sodium = onFirstUse<typeof Sodium>('sodium-native');

const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
const IDENTITY_POINT = Buffer.from([1, ...new Array<number>(31).fill(0)]);
/** The field prime 2^255 − 19, little-endian, as the lowest y that is no longer canonical. */
const FIELD_PRIME = Buffer.from([0xed, ...new Array<number>(30).fill(0xff), 0x7f]);

/** A stored or offered public key: either usable, or why not (old ledgers may hold keys paired before the check). */
export type DeviceKey = { valid: true; raw: Buffer } | { valid: false; reason: string };

export function parseDeviceKey(text: string): DeviceKey {
  const raw = decodeExact(text, PUBLIC_KEY_BYTES);
  const reason = raw ? weakness(raw) : 'is not the base64url (no padding) of exactly 32 bytes';
  return reason === undefined ? { valid: true, raw: raw! } : { valid: false, reason };
}

/** Whether `signature` (base64url) is `key`'s Ed25519 signature of `message`; a weak key verifies nothing. */
export function signedBy(key: DeviceKey, message: Uint8Array, signature: string): boolean {
  if (!key.valid) return false;
  const sig = strictSignature(signature);
  if (!sig) return false;
  return sodium().crypto_sign_verify_detached(
    sig,
    Buffer.from(message.buffer, message.byteOffset, message.length),
    key.raw,
  );
}

/** A signature's 64 bytes, or undefined when the text is not their one canonical base64url spelling. */
export function strictSignature(text: string): Buffer | undefined {
  return decodeExact(text, SIGNATURE_BYTES);
}

/**
 * Bytes from base64url only in their one canonical spelling: Node's decoder skips stray characters and ignores
 * trailing bits, so two different strings could otherwise stand for one key or one signature.
 */
function decodeExact(text: string, length: number): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.length === length && bytes.toString('base64url') === text ? bytes : undefined;
}

/** Why a 32-byte encoding is no honest Ed25519 public key, or undefined when it is one. */
function weakness(raw: Buffer): string | undefined {
  if (yAtLeastFieldPrime(raw)) return 'is a non-canonical encoding (y ≥ 2^255 − 19): the point has a shorter spelling';
  let times8: Buffer;
  try {
    times8 = timesEight(raw);
  } catch {
    return 'is not a point on the Ed25519 curve';
  }
  if (times8.equals(IDENTITY_POINT)) {
    return 'is a small-order point: signatures under it can be forged without any private key';
  }
  if (!sodium().crypto_core_ed25519_is_valid_point(raw)) {
    return 'has a small-order component (it is outside the prime-order subgroup no key generator leaves)';
  }
  return undefined;
}

/** y is the encoding with its top bit (the sign of x) cleared, little-endian. */
function yAtLeastFieldPrime(raw: Buffer): boolean {
  for (let index = PUBLIC_KEY_BYTES - 1; index >= 0; index -= 1) {
    const byte = index === PUBLIC_KEY_BYTES - 1 ? raw[index]! & 0x7f : raw[index]!;
    if (byte !== FIELD_PRIME[index]) return byte > FIELD_PRIME[index]!;
  }
  return true;
}

/** 8·P by three doublings; throws when P does not decode to a curve point. The cofactor 8 kills every torsion part. */
function timesEight(point: Buffer): Buffer {
  let result = point;
  for (let doubling = 0; doubling < 3; doubling += 1) {
    const next = Buffer.alloc(PUBLIC_KEY_BYTES);
    sodium().crypto_core_ed25519_add(next, result, result);
    result = next;
  }
  return result;
}

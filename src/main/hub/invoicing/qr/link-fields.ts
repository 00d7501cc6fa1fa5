import { fromBase64Url, toBase64Url } from '../../../../shared/base64url.js';
import { assertCalendarDate } from '../calendar/calendar-date.js';

/*
 * The path segments KOD I and KOD II share, each checked the way KSeF reads it. A value that fails is the hub's own
 * bug (these come from an invoice the hub built), hence RangeError rather than a code for the client.
 */

/**
 * Ten digits. The checksum is deliberately not checked here: it is the invoice's validation (nip.ts), and the
 * official link test vectors themselves use NIP 1234567890, which has no valid check digit.
 */
export function nipSegment(nip: string, field: string): string {
  if (!/^\d{10}$/.test(nip)) throw new RangeError(`${field} must be a NIP of 10 digits, got ${JSON.stringify(nip)}`);
  return nip;
}

/** P_1 (the invoice's issue date) as the link writes it: 2026-02-01 → 01-02-2026. */
export function issueDateSegment(issueDate: string): string {
  assertCalendarDate(issueDate);
  const [year, month, day] = issueDate.split('-');
  return `${day}-${month}-${year}`;
}

/*
 * SHA-256 in Base64 is 43 characters plus one '=' of padding; the URL-safe form drops the padding. KSeF reports the
 * hash in standard Base64 (invoiceHash), so both are taken.
 */
const BASE64_HASH = /^[A-Za-z0-9+/]{43}=$/;
const BASE64URL_HASH = /^[A-Za-z0-9_-]{43}$/;

/** The invoice's SHA-256 (the exact XML bytes sent to KSeF) as Base64URL without padding: always 43 characters. */
export function invoiceHashSegment(invoiceHash: Uint8Array | string): string {
  const bytes = typeof invoiceHash === 'string' ? decodeHash(invoiceHash) : invoiceHash;
  if (bytes.length !== 32) throw new RangeError(`invoiceHash must be a SHA-256 of 32 bytes, got ${bytes.length}`);
  return toBase64Url(bytes);
}

function decodeHash(text: string): Uint8Array {
  if (!BASE64_HASH.test(text) && !BASE64URL_HASH.test(text)) {
    throw new RangeError(`invoiceHash must be a SHA-256 in Base64 or Base64URL, got ${JSON.stringify(text)}`);
  }
  // fromBase64Url maps '-' and '_' back and re-pads, so standard Base64 passes through it unchanged.
  return fromBase64Url(text.replace(/=$/, ''));
}

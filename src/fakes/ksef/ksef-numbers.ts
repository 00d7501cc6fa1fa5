import { randomBytes } from 'node:crypto';
import { warsawCompactDate } from './dates.js';

/**
 * KSeF's own identifiers, written here from the research (faktury/numer-ksef.md, vector V6) rather than taken from the
 * hub, so the hub's validator is checked against an independent implementation.
 */

/** CRC-8, polynomial 0x07, initial value 0, over the text's bytes; two uppercase hex digits. */
export function crc8(textValue: string): string {
  let crc = 0;
  for (const byte of Buffer.from(textValue, 'utf8')) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc.toString(16).toUpperCase().padStart(2, '0');
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex').toUpperCase();
}

/** `<NIP>-<YYYYMMDD>-<12 hex>-<CRC>`, 35 characters; the date is the acquisition day in Warsaw. */
export function newKsefNumber(nip: string, acquiredAt: Date): string {
  const body = `${nip}-${warsawCompactDate(acquiredAt)}-${hex(6)}`;
  return `${body}-${crc8(body)}`;
}

/**
 * The kinds of reference numbers the fake hands out. The two letters are those of the OpenAPI examples (SO online
 * session, SB batch session, EE invoice, CR challenge, AU authentication, EU session UPO); TK for a KSeF token is the
 * fake's own, as no example shows it.
 */
export type ReferenceKind = 'SO' | 'SB' | 'EE' | 'CR' | 'AU' | 'EU' | 'TK';

/**
 * `20250625-SO-2C3E6C8000-B675CF5D68-07`: 36 characters whose last two are the CRC-8 of the first 33, as in the
 * OpenAPI examples (checked on SO, SB, EE, CR and AU examples).
 */
export function newReferenceNumber(kind: ReferenceKind, at: Date): string {
  const body = `${warsawCompactDate(at)}-${kind}-${hex(5)}-${hex(5)}`;
  return `${body}-${crc8(body)}`;
}

const REFERENCE_NUMBER = /^\d{8}-[A-Z]{2}-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$/;

export function isReferenceNumber(value: string): boolean {
  return REFERENCE_NUMBER.test(value) && crc8(value.slice(0, 33)) === value.slice(34);
}

/**
 * A KSeF number as KSeF assigns it (research §13 V6): `<NIP>-<YYYYMMDD>-<12 hex>-<CRC>`, 35 characters, the last two
 * the CRC-8 (polynomial 0x07, initial value 0) of the first 32 characters, dashes included, in upper-case hex. The
 * API's pattern also admits 36 characters, but KSeF's own documentation and validator do not: a number the hub
 * stores as the proof an invoice reached KSeF must be one KSeF could have given.
 */
const KSEF_NUMBER = /^\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/;

function crc8(text: string): number {
  let crc = 0;
  for (const byte of Buffer.from(text, 'ascii')) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

export function isValidKsefNumber(text: string): boolean {
  if (!KSEF_NUMBER.test(text)) return false;
  return crc8(text.slice(0, 32)).toString(16).toUpperCase().padStart(2, '0') === text.slice(33);
}

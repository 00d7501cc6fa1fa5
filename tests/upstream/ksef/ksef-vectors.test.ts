/**
 * The remaining conformance vectors of research §13 the sending side rests on: V6 (KSeF numbers and their CRC-8) and
 * V8 (the invoice encryption of a send). Values are the research's literals, not recomputed here.
 */
import { describe, expect, it } from 'vitest';
import { encryptInvoice } from '../../../src/main/hub/upstream/ksef/invoice-encryption.js';
import { isValidKsefNumber } from '../../../src/main/hub/upstream/ksef/ksef-number.js';

describe('V6: KSeF numbers', () => {
  it('accepts the documented numbers and refuses a wrong checksum, a 36-character number and lower case', () => {
    expect(isValidKsefNumber('5265877635-20250826-0100001AF629-AF')).toBe(true);
    expect(isValidKsefNumber('5265877635-20250626-010080DD2B5E-26')).toBe(true);
    expect(isValidKsefNumber('5265877635-20250826-0100001AF629-AE')).toBe(false);
    expect(isValidKsefNumber('5265877635-20250826-0100001AF6290-AF')).toBe(false);
    expect(isValidKsefNumber('5265877635-20250826-0100001af629-AF')).toBe(false);
    expect(isValidKsefNumber('')).toBe(false);
  });
});

describe('V8: the invoice encryption of a send', () => {
  it('encrypts <x/> with key 00..1F and IV 00..0F to the documented ciphertext, sizes and hashes', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    const iv = Uint8Array.from({ length: 16 }, (_, i) => i);
    expect(encryptInvoice(Buffer.from('<x/>', 'utf8'), key, iv)).toEqual({
      invoiceHash: 'KjH0TaS9fey70939GjeuBNAuxmXiwmiIFszGVjFYbtE=',
      invoiceSize: 4,
      encryptedInvoiceContent: '2VzOCIgw18VhNcMQyRT+nQ==',
      encryptedInvoiceSize: 16,
      encryptedInvoiceHash: 'K4I2hYRy0pOGGY2Fw+fP+gEHalAjPxrbgfwHH0CHXxA=',
    });
  });
});

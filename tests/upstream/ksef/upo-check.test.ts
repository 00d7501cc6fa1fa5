/** checkUpo: well-formedness, the v4-3 namespace and the Dokument's fields — no XSD (research §6). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkUpo } from '../../../src/main/hub/upstream/ksef/upo-check.js';

const sample = readFileSync(new URL('../../fixtures/ksef/upo/upo-faktura-kontekst-id-nip.xml', import.meta.url));
const own = {
  ksefNumber: '5265877635-20250916-0200A0D6723E-C2',
  invoiceHash: 'GZMGNVzs3krF6URKgvaw77OOeG3nJ+WGziT5xguliQ8=',
  invoiceNumber: 'FA/XVQUD-9997622510/04/2027',
};

describe('checkUpo', () => {
  it('passes the official sample with its own values', () => {
    expect(checkUpo(sample, own)).toEqual({ ok: true, problems: [] });
  });

  it('fails with another KSeF number, hash or invoice number, saying which', () => {
    const number = checkUpo(sample, { ...own, ksefNumber: '5265877635-20250826-0100001AF629-AF' });
    expect(number.ok).toBe(false);
    expect(number.problems.join(' ')).toContain('5265877635-20250826-0100001AF629-AF');
    const hash = checkUpo(sample, { ...own, invoiceHash: 'KjH0TaS9fey70939GjeuBNAuxmXiwmiIFszGVjFYbtE=' });
    expect(hash.ok).toBe(false);
    expect(hash.problems.join(' ')).toContain('hash');
    const invoiceNumber = checkUpo(sample, { ...own, invoiceNumber: 'FA/1/2027' });
    expect(invoiceNumber.ok).toBe(false);
    expect(invoiceNumber.problems.join(' ')).toContain('invoice number');
  });

  it('fails on malformed XML and on another namespace', () => {
    const cut = sample.subarray(0, sample.byteLength - 30);
    const malformed = checkUpo(cut, own);
    expect(malformed.ok).toBe(false);
    expect(malformed.problems[0]).toMatch(/not well-formed/);
    const other = checkUpo(Buffer.from(sample.toString('utf8').replace('KSeF/v4-3', 'KSeF/v4-2')), own);
    expect(other.ok).toBe(false);
    expect(other.problems.join(' ')).toMatch(/namespace/);
  });

  it('reads prefixed elements and predefined entities in values', () => {
    const prefixed = sample
      .toString('utf8')
      .replace('<Potwierdzenie xmlns=', '<upo:Potwierdzenie xmlns:upo=')
      .replace(/<(\/?)(?!upo:|\?)([A-Za-z])/g, '<$1upo:$2')
      .replace('FA/XVQUD-9997622510/04/2027', 'A&amp;B/1');
    expect(checkUpo(Buffer.from(prefixed), { ...own, invoiceNumber: 'A&B/1' })).toEqual({ ok: true, problems: [] });
  });

  it('does not expand entity declarations', () => {
    const hostile = sample
      .toString('utf8')
      .replace('<Potwierdzenie', '<!DOCTYPE Potwierdzenie [<!ENTITY n "FA/XVQUD-9997622510/04/2027">]>\n<Potwierdzenie')
      .replace('<NumerFaktury>FA/XVQUD-9997622510/04/2027</NumerFaktury>', '<NumerFaktury>&n;</NumerFaktury>');
    const result = checkUpo(Buffer.from(hostile), own);
    expect(result.ok).toBe(false);
    expect(result.problems.join(' ')).toMatch(/DOCTYPE/);
    expect(result.problems.join(' ')).toContain('&n;');
  });
});

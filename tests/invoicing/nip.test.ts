/** NIP checksum (vector V7, research/ksef.md §13) and the normalisation of NIPs as people type them. */
import { describe, expect, it } from 'vitest';
import { isValidNip, normalizeNip } from '../../src/shared/nip.js';

describe('isValidNip', () => {
  it('follows V7', () => {
    expect(isValidNip('1234563218')).toBe(true);
    expect(isValidNip('1234563219')).toBe(false);
    expect(isValidNip('1111111111')).toBe(true);
  });

  it('rejects a number whose weighted sum leaves 10, whatever its last digit', () => {
    // 5·6 + 2·5 + 3·7 + 4·2 + 5·3 + 6·4 + 3·5 + 2·6 + 1·7 = 142 = 12·11 + 10.
    for (const last of '0123456789') expect(isValidNip(`523456321${last}`)).toBe(false);
  });

  it('takes exactly 10 digits and nothing else', () => {
    for (const text of [
      '',
      '123456321',
      '12345632180',
      '123-456-32-18',
      'PL1234563218',
      ' 1234563218',
      '１２３４５６３２１８',
    ]) {
      expect(isValidNip(text), text).toBe(false);
    }
  });
});

describe('normalizeNip', () => {
  it('drops spaces, dashes and a leading PL', () => {
    expect(normalizeNip('123-456-32-18')).toBe('1234563218');
    expect(normalizeNip('123 45 63 218')).toBe('1234563218');
    expect(normalizeNip('PL 123-456-32-18')).toBe('1234563218');
    expect(normalizeNip('pl1234563218')).toBe('1234563218');
  });

  it('leaves the checksum to isValidNip', () => {
    expect(normalizeNip('123-456-32-19')).toBe('1234563219');
  });

  it('gives null when the rest is not 10 digits', () => {
    for (const text of ['', '12345', 'PL12345632189', 'DE1234563218', '12345632l8', '1234563218PL']) {
      expect(normalizeNip(text), text).toBeNull();
    }
  });
});

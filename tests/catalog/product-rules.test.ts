/** The product field rules the hub and the Catalog screen share: prices read exactly, VAT rates, barcodes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barcodeProblem, priceText, readPrice, readVatRate } from '../../src/shared/catalog/product-rules.js';

describe('product rules', () => {
  it('reads decimal złoty exactly into grosze, with a point or a Polish decimal comma', () => {
    expect(readPrice('4.50')).toEqual({ amount: 450 });
    expect(readPrice('4,50')).toEqual({ amount: 450 });
    expect(readPrice(' 4.5 ')).toEqual({ amount: 450 });
    expect(readPrice('12')).toEqual({ amount: 1200 });
    expect(readPrice('0.07')).toEqual({ amount: 7 });
    expect(readPrice('0')).toEqual({ amount: 0 });
    expect(readPrice('007.10')).toEqual({ amount: 710 });
    expect(readPrice('19.99')).toEqual({ amount: 1999 });
    expect(readPrice('999999999.99')).toEqual({ amount: 99_999_999_999 });
  });

  it('refuses more than 2 decimals, signs, currency, thousands marks and scientific notation, saying which', () => {
    expect(readPrice('4.505')).toEqual({ problem: 'price “4.505” has more than 2 decimals' });
    expect(readPrice('-1.00')).toEqual({ problem: 'price “-1.00” is negative' });
    expect(readPrice('')).toEqual({ problem: 'price is empty' });
    expect(readPrice('4,50 zł')).toMatchObject({ problem: expect.stringMatching(/is not a plain amount/) });
    expect(readPrice('1 234,50')).toMatchObject({ problem: expect.stringMatching(/is not a plain amount/) });
    expect(readPrice('1,234.50')).toMatchObject({ problem: expect.stringMatching(/is not a plain amount/) });
    expect(readPrice('4.5e2')).toMatchObject({ problem: expect.stringMatching(/scientific notation/) });
    expect(readPrice('1000000000')).toEqual({ problem: 'price “1000000000” is too large' });
  });

  it('writes back what it reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (amount) => {
        expect(readPrice(priceText(amount))).toEqual({ amount });
      }),
    );
  });

  it('takes the VAT rates an invoice can carry, written as spreadsheets write them', () => {
    const written: Array<[string, string]> = [
      ['23', '23'],
      ['23%', '23'],
      [' 8 % ', '8'],
      ['5', '5'],
      ['0', '0'],
      ['ZW', 'zw'],
      ['np', 'np'],
    ];
    for (const [text, rate] of written) expect(readVatRate(text)).toEqual({ rate });
    expect(readVatRate('7')).toEqual({ problem: 'VAT rate “7” is not one of 23, 8, 5, 0, zw, np' });
    expect(readVatRate('0.23')).toMatchObject({ problem: expect.any(String) });
  });

  it('takes GTINs with their check digit and short PLUs, and says what is wrong with others', () => {
    for (const ok of ['5901234123457', '96385074', '036000291452', '10614141000415', '4011', '1', '123456'])
      expect(barcodeProblem(ok), ok).toBeNull();
    expect(barcodeProblem('5901234123458')).toBe(
      'barcode “5901234123458” has a wrong check digit (it should end in 7): a typo?',
    );
    expect(barcodeProblem('1234567')).toMatch(/has 7 digits: an EAN\/GTIN has 8, 12, 13 or 14, a PLU 1 to 6/);
    expect(barcodeProblem('59012341234X')).toBe('barcode “59012341234X” is not digits only');
    expect(barcodeProblem('5.90123E+12')).toMatch(/scientific notation: format the column as text/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isExempt, taxIncluded } from '../../src/main/hub/sales/tax-split.js';

describe('the VAT inside a tax-inclusive amount', () => {
  it('is gross × rate / (100 + rate), rounded half away from zero', () => {
    expect(taxIncluded(1198, '23')).toBe(224); // 224.016
    expect(taxIncluded(620, '5')).toBe(30); // 29.52
    expect(taxIncluded(747, '8')).toBe(55); // 55.33
    expect(taxIncluded(123, '23')).toBe(23); // exactly 23
    expect(taxIncluded(21, '5')).toBe(1); // exactly 1
    expect(taxIncluded(105, '5')).toBe(5);
    // 7.5 %: 215 × 7.5 / 107.5 = 15 exactly; 43 × 7.5 / 107.5 = 3.0 exactly; 100 → 6.976…
    expect(taxIncluded(215, '7.5')).toBe(15);
    expect(taxIncluded(100, '7,5')).toBe(7);
  });

  it('rounds a half away from zero, so a refund is exactly the negative of its sale', () => {
    // At 100 % half of the gross is tax: an odd amount makes an exact half.
    expect(taxIncluded(3, '100')).toBe(2);
    expect(taxIncluded(-3, '100')).toBe(-2);
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), fc.constantFrom('23', '8', '5', '0', '7.5'), (gross, rate) => {
        expect(taxIncluded(-gross, rate)).toBe(-taxIncluded(gross, rate) || 0);
      }),
    );
  });

  it('is never more than the amount, and exact in integers for amounts far beyond a float', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (gross) => {
        const tax = taxIncluded(gross, '23');
        expect(Number.isSafeInteger(tax)).toBe(true);
        expect(tax).toBeLessThanOrEqual(gross);
        // |tax − exact| ≤ ½ minor unit, checked in BigInt.
        const twice = BigInt(tax) * 2n * 123n - BigInt(gross) * 2n * 23n;
        expect(twice <= 123n && twice >= -123n).toBe(true);
      }),
    );
  });

  it('takes nothing for 0 % and for exemption markers', () => {
    expect(taxIncluded(999, '0')).toBe(0);
    expect([isExempt('zw'), isExempt('np'), isExempt('23'), isExempt('0'), isExempt('7.5')]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(taxIncluded(999, 'zw')).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import {
  formatCountdown,
  formatDuration,
  formatMinor,
  formatMoney,
  formatSkew,
  parseMajor,
  toMajorText,
} from '../../src/renderer/format.js';

/** Intl separates the currency code from the figure with a no-break space. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('money in minor units', () => {
  it('formats with the currency’s own number of decimals', () => {
    expect(plain(formatMoney({ amount: 200_00, currency: 'PLN' }))).toBe('PLN 200.00');
    expect(plain(formatMoney({ amount: 5, currency: 'PLN' }))).toBe('PLN 0.05');
    expect(plain(formatMoney({ amount: 1_000_000_00, currency: 'PLN' }))).toBe('PLN 1,000,000.00');
    expect(plain(formatMoney({ amount: -1_50, currency: 'EUR' }))).toBe('-€1.50');
    expect(plain(formatMoney({ amount: 1500, currency: 'JPY' }))).toBe('JP¥1,500');
    expect(plain(formatMoney({ amount: 1_234, currency: 'KWD' }))).toBe('KWD 1.234');
  });

  it('is exact to the minor unit where floats would round (0.1 + 0.2, large sums)', () => {
    expect(plain(formatMinor(10 + 20, 'PLN'))).toBe('PLN 0.30');
    expect(plain(formatMinor(99_999_999_999, 'PLN'))).toBe('PLN 999,999,999.99');
  });

  it('reads typed amounts back into minor units, refusing what is not an amount', () => {
    expect(parseMajor('200', 'PLN')).toBe(200_00);
    expect(parseMajor('200.5', 'PLN')).toBe(200_50);
    expect(parseMajor(' 0,05 ', 'PLN')).toBe(5);
    expect(parseMajor('1500', 'JPY')).toBe(1500);
    for (const bad of ['', '12.345', '-1', '1e3', 'abc', '1.2.3']) expect(parseMajor(bad, 'PLN')).toBeNull();
    expect(parseMajor('1.5', 'JPY')).toBeNull();
  });

  it('round-trips through the form text', () => {
    for (const amount of [0, 1, 99, 100, 200_00, 3_000_00, 123_456_78]) {
      expect(parseMajor(toMajorText(amount, 'PLN'), 'PLN')).toBe(amount);
    }
    expect(toMajorText(5, 'PLN')).toBe('0.05');
    expect(toMajorText(1500, 'JPY')).toBe('1500');
  });
});

describe('time figures', () => {
  it('counts down in minutes and seconds, never below zero', () => {
    expect(formatCountdown(600_000)).toBe('10:00');
    expect(formatCountdown(599_001)).toBe('10:00'); // rounds up: a second started is a second left
    expect(formatCountdown(59_000)).toBe('0:59');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-5_000)).toBe('0:00');
    // A card hold's five days: days, then the clock.
    expect(formatCountdown(4 * 86_400_000 + 3_723_000)).toBe('4 d 01:02:03');
    expect(formatCountdown(86_400_000)).toBe('1 d 00:00:00');
  });

  it('says how long something has lasted in two units at most', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * 60_000 + 59_000)).toBe('12 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
    expect(formatDuration(2 * 3_600_000 + 10 * 60_000)).toBe('2 h 10 min');
    expect(formatDuration(86_400_000)).toBe('1 day');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000)).toBe('3 days 4 h');
    expect(formatDuration(-1_000)).toBe('0 s');
  });

  it('says which way a device clock is off, and calls network delay in step', () => {
    expect(formatSkew(null)).toBe('—');
    expect(formatSkew(400)).toBe('in step');
    expect(formatSkew(-999)).toBe('in step');
    expect(formatSkew(4_000)).toBe('4.0 s behind');
    expect(formatSkew(-90_500)).toBe('90.5 s ahead');
    expect(formatSkew(600_000)).toBe('10 min behind');
  });
});

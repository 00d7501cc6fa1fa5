/**
 * The Polish business-day calendar behind KSeF sending deadlines. Every expected date is a literal read off a
 * printed calendar, never computed by the code under test; comments give the reasoning.
 */
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  isBusinessDay,
  nextBusinessDayAfter,
} from '../../src/main/hub/invoicing/calendar/business-days.js';
import {
  easterSunday,
  isPolishHoliday,
  polishHolidays,
} from '../../src/main/hub/invoicing/calendar/polish-holidays.js';

describe('Easter Sunday', () => {
  it.each([
    [2000, '2000-04-23'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
    [2100, '2100-03-28'],
  ])('falls in %i on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('Polish public holidays', () => {
  it('lists the 14 holidays of 2025 in date order, Christmas Eve included', () => {
    // Easter 20 April → Easter Monday 21 April, Pentecost +49 = 8 June, Corpus Christi +60 = 19 June.
    expect(polishHolidays(2025).map((h) => h.date)).toEqual([
      '2025-01-01',
      '2025-01-06',
      '2025-04-20',
      '2025-04-21',
      '2025-05-01',
      '2025-05-03',
      '2025-06-08',
      '2025-06-19',
      '2025-08-15',
      '2025-11-01',
      '2025-11-11',
      '2025-12-24',
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it('names each holiday as the Act does', () => {
    expect(polishHolidays(2026)).toContainEqual({ date: '2026-06-04', name: 'dzień Bożego Ciała' });
    expect(polishHolidays(2026)).toContainEqual({ date: '2026-05-24', name: 'pierwszy dzień Zielonych Świątek' });
    expect(polishHolidays(2025)).toContainEqual({ date: '2025-12-24', name: 'Wigilia Bożego Narodzenia' });
  });

  it('has Christmas Eve only from 2025 and Epiphany only from 2011', () => {
    expect(isPolishHoliday('2024-12-24')).toBe(false);
    expect(isPolishHoliday('2025-12-24')).toBe(true);
    expect(isPolishHoliday('2010-01-06')).toBe(false);
    expect(isPolishHoliday('2011-01-06')).toBe(true);
    expect(polishHolidays(2024)).toHaveLength(13);
    expect(polishHolidays(2010)).toHaveLength(12);
  });

  it('finds the movable feasts of 2026 and 2027', () => {
    // 2026: Easter 5 April; Monday 6 April; Pentecost 24 May; Corpus Christi Thursday 4 June.
    // 2027: Easter 28 March; Monday 29 March; Pentecost 16 May; Corpus Christi Thursday 27 May.
    for (const date of ['2026-04-06', '2026-05-24', '2026-06-04', '2027-03-29', '2027-05-16', '2027-05-27']) {
      expect(isPolishHoliday(date), date).toBe(true);
    }
    // Good Friday and the day after Corpus Christi are ordinary days.
    for (const date of ['2026-04-03', '2026-06-05', '2027-03-26']) expect(isPolishHoliday(date), date).toBe(false);
  });

  it('refuses years whose rules are not encoded, and dates that do not exist', () => {
    expect(() => polishHolidays(1999)).toThrow(RangeError);
    expect(() => polishHolidays(2101)).toThrow(RangeError);
    expect(() => isPolishHoliday('2026-02-30')).toThrow(RangeError);
    expect(() => isPolishHoliday('26-05-01')).toThrow(RangeError);
  });
});

describe('business days', () => {
  it('are Monday to Friday outside public holidays', () => {
    expect(isBusinessDay('2025-07-08')).toBe(true); // Tuesday
    expect(isBusinessDay('2025-07-12')).toBe(false); // Saturday
    expect(isBusinessDay('2025-07-13')).toBe(false); // Sunday
    expect(isBusinessDay('2026-05-01')).toBe(false); // Friday, 1 May
    expect(isBusinessDay('2025-12-24')).toBe(false); // Wednesday, Christmas Eve 2025
    expect(isBusinessDay('2024-12-24')).toBe(true); // Tuesday, Christmas Eve 2024 (not yet a holiday)
  });

  it.each([
    // Fri 2026-04-03 (Good Friday): Sat 4, Easter Sun 5, Easter Mon 6 → Tue 7.
    ['2026-04-03', '2026-04-07'],
    // Fri 2027-03-26: Sat 27, Easter Sun 28, Easter Mon 29 → Tue 30.
    ['2027-03-26', '2027-03-30'],
    // Thu 2026-04-30: 1 May is a Friday, 2 May Saturday, 3 May a Sunday (no substitute day) → Mon 4 May.
    ['2026-04-30', '2026-05-04'],
    // Fri 2027-04-30: 1 May Saturday, 2 May Sunday, 3 May a Monday holiday → Tue 4 May.
    ['2027-04-30', '2027-05-04'],
    // Tue 2025-12-23: 24, 25, 26 December (Wed–Fri) holidays, 27–28 weekend → Mon 29.
    ['2025-12-23', '2025-12-29'],
    // Mon 2024-12-23: Christmas Eve 2024 was still a working day → Tue 24.
    ['2024-12-23', '2024-12-24'],
    // Wed 2025-12-31: 1 January 2026 (Thursday) is a holiday → Fri 2 January.
    ['2025-12-31', '2026-01-02'],
  ])('the first after %s is %s', (date, next) => {
    expect(nextBusinessDayAfter(date)).toBe(next);
  });

  it('counts strictly after the start day, skipping weekends and holidays', () => {
    // From Sat 2025-07-12: Mon 14 (1), 15, 16, 17, Fri 18 (5), Mon 21 (6), Tue 22 (7).
    expect(addBusinessDays('2025-07-12', 7)).toBe('2025-07-22');
    // From Tue 2025-12-23: 24–28 December closed; 29 (1), 30 (2), 31 (3); 1 Jan closed; Fri 2 (4);
    // weekend; Mon 5 (5); Tue 6 January Epiphany; Wed 7 (6), Thu 8 (7).
    expect(addBusinessDays('2025-12-23', 7)).toBe('2026-01-08');
    // A business day itself is not counted: from Tue 2025-07-08 the first is Wed 9.
    expect(addBusinessDays('2025-07-08', 1)).toBe('2025-07-09');
  });

  it('refuses a count that is not a positive whole number', () => {
    expect(() => addBusinessDays('2025-07-08', 0)).toThrow(RangeError);
    expect(() => addBusinessDays('2025-07-08', -1)).toThrow(RangeError);
    expect(() => addBusinessDays('2025-07-08', 1.5)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { addDays, businessDate, instantAt, localDateTime } from '../../src/shared/store-calendar.js';
import { expectRebuildMatchesLive, expectStatus, openStore, rows, Till } from './helpers.js';
import { sale, tenders } from './sale-builders.js';

describe('business date', () => {
  it('is the local date in the store’s time zone, summer and winter time alike', () => {
    expect(businessDate('2026-11-22T22:59:59.999Z', 'Europe/Warsaw')).toBe('2026-11-22');
    expect(businessDate('2026-11-22T23:00:00.000Z', 'Europe/Warsaw')).toBe('2026-11-23');
    expect(businessDate('2026-07-01T21:59:59.000Z', 'Europe/Warsaw')).toBe('2026-07-01');
    expect(businessDate('2026-07-01T22:00:00.000Z', 'Europe/Warsaw')).toBe('2026-07-02');
    expect(businessDate('2026-11-23T03:00:00.000Z', 'America/New_York')).toBe('2026-11-22');
    expect(businessDate('2026-11-22T23:30:00.123456789Z', 'UTC')).toBe('2026-11-22');
  });

  it('turns a store wall-clock time into its UTC instant, across daylight-saving changes', () => {
    expect(instantAt('2026-12-02', '02:00', 'Europe/Warsaw').toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(instantAt('2026-07-02', '02:00', 'Europe/Warsaw').toISOString()).toBe('2026-07-02T00:00:00.000Z');
    // 29 March 2026: 02:00–03:00 does not exist in Warsaw; the day still closes, just after the jump.
    expect(instantAt('2026-03-29', '01:00', 'Europe/Warsaw').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(instantAt('2026-03-29', '04:00', 'Europe/Warsaw').toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(instantAt('2026-10-25', '09:00', 'Europe/Warsaw').toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(instantAt('2026-11-23', '09:00', 'America/New_York').toISOString()).toBe('2026-11-23T14:00:00.000Z');
    expect(localDateTime('2026-11-30T23:30:00.000Z', 'Europe/Warsaw')).toEqual({
      date: '2026-12-01',
      time: '00:30:00',
    });
    expect([addDays('2026-12-31', 1), addDays('2024-02-28', 1), addDays('2026-03-01', -1)]).toEqual([
      '2027-01-01',
      '2024-02-29',
      '2026-02-28',
    ]);
  });

  it('follows hub_meta timeZone (Europe/Warsaw until set) and is fixed in the record, so a rebuild keeps it', () => {
    const ledger = openStore();
    const pos = new Till('pos-1');
    const lateEvening = '2026-11-22T23:30:00.000Z';
    const sell = (saleId: string) =>
      expectStatus(
        ledger,
        pos.event('sale.complete', sale(saleId, 'floor', [['gum', 1, 100]], tenders(['cash', 100])), lateEvening),
        'accepted',
      );

    sell('s-warsaw');
    ledger.db.prepare("INSERT INTO hub_meta (key, value) VALUES ('timeZone', 'America/New_York')").run();
    sell('s-new-york');
    ledger.db.prepare("UPDATE hub_meta SET value = 'Asia/Tokyo' WHERE key = 'timeZone'").run();

    const expected = [
      { sale_id: 's-new-york', business_date: '2026-11-22' },
      { sale_id: 's-warsaw', business_date: '2026-11-23' },
    ];
    expect(rows(ledger, 'SELECT sale_id, business_date FROM sales ORDER BY sale_id')).toEqual(expected);
    expectRebuildMatchesLive(ledger);
    expect(rows(ledger, 'SELECT sale_id, business_date FROM sales ORDER BY sale_id')).toEqual(expected);
    expect(rows(ledger, 'SELECT business_date, gross FROM sales_daily_totals ORDER BY business_date')).toEqual([
      { business_date: '2026-11-22', gross: 100 },
      { business_date: '2026-11-23', gross: 100 },
    ]);
  });
});

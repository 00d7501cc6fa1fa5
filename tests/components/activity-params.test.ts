import { describe, expect, it } from 'vitest';
import { firstCursorAtOrAfter } from '../../src/renderer/api/cursor-bound.js';
import type { EventPage, PulledEvent } from '../../src/renderer/api/types.js';
import {
  dayEnd,
  dayStart,
  eventsQuery,
  readActivityParams,
  readEventPage,
  writeActivityParams,
} from '../../src/renderer/pages/activity/activity-params.js';

const record = (cursor: number, recordedAt = new Date(2026, 10, 22, 12, 0, cursor).toISOString()): PulledEvent => ({
  cursor,
  recordedAt,
  status: 'accepted',
  event: { id: `e${cursor}`, type: 'inventory.issue', payload: {} },
});
const page = (cursors: number[], next: number | null): EventPage => ({ events: cursors.map((c) => record(c)), next });

describe('activity state in the URL', () => {
  it('reads filters and the page position, dropping what is not valid', () => {
    const params = new URLSearchParams(
      'deviceId=d1&type=%20sale.complete%20&status=conflict&from=2026-11-01&to=2026-11-22&before=120',
    );
    expect(readActivityParams(params)).toEqual({
      filters: { deviceId: 'd1', type: 'sale.complete', status: 'conflict', from: '2026-11-01', to: '2026-11-22' },
      position: { kind: 'before', cursor: 120 },
    });
    expect(readActivityParams(new URLSearchParams('status=rejected&from=22.11.2026&before=-3&after=x'))).toEqual({
      filters: {},
      position: { kind: 'newest' },
    });
    expect(readActivityParams(new URLSearchParams('after=7')).position).toEqual({ kind: 'after', cursor: 7 });
  });

  it('writes them back so that reading gives the same state, and a new filter starts at the newest', () => {
    const state = {
      filters: { deviceId: 'd1', status: 'refused' as const, to: '2026-11-22' },
      position: { kind: 'after' as const, cursor: 40 },
    };
    expect(readActivityParams(writeActivityParams(state.filters, state.position))).toEqual(state);
    expect(writeActivityParams({ type: 'sale.complete' }).toString()).toBe('type=sale.complete');
  });

  it('builds the API query: newest first by default, bounded by the end of the `to` day', () => {
    expect(eventsQuery({}, { kind: 'newest' })).toBe('limit=50');
    expect(eventsQuery({ deviceId: 'd1', status: 'conflict' }, { kind: 'before', cursor: 90 })).toBe(
      'limit=50&deviceId=d1&status=conflict&before=90',
    );
    expect(eventsQuery({}, { kind: 'newest' }, 70)).toBe('limit=50&before=70');
    expect(eventsQuery({}, { kind: 'before', cursor: 90 }, 70)).toBe('limit=50&before=70');
    expect(eventsQuery({}, { kind: 'before', cursor: 60 }, 70)).toBe('limit=50&before=60');
    expect(eventsQuery({ type: 'x' }, { kind: 'after', cursor: 10 }, 70)).toBe('limit=50&type=x&after=10');
  });
});

describe('reading a page of the ledger', () => {
  it('pages newest first: older while the hub says there is more, newer once off the newest page', () => {
    expect(readEventPage(page([9, 8, 7], 7), {}, { kind: 'newest' })).toMatchObject({
      newer: null,
      older: { kind: 'before', cursor: 7 },
    });
    expect(readEventPage(page([6, 5], null), {}, { kind: 'before', cursor: 7 })).toMatchObject({
      newer: { kind: 'after', cursor: 6 },
      older: null,
    });
  });

  it('shows an `after` page newest first too, with the neighbours on both sides', () => {
    const view = readEventPage(page([7, 8, 9], 9), {}, { kind: 'after', cursor: 6 });
    expect(view.rows.map((row) => row.cursor)).toEqual([9, 8, 7]);
    expect(view.newer).toEqual({ kind: 'after', cursor: 9 });
    expect(view.older).toEqual({ kind: 'before', cursor: 7 });
    expect(readEventPage(page([7], null), {}, { kind: 'after', cursor: 6 }).newer).toBeNull();
  });

  it('cuts rows outside the date range and stops paging past it', () => {
    const before = record(3, new Date(2026, 10, 20, 23, 59).toISOString());
    const inside = record(4, new Date(2026, 10, 21, 0, 0).toISOString());
    const after = record(5, new Date(2026, 10, 22, 0, 0).toISOString());
    const day = { from: '2026-11-21', to: '2026-11-21' };
    const older = readEventPage({ events: [after, inside, before], next: 3 }, day, { kind: 'before', cursor: 9 });
    expect(older.rows.map((row) => row.cursor)).toEqual([4]);
    expect(older.older).toBeNull();
    expect(older.newer).toBeNull();
    expect(dayEnd('2026-11-21') - dayStart('2026-11-21')).toBeGreaterThanOrEqual(23 * 3600_000);
  });
});

describe('finding a cursor by time', () => {
  it('bisects to the first record at or after the instant, in about log2(n) reads', async () => {
    const times = Array.from({ length: 1000 }, (_, index) => 1_000 + index * 10); // cursor c at 1000 + (c-1)*10
    let reads = 0;
    const recordedAt = async (cursor: number) => {
      reads += 1;
      return times[cursor - 1]!;
    };
    expect(await firstCursorAtOrAfter(1_000 + 499 * 10, 1000, recordedAt)).toBe(500);
    expect(reads).toBeLessThanOrEqual(11);
    expect(await firstCursorAtOrAfter(1_000 + 499 * 10 - 5, 1000, recordedAt)).toBe(500);
    expect(await firstCursorAtOrAfter(0, 1000, recordedAt)).toBe(1);
    expect(await firstCursorAtOrAfter(1_000_000, 1000, recordedAt)).toBe(1001);
  });
});

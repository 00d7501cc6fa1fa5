/**
 * Shared pull pages (issue 11): a page with records after it is kept and served to the next device as it is; the
 * tail page is always read afresh, so a device never misses a record appended since; the cache stays within its
 * budget, dropping the least recently served page first.
 */
import { describe, expect, it } from 'vitest';
import { PullPageCache } from '../../src/main/hub/sync/pull-page-cache.js';
import { EventQueries } from '../../src/main/hub/sync/event-queries.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { onCleanup, sampleEntries, tempDir } from '../helpers/ledger-testkit.js';

describe('PullPageCache', () => {
  it('keeps pages within its budget, the least recently served going first', () => {
    const cache = new PullPageCache(10);
    cache.keep(0, 2, 'aaaa');
    cache.keep(2, 2, 'bbbb');
    expect(cache.get(0, 2)).toBe('aaaa');
    cache.keep(4, 2, 'cccc');
    expect(cache.get(2, 2)).toBeUndefined();
    expect(cache.get(0, 2)).toBe('aaaa');
    expect(cache.get(4, 2)).toBe('cccc');
    cache.keep(6, 2, 'x'.repeat(11));
    expect(cache.get(6, 2)).toBeUndefined();
  });
});

describe('EventQueries.pullPage with shared pages', () => {
  it('serves a full page again as it is, and the tail page with every record appended since', () => {
    const ledger = Ledger.open(tempDir());
    onCleanup(() => ledger.close());
    ledger.append(sampleEntries(5));
    const queries = new EventQueries(ledger.db);
    const first = queries.pullPage(0, 2);
    expect(JSON.parse(first)).toMatchObject({ cursor: 2, hasMore: true });
    expect(queries.pullPage(0, 2)).toBe(first);
    const tail = JSON.parse(queries.pullPage(4, 2)) as { events: unknown[]; hasMore: boolean };
    expect(tail).toMatchObject({ hasMore: false });
    expect(tail.events).toHaveLength(1);
    ledger.append(sampleEntries(2, 5));
    const grown = JSON.parse(queries.pullPage(4, 2)) as { events: unknown[]; hasMore: boolean; cursor: number };
    expect(grown).toMatchObject({ cursor: 6, hasMore: true });
    expect(grown.events).toHaveLength(2);
  });
});

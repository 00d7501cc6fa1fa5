/**
 * Shared pull pages (issue 11): a page with records after it is kept and served to the next device as it is; the
 * tail page is always read afresh, so a device never misses a record appended since; the cache stays within its
 * budget of bytes (gzip forms included), dropping the least recently served page first. Pages are the UTF-8 bytes
 * of the reply, spliced from the stored records, read on a connection that sees committed records only.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { openReadConnection } from '../../src/main/hub/ledger/read-connection.js';
import { EventQueries, type PullPage } from '../../src/main/hub/sync/event-queries.js';
import { PullPageCache } from '../../src/main/hub/sync/pull-page-cache.js';
import { onCleanup, sampleEntries, tempDir } from '../helpers/ledger-testkit.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const text = (page: PullPage | undefined) => page?.bytes.toString('utf8');

interface Page {
  events: Array<{ cursor: number }>;
  cursor: number;
  hasMore: boolean;
}
const parse = (page: PullPage) => JSON.parse(page.bytes.toString('utf8')) as Page;

function openLedger(): { ledger: Ledger; queries: EventQueries } {
  const ledger = Ledger.open(tempDir());
  const reader = openReadConnection(ledger.db);
  onCleanup(() => {
    reader.close();
    ledger.close();
  });
  return { ledger, queries: new EventQueries(reader.db) };
}

describe('PullPageCache', () => {
  it('keeps pages within its budget of bytes, the least recently served going first', () => {
    const cache = new PullPageCache(10);
    cache.keep(0, 2, bytes('aaaa'));
    cache.keep(2, 2, bytes('bbbb'));
    expect(text(cache.get(0, 2))).toBe('aaaa');
    cache.keep(4, 2, bytes('cccc'));
    expect(cache.get(2, 2)).toBeUndefined();
    expect(text(cache.get(0, 2))).toBe('aaaa');
    expect(text(cache.get(4, 2))).toBe('cccc');
    expect(cache.size).toBe(8);
    expect(text(cache.keep(6, 2, bytes('x'.repeat(11))))).toBe('x'.repeat(11));
    expect(cache.get(6, 2)).toBeUndefined();
    // Two-byte characters count twice: 'łł' is 4 bytes, so these two pages (4 + 8) exceed 10 together.
    cache.keep(8, 2, bytes('łł'));
    cache.keep(10, 2, bytes('łłłł'));
    expect(cache.get(8, 2)).toBeUndefined();
    expect(cache.size).toBe(8);
  });

  it('compresses a page once for every request, and counts the compressed form in its budget', async () => {
    const cache = new PullPageCache(1000);
    const page = cache.keep(0, 2, bytes('{"events":[],"filler":"' + 'a'.repeat(600) + '"}'));
    const [first, second] = await Promise.all([page.gzipped(), cache.get(0, 2)!.gzipped()]);
    expect(second).toBe(first);
    expect(gunzipSync(first).equals(page.bytes)).toBe(true);
    expect(cache.size).toBe(page.bytes.length + first.length);
    // A page that pushes the total over the budget drops the oldest with both its forms.
    cache.keep(2, 2, bytes('b'.repeat(400)));
    expect(cache.get(0, 2)).toBeUndefined();
    expect(cache.size).toBe(400);
  });

  it('does not count the compressed form of a page dropped before its compression finished', async () => {
    const cache = new PullPageCache(1000);
    const page = cache.keep(0, 2, bytes('a'.repeat(600)));
    const compressing = page.gzipped();
    cache.keep(2, 2, bytes('b'.repeat(500)));
    await compressing;
    expect(cache.get(0, 2)).toBeUndefined();
    expect(cache.size).toBe(500);
  });
});

describe('EventQueries.pullPage with shared pages', () => {
  it('serves a full page again as it is, and the tail page with every record appended since', () => {
    const { ledger, queries } = openLedger();
    ledger.append(sampleEntries(5));
    const first = queries.pullPage(0, 2);
    expect(parse(first)).toMatchObject({ cursor: 2, hasMore: true });
    expect(queries.pullPage(0, 2)).toBe(first);
    const tail = queries.pullPage(4, 2);
    expect(parse(tail)).toMatchObject({ hasMore: false });
    expect(parse(tail).events).toHaveLength(1);
    // The tail page is never compressed for sharing: the next record changes it.
    expect(tail.gzipped).toBeUndefined();
    ledger.append(sampleEntries(2, 5));
    const grown = parse(queries.pullPage(4, 2));
    expect(grown).toMatchObject({ cursor: 6, hasMore: true });
    expect(grown.events).toHaveLength(2);
  });

  it('is the stored records spliced into the reply byte for byte, non-ASCII text included', () => {
    const { ledger, queries } = openLedger();
    ledger.append(sampleEntries(3));
    ledger.append([
      {
        status: 'accepted',
        event: hubEvent('catalog.location', { id: 'back', name: 'Półka „zaplecze” ✓', active: true }, 'test'),
      },
    ]);
    const stored = ledger.db
      .prepare<[], { record: string }>('SELECT record FROM events ORDER BY cursor')
      .all()
      .map((row) => row.record);
    expect(text(queries.pullPage(0, 2))).toBe(`{"events":[${stored.slice(0, 2).join(',')}],"cursor":2,"hasMore":true}`);
    const tail = queries.pullPage(2, 2);
    const expected = `{"events":[${stored.slice(2).join(',')}],"cursor":4,"hasMore":false}`;
    expect(text(tail)).toBe(expected);
    expect(tail.bytes.length).toBe(Buffer.byteLength(expected));
    expect(text(queries.pullPage(4, 2))).toBe('{"events":[],"cursor":4,"hasMore":false}');
  });

  it('never serves a record whose transaction has not committed, nor keeps a page it would end', () => {
    const { ledger, queries } = openLedger();
    ledger.append(sampleEntries(2));
    ledger.transaction(() => {
      ledger.append(sampleEntries(3, 2));
      // Mid-transaction, as a write that awaits inside it would leave things for a pull arriving meanwhile.
      expect(parse(queries.pullPage(0, 2))).toMatchObject({ cursor: 2, hasMore: false });
      expect(parse(queries.pullPage(2, 2))).toEqual({ events: [], cursor: 2, hasMore: false });
    });
    expect(parse(queries.pullPage(0, 2))).toMatchObject({ cursor: 2, hasMore: true });
    expect(parse(queries.pullPage(2, 2))).toMatchObject({ cursor: 4, hasMore: true });
  });

  it('shows a rolled-back transaction to no one', () => {
    const { ledger, queries } = openLedger();
    ledger.append(sampleEntries(2));
    expect(() =>
      ledger.transaction(() => {
        ledger.append(sampleEntries(3, 2));
        expect(parse(queries.pullPage(0, 5)).cursor).toBe(2);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(parse(queries.pullPage(0, 5))).toMatchObject({ cursor: 2, hasMore: false });
    ledger.append(sampleEntries(1, 2));
    expect(parse(queries.pullPage(0, 5))).toMatchObject({ cursor: 3, hasMore: false });
  });
});

import type { Database, Statement } from 'better-sqlite3';

/** The hub_meta key under which the hub writes the store's IANA time zone (from the store settings). */
const TIME_ZONE_META_KEY = 'timeZone';
/** Applies until the hub has written a zone: the product's first stores are in Poland. */
const DEFAULT_TIME_ZONE = 'Europe/Warsaw';

// Read once per dated event; preparing the same SQL every time would dominate a batch push.
const readByDb = new WeakMap<Database, Statement<[string], { value: string }>>();

/** The IANA zone business dates are computed in. */
export function storeTimeZone(db: Database): string {
  let read = readByDb.get(db);
  if (!read) {
    read = db.prepare('SELECT value FROM hub_meta WHERE key = ?');
    readByDb.set(db, read);
  }
  return read.get(TIME_ZONE_META_KEY)?.value ?? DEFAULT_TIME_ZONE;
}

/**
 * Written by the hub at start from the store settings. Deciders date events with it when they record them, so a
 * later change moves no recorded sale to another day (and a rebuild, which reads dates from outcomes, needs none).
 */
export function recordStoreTimeZone(db: Database, timeZone: string): void {
  db.prepare(
    'INSERT INTO hub_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(TIME_ZONE_META_KEY, timeZone);
}

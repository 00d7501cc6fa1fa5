import type { Database } from 'better-sqlite3';

/** A JSON value under a hub_meta key: a part's own small settings (forwarding, invoicing) that survive a restart. */
export function readMetaJson<T>(db: Database, key: string): T | undefined {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM hub_meta WHERE key = ?').get(key);
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function writeMetaJson(db: Database, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO hub_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}

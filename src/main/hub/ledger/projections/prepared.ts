import type { Database, Statement } from 'better-sqlite3';

const byDb = new WeakMap<Database, Map<string, Statement>>();

/** Prepares `sql` once per connection: projectors run on every recorded event, and preparing is the costly part. */
export function prepared(db: Database, sql: string): Statement {
  let statements = byDb.get(db);
  if (!statements) byDb.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}

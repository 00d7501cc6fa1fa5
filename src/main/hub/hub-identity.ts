import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { packageRoot } from '../../shared/node/package-root.js';
import { uuidv7 } from './uuid-v7.js';

/** The hub's id is made once and kept in the ledger database, so it survives restarts and travels with backups. */
export function loadOrCreateHubId(db: Database): string {
  const row = db.prepare<[], { value: string }>("SELECT value FROM hub_meta WHERE key = 'hubId'").get();
  if (row) return row.value;
  const hubId = uuidv7();
  db.prepare("INSERT INTO hub_meta (key, value) VALUES ('hubId', ?)").run(hubId);
  return hubId;
}

export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

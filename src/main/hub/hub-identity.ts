import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { uuidv7 } from './uuid-v7.js';

/** The hub's id is made once and kept in the ledger database, so it survives restarts and travels with backups. */
export function loadOrCreateHubId(db: Database): string {
  const row = db.prepare<[], { value: string }>("SELECT value FROM hub_meta WHERE key = 'hubId'").get();
  if (row) return row.value;
  const hubId = uuidv7();
  db.prepare("INSERT INTO hub_meta (key, value) VALUES ('hubId', ?)").run(hubId);
  return hubId;
}

/** The installed package's root, found from this module whether it runs from src/ (tsx) or the bundle in out/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate) && JSON.parse(fs.readFileSync(candidate, 'utf8')).name === 'backroom') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the backroom package root');
    dir = parent;
  }
}

export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

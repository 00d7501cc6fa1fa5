/**
 * A store on a real ledger file and a driver that does what the hub's ingest does with a verified device event:
 * decide it at its ledger position and record the decision, in one transaction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { afterEach } from 'vitest';
import type { Decision } from '../../src/main/hub/decisions/decision.js';
import { CatalogService } from '../../src/main/hub/inventory/catalog-service.js';
import type { LedgerEvent, StoredRecord } from '../../src/main/hub/ledger/event-log.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { deciderFor } from '../../src/main/hub/sync/event-deciders.js';

export interface Store {
  ledger: Ledger;
  db: Database;
  catalog: CatalogService;
  /** Closes the ledger and removes its directory; also runs after each test for stores still open. */
  dispose(): void;
}

const openStores = new Set<Store>();

afterEach(() => {
  for (const store of openStores) store.dispose();
});

export function openStore(): Store {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backroom-inventory-'));
  const ledger = Ledger.open(dir);
  const store: Store = {
    ledger,
    db: ledger.db,
    catalog: new CatalogService(ledger),
    dispose() {
      openStores.delete(store);
      ledger.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  openStores.add(store);
  return store;
}

export interface CatalogSeed {
  products: string[];
  locations: { id: string; active: boolean }[];
  stock?: { productId: string; locationId: string; quantity: number }[];
}

/** Hub-made catalog and receipt events, as the manager's back office records them. */
export function seedCatalog({ catalog }: Store, seed: CatalogSeed): void {
  for (const id of seed.products) catalog.upsertProduct({ id, name: id, unit: 'pcs' }, 'test');
  for (const { id, active } of seed.locations) catalog.upsertLocation({ id, name: id, active }, 'test');
  for (const receipt of seed.stock ?? []) catalog.receive(receipt, 'test');
}

export interface Submitted {
  decision: Decision;
  record: StoredRecord;
}

export function submit(ledger: Ledger, event: LedgerEvent): Submitted {
  const decide = deciderFor(event.type);
  if (!decide) throw new Error(`no decider for ${event.type}`);
  return ledger.db
    .transaction((): Submitted => {
      const decision = decide({ db: ledger.db, event, deviceId: event.deviceId });
      const [record] = ledger.append([{ status: decision.status, event, outcome: decision.outcome }]);
      return { decision, record: record! };
    })
    .immediate();
}

export interface TestDevice {
  id: string;
  send(type: string, payload: Record<string, unknown>): Submitted;
}

/** A paired device numbering its events gap-free, as the SDK's outbox does. */
export function device({ ledger }: Store, id: string): TestDevice {
  let seq = 0;
  return {
    id,
    send(type, payload) {
      seq += 1;
      const occurredAt = new Date().toISOString();
      return submit(ledger, { id: uuidv7(), type, v: 1, occurredAt, payload, deviceId: id, seq });
    },
  };
}

export function stockOf(db: Database, productId: string, locationId: string): number | undefined {
  return db
    .prepare<[string, string], { quantity: number }>(
      'SELECT quantity FROM stock WHERE product_id = ? AND location_id = ?',
    )
    .get(productId, locationId)?.quantity;
}

export interface ConflictRow {
  id: string;
  kind: string;
  status: string;
  cursor: number;
  event_id: string;
  device_id: string | null;
  detail: Record<string, unknown>;
  resolved_at_cursor: number | null;
  resolution: Record<string, unknown> | null;
}

export function conflictRow(db: Database, id: string): ConflictRow | undefined {
  const row = db
    .prepare<[string], Omit<ConflictRow, 'detail' | 'resolution'> & { detail: string; resolution: string | null }>(
      'SELECT * FROM conflicts WHERE id = ?',
    )
    .get(id);
  if (!row) return undefined;
  return { ...row, detail: JSON.parse(row.detail), resolution: row.resolution ? JSON.parse(row.resolution) : null };
}

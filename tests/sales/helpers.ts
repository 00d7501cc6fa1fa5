/**
 * A small driver for the sales and requests tests: a real ledger file in a temp dir with a catalog, tills that
 * number their events like devices, and `record`, which decides an event and appends {status, event, outcome} in one
 * transaction exactly as the hub's ingest does.
 */
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { expect } from 'vitest';
import type { Decider } from '../../src/main/hub/decisions/decision.js';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import type { LedgerEvent, RecordStatus, StoredRecord } from '../../src/main/hub/ledger/event-log.js';
import { Ledger, type AppendEntry } from '../../src/main/hub/ledger/ledger.js';
import { rebuildProjections, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import { requestDeciders } from '../../src/main/hub/requests/index.js';
import { salesDeciders } from '../../src/main/hub/sales/index.js';
import { firstProblem, payloadValidator } from '../../src/main/hub/sync/protocol-validators.js';
import type { Money } from '../../src/shared/protocol/money.js';
import { onCleanup, receiveEntry, tempDir } from '../helpers/ledger-testkit.js';

export const LOCATIONS = ['floor', 'cooler'] as const;
export const PRODUCTS = ['cola', 'chips', 'gum'] as const;
/** A location the catalog knows but has switched off. */
export const INACTIVE_LOCATION = 'closed-kiosk';

const deciders: Readonly<Record<string, Decider>> = { ...salesDeciders, ...requestDeciders };

export function pln(amount: number): Money {
  return { amount, currency: 'PLN' };
}

function catalogEntry(type: string, payload: object): AppendEntry {
  return { status: 'accepted', event: hubEvent(type, payload, 'test') };
}

/** A ledger with LOCATIONS (active), INACTIVE_LOCATION and PRODUCTS, no stock; closed when the test file ends. */
export function openStore(dataDir = tempDir('backroom-sales-')): Ledger {
  const ledger = Ledger.open(dataDir);
  onCleanup(() => ledger.close());
  ledger.append([
    ...LOCATIONS.map((id) => catalogEntry('catalog.location', { id, name: id, active: true })),
    catalogEntry('catalog.location', { id: INACTIVE_LOCATION, name: 'kiosk', active: false }),
    ...PRODUCTS.map((id) => catalogEntry('catalog.product', { id, name: id, unit: 'pcs' })),
  ]);
  return ledger;
}

/** A fresh store per property run, under one temp root. */
export function storeFactory(): () => Ledger {
  const root = tempDir('backroom-sales-prop-');
  let runs = 0;
  return () => {
    runs += 1;
    return openStore(path.join(root, `run-${runs}`));
  };
}

export function receive(ledger: Ledger, productId: string, locationId: string, quantity: number): void {
  ledger.append([receiveEntry(productId, locationId, quantity)]);
}

/** A device that numbers its events from 1 without gaps, as the SDK does. */
export class Till {
  private seq = 0;

  constructor(readonly deviceId: string) {}

  event(type: string, payload: object, occurredAt = '2026-11-22T10:15:00.000Z'): LedgerEvent {
    this.seq += 1;
    return { id: uuidv7(), type, v: 1, occurredAt, payload: { ...payload }, deviceId: this.deviceId, seq: this.seq };
  }
}

/**
 * Decides `event` at its ledger position and records the decision, in one transaction. The payload must pass its
 * schema first, as at the hub, so no test decides an event a device could never get past validation.
 */
export function record(ledger: Ledger, event: LedgerEvent): StoredRecord {
  const decide = deciders[event.type];
  if (!decide) throw new Error(`no decider for ${event.type}`);
  const schema = payloadValidator(event.type, event.v)!;
  if (!schema.Check(event.payload))
    throw new Error(`invalid ${event.type} payload: ${firstProblem(schema, event.payload)}`);
  return ledger.transaction(() => {
    const { status, outcome } = decide({ db: ledger.db, event, deviceId: event.deviceId });
    return ledger.append([{ status, event, ...(outcome ? { outcome } : {}) }])[0]!;
  });
}

/** Records `event` and checks the status it got, returning the record. */
export function expectStatus(ledger: Ledger, event: LedgerEvent, status: RecordStatus): StoredRecord {
  const stored = record(ledger, event);
  expect(stored.status, JSON.stringify(stored.outcome)).toBe(status);
  return stored;
}

/** Records `event` and checks it was refused with `code`. */
export function expectRefused(ledger: Ledger, event: LedgerEvent, code: string): StoredRecord {
  const stored = expectStatus(ledger, event, 'refused');
  expect((stored.outcome?.refusal as { code: string }).code).toBe(code);
  return stored;
}

export function stockOf(ledger: Ledger, productId: string, locationId: string): number {
  const row = ledger.db
    .prepare<[string, string], { quantity: number }>(
      'SELECT quantity FROM stock WHERE product_id = ? AND location_id = ?',
    )
    .get(productId, locationId);
  return row?.quantity ?? 0;
}

export function rows<T = Record<string, unknown>>(ledger: Ledger, sql: string, ...params: unknown[]): T[] {
  return ledger.db.prepare(sql).all(...params) as T[];
}

/** Rebuilding every projection from the ledger gives exactly the live projections. */
export function expectRebuildMatchesLive(ledger: Ledger): void {
  const live = snapshotProjections(ledger.db);
  rebuildProjections(ledger.db);
  expect(snapshotProjections(ledger.db)).toEqual(live);
}

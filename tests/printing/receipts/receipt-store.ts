/**
 * A store on a real ledger file for the receipt tests: a catalog with Polish product names, and device events
 * validated, decided and appended in one transaction exactly as the hub's ingest does, so receipts render from the
 * projections real sales, refunds and offline card payments leave behind.
 */
import { v7 as uuidv7 } from 'uuid';
import { expect } from 'vitest';
import type { Decider } from '../../../src/main/hub/decisions/decision.js';
import { hubEvent } from '../../../src/main/hub/inventory/hub-events.js';
import type { LedgerEvent, RecordStatus, StoredRecord } from '../../../src/main/hub/ledger/event-log.js';
import { Ledger } from '../../../src/main/hub/ledger/ledger.js';
import { paymentDeciders } from '../../../src/main/hub/payments/index.js';
import type { StoreHeader } from '../../../src/main/hub/printing/receipts/render-receipt.js';
import { salesDeciders } from '../../../src/main/hub/sales/index.js';
import { firstProblem, payloadValidator } from '../../../src/main/hub/sync/protocol-validators.js';
import type { PrinterConfig } from '../../../src/shared/protocol/printing.js';
import type { Tender } from '../../../src/shared/protocol/sales-payloads.js';
import { onCleanup, receiveEntry, tempDir } from '../../helpers/ledger-testkit.js';

export const STORE: StoreHeader = { storeName: 'Sklep u Zosi', storeId: 'store-1', timeZone: 'Europe/Warsaw' };

export const PRODUCT_NAMES = { cola: 'Cola 0,5 l', chips: 'Chipsy paprykowe', beer: 'Piwo Żywiec 0,5 l' } as const;
export const LOCATION_NAMES = { floor: 'Sala sprzedaży', cooler: 'Chłodnia' } as const;

const deciders: Readonly<Record<string, Decider>> = { ...salesDeciders, ...paymentDeciders };

export function printerConfig(model: PrinterConfig['model'], paperWidth: PrinterConfig['paperWidth']): PrinterConfig {
  return {
    id: `printer-${model}-${paperWidth}`,
    name: `Kasa 1 ${model}`,
    connection: { type: 'tcp', host: '192.168.1.50', port: 9100 },
    model,
    paperWidth,
    drawer: { pins: 'pin2', pulseMs: 100 },
    receiptDefault: true,
    enabled: true,
  };
}

/** The catalog, with stock at the floor so sales record without discrepancies; closed when the test file ends. */
export function openReceiptStore(): Ledger {
  const ledger = Ledger.open(tempDir('backroom-receipts-'));
  onCleanup(() => ledger.close());
  const accepted = (type: string, payload: object) => ({
    status: 'accepted' as const,
    event: hubEvent(type, payload, 'test'),
  });
  ledger.append([
    ...Object.entries(LOCATION_NAMES).map(([id, name]) => accepted('catalog.location', { id, name, active: true })),
    ...Object.entries(PRODUCT_NAMES).map(([id, name]) => accepted('catalog.product', { id, name, unit: 'pcs' })),
    ...Object.keys(PRODUCT_NAMES).map((productId) => receiveEntry(productId, 'floor', 100)),
  ]);
  return ledger;
}

/** A device that numbers its events from 1 without gaps, as the SDK does. */
export class Till {
  private seq = 0;

  constructor(readonly deviceId: string) {}

  event(type: string, payload: object, occurredAt: string): LedgerEvent {
    this.seq += 1;
    return { id: uuidv7(), type, v: 1, occurredAt, payload: { ...payload }, deviceId: this.deviceId, seq: this.seq };
  }
}

/** Validates, decides and appends `event` as ingest does, and checks the status it got. */
export function record(ledger: Ledger, event: LedgerEvent, status: RecordStatus = 'accepted'): StoredRecord {
  const schema = payloadValidator(event.type, event.v)!;
  if (!schema.Check(event.payload)) throw new Error(`invalid payload: ${firstProblem(schema, event.payload)}`);
  const stored = ledger.transaction(() => {
    const { status, outcome } = deciders[event.type]!({ db: ledger.db, event, deviceId: event.deviceId });
    return ledger.append([{ status, event, ...(outcome ? { outcome } : {}) }])[0]!;
  });
  expect(stored.status, JSON.stringify(stored.outcome)).toBe(status);
  return stored;
}

export function pln(amount: number) {
  return { amount, currency: 'PLN' };
}

export function tender(method: Tender['method'], amount: number, paymentId?: string): Tender {
  return { method, amount: pln(amount), ...(paymentId ? { paymentId } : {}) };
}

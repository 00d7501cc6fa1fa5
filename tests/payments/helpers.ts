/**
 * A store on a real ledger file for the payments tests: two locations, tills that number their events like devices,
 * and `record`, which validates, decides and appends a device event in one transaction as the hub's ingest does.
 */
import { v7 as uuidv7 } from 'uuid';
import { expect } from 'vitest';
import { AuditTrail } from '../../src/main/hub/audit/audit-trail.js';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import type { LedgerEvent, RecordStatus, StoredRecord } from '../../src/main/hub/ledger/event-log.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { rebuildProjections, snapshotProjections } from '../../src/main/hub/ledger/projections/index.js';
import { paymentDeciders } from '../../src/main/hub/payments/index.js';
import { firstProblem, payloadValidator } from '../../src/main/hub/sync/protocol-validators.js';
import type { OfflineCardPaymentPayload } from '../../src/shared/protocol/payment-payloads.js';
import { onCleanup, tempDir } from '../helpers/ledger-testkit.js';

export interface PaymentStore {
  ledger: Ledger;
  audit: AuditTrail;
}

/** Shelf and cooler, both active; closed when the test file ends. */
export function openPaymentStore(): PaymentStore {
  const ledger = Ledger.open(tempDir('backroom-payments-'));
  onCleanup(() => ledger.close());
  ledger.append(
    ['shelf', 'cooler'].map((id) => ({
      status: 'accepted' as const,
      event: hubEvent('catalog.location', { id, name: id, active: true }, 'test'),
    })),
  );
  return { ledger, audit: new AuditTrail(ledger.db) };
}

/** 10:15 in Warsaw on 22 November 2026. */
export const MORNING = '2026-11-22T09:15:00.000Z';

export interface CardPayment {
  amount: number;
  paymentId?: string;
  locationId?: string;
  currency?: string;
  takenAt?: string;
  approvalId?: string;
}

/** A device that numbers its events from 1 without gaps, as the SDK does. */
export class Till {
  private seq = 0;

  constructor(readonly deviceId: string) {}

  cardPayment({ amount, currency = 'PLN', takenAt = MORNING, ...rest }: CardPayment): LedgerEvent {
    const paymentId = rest.paymentId ?? `pay-${uuidv7()}`;
    const payload: OfflineCardPaymentPayload = {
      paymentId,
      saleId: `sale-${paymentId}`,
      amount: { amount, currency },
      method: 'card',
      locationId: rest.locationId ?? 'shelf',
      takenAt,
      ...(rest.approvalId ? { approvalId: rest.approvalId } : {}),
    };
    this.seq += 1;
    const { deviceId, seq } = this;
    return {
      id: uuidv7(),
      type: 'payment.offline_card',
      v: 1,
      occurredAt: takenAt,
      payload: { ...payload },
      deviceId,
      seq,
    };
  }
}

/** Decides `event` at its ledger position and records the decision, after the payload schema check the hub makes. */
export function record(ledger: Ledger, event: LedgerEvent): StoredRecord {
  const schema = payloadValidator(event.type, event.v)!;
  if (!schema.Check(event.payload)) throw new Error(`invalid payload: ${firstProblem(schema, event.payload)}`);
  return ledger.transaction(() => {
    const { status, outcome } = paymentDeciders[event.type]!({ db: ledger.db, event, deviceId: event.deviceId });
    return ledger.append([{ status, event, ...(outcome ? { outcome } : {}) }])[0]!;
  });
}

export function expectStatus(ledger: Ledger, event: LedgerEvent, status: RecordStatus): StoredRecord {
  const stored = record(ledger, event);
  expect(stored.status, JSON.stringify(stored.outcome)).toBe(status);
  return stored;
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

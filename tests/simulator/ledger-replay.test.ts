/**
 * The simulator's own replay of a ledger, on hand-made records: the rules it holds the hub's figures to.
 */
import { describe, expect, it } from 'vitest';
import { replayLedger, stockKey } from '../../src/device/simulator/ledger-replay.js';
import type { PulledEvent } from '../../src/shared/protocol/device-api.js';

const pln = (amount: number) => ({ amount, currency: 'PLN' });
let cursor = 0;

function record(
  type: string,
  payload: Record<string, unknown>,
  status: PulledEvent['status'] = 'accepted',
  outcome?: Record<string, unknown>,
  occurredAt = '2026-11-22T10:00:00.000Z',
): PulledEvent {
  cursor += 1;
  return {
    cursor,
    recordedAt: occurredAt,
    status,
    event: { id: `e-${cursor}`, type, occurredAt, payload },
    ...(outcome ? { outcome } : {}),
  };
}

const receive = (quantity: number) => record('inventory.receive', { productId: 'p', locationId: 'a', quantity });
const heldIssue = (id: string, quantity: number) =>
  record('inventory.issue', { productId: 'p', locationId: 'a', quantity }, 'conflict', {
    conflict: { id, kind: 'insufficient_stock' },
  });
const resolved = (conflictId: string, action: string, quantity?: number) =>
  record('conflict.resolved', { conflictId, action, ...(quantity === undefined ? {} : { quantity }) });

describe('stock', () => {
  it('applies accepted movements, holds conflicts until a resolution releases them, and counts set the level', () => {
    const replay = replayLedger(
      [
        receive(10),
        record('inventory.transfer', { productId: 'p', fromLocationId: 'a', toLocationId: 'b', quantity: 4 }),
        heldIssue('c-1', 50),
        heldIssue('c-2', 50),
        heldIssue('c-3', 50),
        record('inventory.issue', { productId: 'p', locationId: 'a', quantity: 99 }, 'refused'),
        resolved('c-1', 'modify', 2),
        resolved('c-2', 'accept_server'),
        resolved('c-3', 'escalate'),
        record('inventory.count', { productId: 'p', locationId: 'b', counted: 3 }),
        record('inventory.adjustment', { conflictId: 'c-9', productId: 'p', locationId: 'b', delta: 5 }),
      ],
      'Europe/Warsaw',
    );

    expect(replay.stock.get(stockKey('p', 'a'))).toBe(10 - 4 - 2);
    expect(replay.stock.get(stockKey('p', 'b'))).toBe(3 + 5);
    expect([...replay.conflicts.values()].map(({ id, state }) => [id, state])).toEqual([
      ['c-1', 'resolved'],
      ['c-2', 'resolved'],
      ['c-3', 'escalated'],
    ]);
    expect(replay.unreplayable).toEqual([]);
  });

  it('counts a repeated event once and says so', () => {
    const once = receive(10);
    const replay = replayLedger([once, { ...once, cursor: once.cursor + 1 }], 'Europe/Warsaw');

    expect(replay.duplicates).toBe(1);
    expect(replay.stock.get(stockKey('p', 'a'))).toBe(10);
  });

  it('names a record with a stock effect it has no rule for', () => {
    const replay = replayLedger(
      [record('inventory.mystery', {}, 'accepted', { stock: [{ productId: 'p', locationId: 'a', delta: 1 }] })],
      'Europe/Warsaw',
    );

    expect(replay.unreplayable).toEqual([`inventory.mystery at cursor ${cursor}`]);
  });
});

describe('money', () => {
  const sale = (saleId: string, occurredAt: string, tenders: unknown[]) =>
    record(
      'sale.complete',
      {
        saleId,
        locationId: 'a',
        lines: [{ productId: 'p', quantity: 2, unitPrice: pln(1_50), taxRate: '23' }],
        tenders,
      },
      'accepted',
      undefined,
      occurredAt,
    );

  it('adds sales, refunds and voids up per business date in the store’s time zone, to the grosz', () => {
    const replay = replayLedger(
      [
        // 23:30 UTC is already the next day in Warsaw.
        sale('s-1', '2026-11-21T23:30:00.000Z', [{ method: 'card', amount: pln(3_00), paymentId: 'x' }]),
        sale('s-2', '2026-11-22T10:00:00.000Z', [
          { method: 'cash', amount: pln(1_00) },
          { method: 'card', amount: pln(2_00) },
        ]),
        record('sale.refund', {
          saleId: 's-1',
          refundId: 'r-1',
          lines: [{ productId: 'p', quantity: 1 }],
          tenders: [{ method: 'cash', amount: pln(1_50) }],
        }),
        record('sale.void', { saleId: 's-2' }),
      ],
      'Europe/Warsaw',
    );

    expect([...replay.salesByDate.values()]).toEqual([
      {
        businessDate: '2026-11-22',
        currency: 'PLN',
        gross: 6_00,
        refunds: 1_50,
        voids: 3_00,
        net: 1_50,
        cash: -1_50,
        card: 3_00,
      },
    ]);
    expect(replay.stock.get(stockKey('p', 'a'))).toBe(-4 + 1 + 2);
  });

  it('counts card money authorized and not forwarded; a held payment only once a manager accepts the risk', () => {
    const payment = (paymentId: string, amount: number) => ({
      paymentId,
      saleId: 's',
      amount: pln(amount),
      method: 'card',
      locationId: 'a',
      takenAt: '2026-11-22T10:00:00.000Z',
    });
    const replay = replayLedger(
      [
        record('payment.offline_card', payment('p-1', 100_00)),
        record('payment.offline_card', payment('p-2', 20_00)),
        record('payment.offline_card', payment('p-3', 7_00), 'conflict', {
          conflict: { id: 'c-p3', kind: 'offline_limit_exceeded' },
        }),
        record('payment.offline_card', payment('p-4', 9_00), 'conflict', {
          conflict: { id: 'c-p4', kind: 'offline_limit_exceeded' },
        }),
        record('payment.forwarded', { paymentId: 'p-2' }),
        resolved('c-p3', 'accept_risk'),
      ],
      'Europe/Warsaw',
    );

    expect(replay.exposure.get('PLN')).toBe(100_00 + 7_00);
  });
});

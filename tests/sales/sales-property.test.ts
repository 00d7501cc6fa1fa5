import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../src/main/hub/ledger/event-log.js';
import type { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { expectRebuildMatchesLive, receive, record, rows, stockOf, storeFactory, Till } from './helpers.js';
import { refund, sale, tenders } from './sale-builders.js';

type Command =
  | { kind: 'receive'; productId: string; locationId: string; quantity: number }
  | {
      kind: 'sale';
      till: number;
      locationId: string;
      cashierId: string | null;
      lines: Array<{ productId: string; quantity: number; price: number }>;
      cardShare: number;
      /** Grosze the tenders are over by: 0 for a consistent sale. */
      off: number;
      at: string;
    }
  | {
      kind: 'refund';
      till: number;
      pick: number;
      /** Each line picks one of that sale's products. */
      lines: Array<{ pick: number; quantity: number }>;
      off: number;
      at: string;
    }
  | { kind: 'void'; till: number; pick: number; at: string };

const productId = fc.constantFrom('cola', 'chips', 'gum');
const locationId = fc.constantFrom('floor', 'cooler');
const till = fc.constantFrom(0, 1);
// Around Warsaw midnight, so business dates split.
const at = fc.constantFrom(
  '2026-11-22T10:00:00.000Z',
  '2026-11-22T22:59:59.999Z',
  '2026-11-22T23:00:00.000Z',
  '2026-11-23T12:00:00.000Z',
);
// Over-tendered by a grosz now and then (never under: an amount below zero is no valid payload).
const off = fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) });

const receiveCommand = fc.record({
  kind: fc.constant('receive' as const),
  productId,
  locationId,
  quantity: fc.integer({ min: 1, max: 6 }),
});
const saleCommand = fc.record({
  kind: fc.constant('sale' as const),
  till,
  locationId,
  cashierId: fc.constantFrom('anna', 'bob', null),
  // One line per product keeps the model's refund pricing obvious; several lines of one product are unit-tested.
  lines: fc.uniqueArray(
    fc.record({ productId, quantity: fc.integer({ min: 1, max: 5 }), price: fc.integer({ min: 0, max: 2000 }) }),
    { minLength: 1, maxLength: 3, selector: (line) => line.productId },
  ),
  cardShare: fc.double({ min: 0, max: 1, noNaN: true }),
  off,
  at,
});
const refundCommand = fc.record({
  kind: fc.constant('refund' as const),
  till,
  pick: fc.nat(),
  lines: fc.array(fc.record({ pick: fc.nat(), quantity: fc.integer({ min: 1, max: 2 }) }), {
    minLength: 1,
    maxLength: 2,
  }),
  off,
  at,
});
const voidCommand = fc.record({ kind: fc.constant('void' as const), till, pick: fc.nat(), at });

const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: receiveCommand, weight: 1 },
  { arbitrary: saleCommand, weight: 3 },
  { arbitrary: refundCommand, weight: 3 },
  { arbitrary: voidCommand, weight: 1 },
);

interface ModelSale {
  saleId: string;
  locationId: string;
  price: Map<string, number>;
  sold: Map<string, number>;
  refunded: Map<string, number>;
  voided: boolean;
}

/** What the rules say should happen, computed without the hub's code, plus the money that counts. */
class Model {
  readonly sales: ModelSale[] = [];
  readonly stock = new Map<string, number>();
  net = 0;

  private move(productId: string, locationId: string, delta: number): void {
    const key = `${productId}|${locationId}`;
    this.stock.set(key, (this.stock.get(key) ?? 0) + delta);
  }

  receive(c: Extract<Command, { kind: 'receive' }>): void {
    this.move(c.productId, c.locationId, c.quantity);
  }

  /** The expected status, and whether an accepted sale found its location short. */
  sale(c: Extract<Command, { kind: 'sale' }>, saleId: string): { status: string; short: boolean } {
    if (c.off !== 0) return { status: 'refused', short: false };
    const short = c.lines.some((line) => (this.stock.get(`${line.productId}|${c.locationId}`) ?? 0) < line.quantity);
    for (const line of c.lines) this.move(line.productId, c.locationId, -line.quantity);
    this.sales.push({
      saleId,
      locationId: c.locationId,
      price: new Map(c.lines.map((line) => [line.productId, line.price])),
      sold: new Map(c.lines.map((line) => [line.productId, line.quantity])),
      refunded: new Map(),
      voided: false,
    });
    this.net += total(c.lines);
    return { status: 'accepted', short };
  }

  /** The sale a refund or void picks: one of those recorded so far, or now and then one that never happened. */
  pick(pick: number): ModelSale | undefined {
    return pick % 8 === 0 ? undefined : this.sales[pick % this.sales.length];
  }

  /** The refund lines as products of the picked sale. */
  refundLines(target: ModelSale | undefined, c: Extract<Command, { kind: 'refund' }>) {
    const products = target ? [...target.sold.keys()] : ['cola'];
    return c.lines.map((line) => ({ productId: products[line.pick % products.length]!, quantity: line.quantity }));
  }

  refund(target: ModelSale | undefined, lines: Array<{ productId: string; quantity: number }>, off: number) {
    const asked = new Map<string, number>();
    for (const line of lines) asked.set(line.productId, (asked.get(line.productId) ?? 0) + line.quantity);
    const value = target ? lines.reduce((sum, line) => sum + line.quantity * target.price.get(line.productId)!, 0) : 0;
    const fits =
      target &&
      !target.voided &&
      [...asked].every(([id, quantity]) => quantity <= target.sold.get(id)! - (target.refunded.get(id) ?? 0));
    if (!fits || off !== 0) return { status: 'refused', value };
    for (const [id, quantity] of asked) {
      target.refunded.set(id, (target.refunded.get(id) ?? 0) + quantity);
      this.move(id, target.locationId, quantity);
    }
    this.net -= value;
    return { status: 'accepted', value };
  }

  void(target: ModelSale | undefined): string {
    if (!target || target.voided || target.refunded.size > 0) return 'refused';
    target.voided = true;
    for (const [id, quantity] of target.sold) this.move(id, target.locationId, quantity);
    this.net -= [...target.sold].reduce((sum, [id, quantity]) => sum + quantity * target.price.get(id)!, 0);
    return 'accepted';
  }
}

function total(lines: ReadonlyArray<{ quantity: number; price: number }>): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.price, 0);
}

/** Splits `amount` into cash and card, dropping zero tenders. */
function split(amount: number, cardShare: number) {
  const card = Math.round(amount * cardShare);
  return tenders(['cash', amount - card], ['card', card, 'pi']).filter((tender) => tender.amount.amount > 0);
}

function run(ledger: Ledger, commands: Command[]): void {
  const model = new Model();
  const tills = [new Till('pos-1'), new Till('pos-2')];
  let sales = 0;
  let refunds = 0;
  const check = (event: LedgerEvent, status: string) => expect(record(ledger, event).status).toBe(status);

  for (const c of commands) {
    switch (c.kind) {
      case 'receive':
        model.receive(c);
        receive(ledger, c.productId, c.locationId, c.quantity);
        break;
      case 'sale': {
        sales += 1;
        const id = `s-${sales}`;
        const lines = c.lines.map((line) => [line.productId, line.quantity, line.price] as [string, number, number]);
        const payload = sale(id, c.locationId, lines, split(total(c.lines) + c.off, c.cardShare), {
          ...(c.cashierId ? { cashierId: c.cashierId } : {}),
        });
        const expected = model.sale(c, id);
        const stored = record(ledger, tills[c.till]!.event('sale.complete', payload, c.at));
        expect(stored.status).toBe(expected.status);
        expect(stored.outcome?.discrepancy !== undefined).toBe(expected.short);
        break;
      }
      case 'refund': {
        const target = model.pick(c.pick);
        const lines = model.refundLines(target, c);
        const expected = model.refund(target, lines, c.off);
        const payload = refund(
          target?.saleId ?? 'never-sold',
          `r-${(refunds += 1)}`,
          lines.map((line) => [line.productId, line.quantity]),
          split(expected.value + c.off, 0.5),
        );
        check(tills[c.till]!.event('sale.refund', payload, c.at), expected.status);
        break;
      }
      case 'void': {
        const target = model.pick(c.pick);
        check(tills[c.till]!.event('sale.void', { saleId: target?.saleId ?? 'never-sold' }, c.at), model.void(target));
        break;
      }
    }
  }

  for (const [key, quantity] of model.stock) {
    const [product, location] = key.split('|') as [string, string];
    expect(stockOf(ledger, product, location), key).toBe(quantity);
  }
  const [sums] = rows<{ net: number | null; cash: number | null; card: number | null }>(
    ledger,
    'SELECT SUM(net) AS net, SUM(cash) AS cash, SUM(card) AS card FROM sales_daily_totals',
  );
  expect(sums!.net ?? 0).toBe(model.net);
  expect((sums!.cash ?? 0) + (sums!.card ?? 0)).toBe(model.net);
  expectRebuildMatchesLive(ledger);
}

describe('property: sales, refunds and voids from two tills at two locations', () => {
  it('decide as the rules say, keep stock and daily net to the grosz, and rebuild to the live state', () => {
    const openStore = storeFactory();
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 30 }), (commands) => run(openStore(), commands)),
      { numRuns: 60 },
    );
  });
});

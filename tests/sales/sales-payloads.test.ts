import { describe, expect, it } from 'vitest';
import { payloadValidator } from '../../src/main/hub/sync/protocol-validators.js';
import { MAX_SALE_LINES, MAX_TENDERS } from '../../src/shared/protocol/sales-payloads.js';
import { pln } from './helpers.js';
import { refund, sale, tenders } from './sale-builders.js';

function valid(type: string, payload: unknown): boolean {
  const validator = payloadValidator(type, 1);
  if (!validator) throw new Error(`${type} v1 is not a known event type`);
  return validator.Check(payload);
}

const good = sale('s-1', 'floor', [['cola', 2, 499]], tenders(['card', 998, 'pi_1']), {
  cashierId: 'anna',
  printReceipt: false,
});

describe('sale payload schemas v1', () => {
  it('accept the contract’s sale.complete, sale.refund and sale.void', () => {
    expect(valid('sale.complete', good)).toBe(true);
    expect(
      valid('sale.refund', refund('s-1', 'r-1', [['cola', 1]], tenders(['cash', 499]), { reason: 'broken' })),
    ).toBe(true);
    expect(valid('sale.void', { saleId: 's-1', reason: 'mistake' })).toBe(true);
    expect(valid('sale.void', { saleId: 's-1' })).toBe(true);
  });

  it('reject unknown fields anywhere', () => {
    expect(valid('sale.complete', { ...good, discount: 5 })).toBe(false);
    expect(valid('sale.complete', { ...good, lines: [{ ...good.lines[0], note: 'x' }] })).toBe(false);
    expect(valid('sale.complete', { ...good, tenders: [{ ...good.tenders[0], tip: 1 }] })).toBe(false);
    expect(valid('sale.void', { saleId: 's-1', lines: [] })).toBe(false);
  });

  it('limit lines to 1..200 and tenders to 10', () => {
    const line = good.lines[0]!;
    expect(valid('sale.complete', { ...good, lines: [] })).toBe(false);
    expect(valid('sale.complete', { ...good, lines: Array(MAX_SALE_LINES).fill(line) })).toBe(true);
    expect(valid('sale.complete', { ...good, lines: Array(MAX_SALE_LINES + 1).fill(line) })).toBe(false);
    const cash = { method: 'cash', amount: pln(1) };
    expect(valid('sale.complete', { ...good, tenders: Array(MAX_TENDERS).fill(cash) })).toBe(true);
    expect(valid('sale.complete', { ...good, tenders: Array(MAX_TENDERS + 1).fill(cash) })).toBe(false);
  });

  it('take money only as whole non-negative minor units with an ISO currency code', () => {
    const priced = (unitPrice: unknown) => ({ ...good, lines: [{ ...good.lines[0], unitPrice }] });
    expect(valid('sale.complete', priced({ amount: 4.99, currency: 'PLN' }))).toBe(false);
    expect(valid('sale.complete', priced({ amount: -1, currency: 'PLN' }))).toBe(false);
    expect(valid('sale.complete', priced({ amount: 499, currency: 'pln' }))).toBe(false);
    expect(valid('sale.complete', priced({ amount: 499 }))).toBe(false);
    expect(valid('sale.complete', { ...good, tenders: [{ method: 'voucher', amount: pln(998) }] })).toBe(false);
  });

  it('take quantities as positive integers', () => {
    for (const quantity of [0, -1, 1.5]) {
      expect(valid('sale.complete', { ...good, lines: [{ ...good.lines[0], quantity }] })).toBe(false);
      expect(valid('sale.refund', refund('s-1', 'r-1', [['cola', quantity]], []))).toBe(false);
    }
  });
});

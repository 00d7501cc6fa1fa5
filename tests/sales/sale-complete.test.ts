import { describe, expect, it } from 'vitest';
import {
  expectRebuildMatchesLive,
  expectRefused,
  expectStatus,
  openStore,
  receive,
  rows,
  stockOf,
  Till,
} from './helpers.js';
import { sale, tenders } from './sale-builders.js';

const pos = new Till('pos-1');

describe('sale.complete', () => {
  it('is accepted with stock taken per product and every money figure projected to the grosz', () => {
    const ledger = openStore();
    receive(ledger, 'cola', 'floor', 10);
    receive(ledger, 'chips', 'floor', 5);
    const payload = sale(
      's-1',
      'floor',
      [
        ['cola', 2, 499],
        ['chips', 1, 650],
        ['cola', 1, 450],
      ],
      tenders(['cash', 1000], ['card', 1098, 'pi_offline_1']),
      { cashierId: 'anna', printReceipt: true },
    );
    const stored = expectStatus(ledger, pos.event('sale.complete', payload), 'accepted');

    expect(stored.outcome).toEqual({
      stock: [
        { productId: 'cola', locationId: 'floor', delta: -3 },
        { productId: 'chips', locationId: 'floor', delta: -1 },
      ],
      sale: { businessDate: '2026-11-22', currency: 'PLN', total: 2098, cash: 1000, card: 1098 },
    });
    expect(stockOf(ledger, 'cola', 'floor')).toBe(7);
    expect(stockOf(ledger, 'chips', 'floor')).toBe(4);

    expect(rows(ledger, 'SELECT * FROM sales')).toEqual([
      {
        sale_id: 's-1',
        cursor: stored.cursor,
        event_id: stored.event.id,
        device_id: 'pos-1',
        cashier_id: 'anna',
        location_id: 'floor',
        business_date: '2026-11-22',
        occurred_at: '2026-11-22T10:15:00.000Z',
        status: 'completed',
        currency: 'PLN',
        total: 2098,
        refunded: 0,
        discrepancy_id: null,
        voided_cursor: null,
        void_reason: null,
      },
    ]);
    expect(
      rows(ledger, 'SELECT line_no, product_id, quantity, unit_price, tax_rate, line_total FROM sale_lines'),
    ).toEqual([
      { line_no: 1, product_id: 'cola', quantity: 2, unit_price: 499, tax_rate: '23', line_total: 998 },
      { line_no: 2, product_id: 'chips', quantity: 1, unit_price: 650, tax_rate: '23', line_total: 650 },
      { line_no: 3, product_id: 'cola', quantity: 1, unit_price: 450, tax_rate: '23', line_total: 450 },
    ]);
    expect(rows(ledger, 'SELECT tender_no, method, amount, payment_id FROM sale_tenders')).toEqual([
      { tender_no: 1, method: 'cash', amount: 1000, payment_id: null },
      { tender_no: 2, method: 'card', amount: 1098, payment_id: 'pi_offline_1' },
    ]);
    expect(rows(ledger, 'SELECT * FROM sales_daily_totals')).toEqual([
      {
        business_date: '2026-11-22',
        location_id: 'floor',
        device_id: 'pos-1',
        cashier_id: 'anna',
        currency: 'PLN',
        gross: 2098,
        refunds: 0,
        voids: 0,
        net: 2098,
        sale_count: 1,
        refund_count: 0,
        void_count: 0,
        cash: 1000,
        card: 1098,
      },
    ]);
    expectRebuildMatchesLive(ledger);
  });

  it('is accepted even when the location is short, and carries a stock discrepancy for the manager', () => {
    const ledger = openStore();
    receive(ledger, 'cola', 'cooler', 1);
    const event = pos.event(
      'sale.complete',
      sale(
        's-short',
        'cooler',
        [
          ['cola', 3, 500],
          ['gum', 2, 199],
        ],
        tenders(['cash', 1898]),
      ),
    );
    const stored = expectStatus(ledger, event, 'accepted');

    const discrepancyId = `c-${event.id}`;
    expect(stored.outcome).toEqual({
      stock: [
        { productId: 'cola', locationId: 'cooler', delta: -3 },
        { productId: 'gum', locationId: 'cooler', delta: -2 },
      ],
      sale: { businessDate: '2026-11-22', currency: 'PLN', total: 1898, cash: 1898, card: 0, discrepancyId },
      discrepancy: {
        id: discrepancyId,
        kind: 'stock_discrepancy',
        server: {
          stock: [
            { productId: 'cola', locationId: 'cooler', available: 1 },
            { productId: 'gum', locationId: 'cooler', available: 0 },
          ],
        },
        requested: {
          saleId: 's-short',
          sold: [
            { productId: 'cola', locationId: 'cooler', quantity: 3 },
            { productId: 'gum', locationId: 'cooler', quantity: 2 },
          ],
        },
        options: ['acknowledge', 'escalate'],
      },
    });
    // The sale is a fact: its stock is taken even below zero.
    expect(stockOf(ledger, 'cola', 'cooler')).toBe(-2);
    expect(stockOf(ledger, 'gum', 'cooler')).toBe(-2);
    expect(rows(ledger, 'SELECT status, total, discrepancy_id FROM sales')).toEqual([
      { status: 'completed', total: 1898, discrepancy_id: discrepancyId },
    ]);
    // Nothing is held, but the manager must see it: the conflicts projection opens it from the accepted record.
    expect(rows(ledger, 'SELECT id, kind, status, device_id FROM conflicts')).toEqual([
      { id: discrepancyId, kind: 'stock_discrepancy', status: 'open', device_id: 'pos-1' },
    ]);
    expectRebuildMatchesLive(ledger);
  });

  it('lists only the short products in the discrepancy', () => {
    const ledger = openStore();
    receive(ledger, 'cola', 'floor', 5);
    const payload = sale(
      's-2',
      'floor',
      [
        ['cola', 5, 100],
        ['chips', 1, 100],
      ],
      tenders(['cash', 600]),
    );
    const stored = expectStatus(ledger, pos.event('sale.complete', payload), 'accepted');
    expect((stored.outcome!.discrepancy as { server: unknown }).server).toEqual({
      stock: [{ productId: 'chips', locationId: 'floor', available: 0 }],
    });
  });

  it('is refused TOTALS_MISMATCH with both figures in minor units, changing nothing', () => {
    const ledger = openStore();
    receive(ledger, 'cola', 'floor', 10);
    const payload = sale('s-3', 'floor', [['cola', 3, 333]], tenders(['cash', 500], ['card', 498]));
    const stored = expectRefused(ledger, pos.event('sale.complete', payload), 'TOTALS_MISMATCH');

    expect(stored.outcome).toEqual({
      refusal: { code: 'TOTALS_MISMATCH', message: 'lines come to 999 but tenders to 998 (minor units of PLN)' },
      totals: { goods: 999, tenders: 998, currency: 'PLN' },
    });
    expect(stockOf(ledger, 'cola', 'floor')).toBe(10);
    expect(rows(ledger, 'SELECT * FROM sales')).toEqual([]);
    expect(rows(ledger, 'SELECT * FROM sales_daily_totals')).toEqual([]);
  });

  it('is refused when prices and tenders mix currencies', () => {
    const ledger = openStore();
    const payload = sale(
      's-4',
      'floor',
      [['cola', 1, 500]],
      [{ method: 'cash', amount: { amount: 500, currency: 'EUR' } }],
    );
    expectRefused(ledger, pos.event('sale.complete', payload), 'CURRENCY_MISMATCH');
  });

  it('is refused for a product or location the hub has never heard of, but accepted at an inactive location', () => {
    const ledger = openStore();
    const paid = tenders(['cash', 100]);
    expectRefused(
      ledger,
      pos.event('sale.complete', sale('s-5', 'floor', [['caviar', 1, 100]], paid)),
      'UNKNOWN_PRODUCT',
    );
    expectRefused(
      ledger,
      pos.event('sale.complete', sale('s-5', 'roof', [['cola', 1, 100]], paid)),
      'UNKNOWN_LOCATION',
    );
    expectStatus(ledger, pos.event('sale.complete', sale('s-5', 'closed-kiosk', [['cola', 1, 100]], paid)), 'accepted');
    expect(rows(ledger, 'SELECT sale_id, location_id FROM sales')).toEqual([
      { sale_id: 's-5', location_id: 'closed-kiosk' },
    ]);
  });

  it('is refused DUPLICATE_SALE for a second event with a recorded saleId, leaving the first sale as it was', () => {
    const ledger = openStore();
    receive(ledger, 'gum', 'floor', 10);
    expectStatus(
      ledger,
      pos.event('sale.complete', sale('s-6', 'floor', [['gum', 1, 199]], tenders(['cash', 199]))),
      'accepted',
    );
    const other = new Till('pos-2');
    const again = sale('s-6', 'floor', [['gum', 4, 199]], tenders(['card', 796]));
    expectRefused(ledger, other.event('sale.complete', again), 'DUPLICATE_SALE');
    expect(stockOf(ledger, 'gum', 'floor')).toBe(9);
    expect(rows(ledger, 'SELECT device_id, total FROM sales')).toEqual([{ device_id: 'pos-1', total: 199 }]);
  });

  it('is refused AMOUNT_OUT_OF_RANGE when a line comes to more than money may carry', () => {
    const ledger = openStore();
    const payload = sale('s-7', 'floor', [['cola', 1_000_000, 1_000_000_000]], tenders(['cash', 0]));
    expectRefused(ledger, pos.event('sale.complete', payload), 'AMOUNT_OUT_OF_RANGE');
  });

  it('accepts a free sale with no tenders', () => {
    const ledger = openStore();
    receive(ledger, 'gum', 'floor', 1);
    const stored = expectStatus(
      ledger,
      pos.event('sale.complete', sale('s-8', 'floor', [['gum', 1, 0]], [])),
      'accepted',
    );
    expect(stored.outcome!.sale).toEqual({ businessDate: '2026-11-22', currency: 'PLN', total: 0, cash: 0, card: 0 });
  });
});

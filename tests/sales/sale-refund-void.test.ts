import { beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/main/hub/ledger/ledger.js';
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
import { refund, sale, tenders } from './sale-builders.js';

const pos = new Till('pos-1');
const backOffice = new Till('pos-2');

/** s-1 on pos-1 by anna: 3 cola at 500, 2 chips at 650 (2800), paid 800 cash + 2000 card. */
function sellOne(ledger: Ledger): void {
  receive(ledger, 'cola', 'floor', 10);
  receive(ledger, 'chips', 'floor', 10);
  const payload = sale(
    's-1',
    'floor',
    [
      ['cola', 3, 500],
      ['chips', 2, 650],
    ],
    tenders(['cash', 800], ['card', 2000, 'pi_1']),
    { cashierId: 'anna' },
  );
  expectStatus(ledger, pos.event('sale.complete', payload), 'accepted');
}

function daily(ledger: Ledger) {
  return rows(
    ledger,
    `SELECT business_date, device_id, cashier_id, gross, refunds, voids, net, sale_count, refund_count, void_count,
       cash, card FROM sales_daily_totals ORDER BY business_date, device_id, cashier_id`,
  );
}

describe('sale.refund', () => {
  let ledger: Ledger;
  beforeEach(() => {
    ledger = openStore();
    sellOne(ledger);
  });

  it('returns the goods, pays out the refunded lines at their sale prices and counts in its own bucket', () => {
    const payload = refund('s-1', 'r-1', [['cola', 2]], tenders(['card', 1000, 'pi_1_refund']), {
      reason: 'damaged',
      cashierId: 'bob',
    });
    const stored = expectStatus(
      ledger,
      backOffice.event('sale.refund', payload, '2026-11-23T09:00:00.000Z'),
      'accepted',
    );

    expect(stored.outcome).toEqual({
      stock: [{ productId: 'cola', locationId: 'floor', delta: 2 }],
      refund: {
        businessDate: '2026-11-23',
        currency: 'PLN',
        total: 1000,
        cash: 0,
        card: 1000,
        locationId: 'floor',
        lines: [{ saleLine: 1, productId: 'cola', quantity: 2, amount: 1000 }],
        saleStatus: 'partially_refunded',
      },
    });
    expect(stockOf(ledger, 'cola', 'floor')).toBe(9);
    expect(rows(ledger, 'SELECT status, total, refunded FROM sales')).toEqual([
      { status: 'partially_refunded', total: 2800, refunded: 1000 },
    ]);
    expect(rows(ledger, 'SELECT line_no, refunded_quantity FROM sale_lines')).toEqual([
      { line_no: 1, refunded_quantity: 2 },
      { line_no: 2, refunded_quantity: 0 },
    ]);
    expect(
      rows(ledger, 'SELECT refund_id, sale_id, device_id, cashier_id, business_date, total, reason FROM sale_refunds'),
    ).toEqual([
      {
        refund_id: 'r-1',
        sale_id: 's-1',
        device_id: 'pos-2',
        cashier_id: 'bob',
        business_date: '2026-11-23',
        total: 1000,
        reason: 'damaged',
      },
    ]);
    expect(rows(ledger, 'SELECT * FROM refund_lines')).toEqual([
      { refund_id: 'r-1', sale_line: 1, product_id: 'cola', quantity: 2, amount: 1000 },
    ]);
    expect(rows(ledger, 'SELECT * FROM refund_tenders')).toEqual([
      { refund_id: 'r-1', tender_no: 1, method: 'card', amount: 1000, payment_id: 'pi_1_refund' },
    ]);
    expect(daily(ledger)).toEqual([
      {
        business_date: '2026-11-22',
        device_id: 'pos-1',
        cashier_id: 'anna',
        gross: 2800,
        refunds: 0,
        voids: 0,
        net: 2800,
        sale_count: 1,
        refund_count: 0,
        void_count: 0,
        cash: 800,
        card: 2000,
      },
      {
        business_date: '2026-11-23',
        device_id: 'pos-2',
        cashier_id: 'bob',
        gross: 0,
        refunds: 1000,
        voids: 0,
        net: -1000,
        sale_count: 0,
        refund_count: 1,
        void_count: 0,
        cash: 0,
        card: -1000,
      },
    ]);
    expectRebuildMatchesLive(ledger);
  });

  it('marks the sale refunded once every line is given back, and refuses anything beyond', () => {
    expectStatus(
      ledger,
      pos.event('sale.refund', refund('s-1', 'r-1', [['cola', 1]], tenders(['cash', 500]))),
      'accepted',
    );
    const rest = refund(
      's-1',
      'r-2',
      [
        ['chips', 2],
        ['cola', 2],
      ],
      tenders(['cash', 300], ['card', 2000]),
    );
    const stored = expectStatus(ledger, pos.event('sale.refund', rest), 'accepted');
    expect((stored.outcome!.refund as { lines: unknown }).lines).toEqual([
      { saleLine: 1, productId: 'cola', quantity: 2, amount: 1000 },
      { saleLine: 2, productId: 'chips', quantity: 2, amount: 1300 },
    ]);
    expect(rows(ledger, 'SELECT status, refunded FROM sales')).toEqual([{ status: 'refunded', refunded: 2800 }]);
    expect(stockOf(ledger, 'cola', 'floor')).toBe(10);
    expect(stockOf(ledger, 'chips', 'floor')).toBe(10);
    expectRefused(
      ledger,
      pos.event('sale.refund', refund('s-1', 'r-3', [['cola', 1]], tenders(['cash', 500]))),
      'REFUND_EXCEEDS_SALE',
    );
    // The refunds have no cashier, so they count in the device's '' bucket beside anna's sale.
    expect(
      rows(
        ledger,
        `SELECT SUM(gross) AS gross, SUM(refunds) AS refunds, SUM(net) AS net, SUM(refund_count) AS refund_count,
           SUM(cash) AS cash, SUM(card) AS card FROM sales_daily_totals`,
      ),
    ).toEqual([{ gross: 2800, refunds: 2800, net: 0, refund_count: 2, cash: 0, card: 0 }]);
  });

  it('refuses a quantity above what was sold minus what was already refunded', () => {
    expectStatus(
      ledger,
      pos.event('sale.refund', refund('s-1', 'r-1', [['cola', 2]], tenders(['cash', 1000]))),
      'accepted',
    );
    const stored = expectRefused(
      ledger,
      pos.event('sale.refund', refund('s-1', 'r-2', [['cola', 2]], tenders(['cash', 1000]))),
      'REFUND_EXCEEDS_SALE',
    );
    expect((stored.outcome!.refusal as { message: string }).message).toBe('1 of cola left to refund, 2 asked');
    // The same product twice in one refund adds up.
    expectRefused(
      ledger,
      pos.event(
        'sale.refund',
        refund(
          's-1',
          'r-2',
          [
            ['cola', 1],
            ['cola', 1],
          ],
          tenders(['cash', 1000]),
        ),
      ),
      'REFUND_EXCEEDS_SALE',
    );
    expect(stockOf(ledger, 'cola', 'floor')).toBe(9);
  });

  it('refuses a product the sale does not have, an unknown sale and a recorded refundId', () => {
    expectRefused(ledger, pos.event('sale.refund', refund('s-1', 'r-1', [['gum', 1]], [])), 'PRODUCT_NOT_IN_SALE');
    expectRefused(
      ledger,
      pos.event('sale.refund', refund('s-404', 'r-1', [['cola', 1]], tenders(['cash', 500]))),
      'UNKNOWN_SALE',
    );
    expectStatus(
      ledger,
      pos.event('sale.refund', refund('s-1', 'r-1', [['cola', 1]], tenders(['cash', 500]))),
      'accepted',
    );
    expectRefused(
      ledger,
      pos.event('sale.refund', refund('s-1', 'r-1', [['cola', 1]], tenders(['cash', 500]))),
      'DUPLICATE_REFUND',
    );
  });

  it('refuses tenders that do not pay out exactly the refunded lines, with both figures', () => {
    const stored = expectRefused(
      ledger,
      pos.event('sale.refund', refund('s-1', 'r-1', [['chips', 1]], tenders(['cash', 600]))),
      'TOTALS_MISMATCH',
    );
    expect(stored.outcome!.totals).toEqual({ goods: 650, tenders: 600, currency: 'PLN' });
    expect((stored.outcome!.refusal as { message: string }).message).toBe(
      'refunded lines come to 650 but tenders to 600 (minor units of PLN)',
    );
  });

  it('refuses a refund in another currency than the sale', () => {
    const payload = refund(
      's-1',
      'r-1',
      [['chips', 1]],
      [{ method: 'cash', amount: { amount: 650, currency: 'EUR' } }],
    );
    expectRefused(ledger, pos.event('sale.refund', payload), 'CURRENCY_MISMATCH');
  });

  it('takes a product sold on two lines off the first line first, at each line’s price', () => {
    const payload = sale(
      's-2',
      'floor',
      [
        ['gum', 1, 300],
        ['cola', 1, 100],
        ['gum', 2, 250],
      ],
      tenders(['cash', 900]),
    );
    expectStatus(ledger, pos.event('sale.complete', payload), 'accepted');
    const stored = expectStatus(
      ledger,
      pos.event('sale.refund', refund('s-2', 'r-1', [['gum', 2]], tenders(['cash', 550]))),
      'accepted',
    );
    expect((stored.outcome!.refund as { lines: unknown }).lines).toEqual([
      { saleLine: 1, productId: 'gum', quantity: 1, amount: 300 },
      { saleLine: 3, productId: 'gum', quantity: 1, amount: 250 },
    ]);
  });
});

describe('sale.void', () => {
  let ledger: Ledger;
  beforeEach(() => {
    ledger = openStore();
    sellOne(ledger);
  });

  it('reverses the whole sale: all goods back, all money out, counted as a void in its own bucket', () => {
    const stored = expectStatus(
      ledger,
      pos.event('sale.void', { saleId: 's-1', reason: 'wrong basket', cashierId: 'anna' }),
      'accepted',
    );
    expect(stored.outcome).toEqual({
      stock: [
        { productId: 'cola', locationId: 'floor', delta: 3 },
        { productId: 'chips', locationId: 'floor', delta: 2 },
      ],
      void: { businessDate: '2026-11-22', currency: 'PLN', total: 2800, cash: 800, card: 2000, locationId: 'floor' },
    });
    expect(stockOf(ledger, 'cola', 'floor')).toBe(10);
    expect(stockOf(ledger, 'chips', 'floor')).toBe(10);
    expect(rows(ledger, 'SELECT status, voided_cursor, void_reason FROM sales')).toEqual([
      { status: 'voided', voided_cursor: stored.cursor, void_reason: 'wrong basket' },
    ]);
    expect(daily(ledger)).toEqual([
      {
        business_date: '2026-11-22',
        device_id: 'pos-1',
        cashier_id: 'anna',
        gross: 2800,
        refunds: 0,
        voids: 2800,
        net: 0,
        sale_count: 1,
        refund_count: 0,
        void_count: 1,
        cash: 0,
        card: 0,
      },
    ]);
    expectRebuildMatchesLive(ledger);
  });

  it('refuses a second void, a void after a refund, an unknown sale and a refund after the void', () => {
    const withRefund = openStore();
    sellOne(withRefund);
    expectStatus(
      withRefund,
      pos.event('sale.refund', refund('s-1', 'r-1', [['cola', 1]], tenders(['cash', 500]))),
      'accepted',
    );
    expectRefused(withRefund, pos.event('sale.void', { saleId: 's-1' }), 'SALE_HAS_REFUNDS');

    expectRefused(ledger, pos.event('sale.void', { saleId: 's-404' }), 'UNKNOWN_SALE');
    expectStatus(ledger, pos.event('sale.void', { saleId: 's-1' }), 'accepted');
    expectRefused(ledger, pos.event('sale.void', { saleId: 's-1' }), 'SALE_ALREADY_VOIDED');
    expectRefused(
      ledger,
      pos.event('sale.refund', refund('s-1', 'r-1', [['cola', 1]], tenders(['cash', 500]))),
      'SALE_VOIDED',
    );
    expect(stockOf(ledger, 'cola', 'floor')).toBe(10);
  });
});

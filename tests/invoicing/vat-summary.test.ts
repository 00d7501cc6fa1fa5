import { describe, expect, it } from 'vitest';
import type { InvoiceLine, VatRate } from '../../src/main/hub/invoicing/fa3/invoice-model.js';
import { lineGross, summarizeVat } from '../../src/main/hub/invoicing/fa3/vat-summary.js';

const line = (name: string, quantity: number, unitGrossPrice: number, vatRate: VatRate): InvoiceLine => ({
  name,
  unit: 'szt.',
  quantity,
  unitGrossPrice,
  vatRate,
});

describe('summarizeVat', () => {
  it('takes the VAT out of each rate’s gross summed over the invoice, not line by line', () => {
    // 1.00 at 23% holds 0.18699 of VAT: 0.19 per line, so 0.38 for two lines, but 0.37398 → 0.37 on their sum.
    // 1.00 at 8% holds 0.07407: 0.07 per line, 0.14 for two lines, but 0.14815 → 0.15 on their sum.
    const lines = [
      line('Bułka kajzerka', 1, 100, '23'),
      line('Drożdżówka', 1, 100, '8'),
      line('Rogal', 1, 100, '23'),
      line('Pączek', 1, 100, '8'),
    ];
    expect(summarizeVat(lines)).toEqual({
      rates: [
        { rate: '23', gross: 200, net: 163, vat: 37 },
        { rate: '8', gross: 200, net: 185, vat: 15 },
      ],
      gross: 400,
    });
  });

  it('lists the rates present in the schema’s order, with no VAT for 0%, zw and np', () => {
    const lines = [
      line('Usługa poza krajem', 1, 2500, 'np'),
      line('Znaczek pocztowy', 1, 600, 'zw'),
      line('Towar 0%', 1, 1500, '0'),
      line('Chleb', 1, 599, '5'),
      line('Kanapka', 2, 749, '8'),
      line('Kawa ziarnista', 1, 8999, '23'),
      line('Filtr do kawy', 3, 99, '23'),
    ];
    expect(summarizeVat(lines)).toEqual({
      rates: [
        // Line by line 89.99 and 2.97 hold 16.83 + 0.56 = 17.39 of VAT; their sum 92.96 holds 17.383 → 17.38.
        { rate: '23', gross: 9296, net: 7558, vat: 1738 },
        { rate: '8', gross: 1498, net: 1387, vat: 111 },
        { rate: '5', gross: 599, net: 570, vat: 29 },
        { rate: '0', gross: 1500, net: 1500, vat: 0 },
        { rate: 'zw', gross: 600, net: 600, vat: 0 },
        { rate: 'np', gross: 2500, net: 2500, vat: 0 },
      ],
      gross: 15993,
    });
  });

  it('keeps a correction’s sign, and a full refund’s VAT is exactly the negative of the sale’s', () => {
    const sale = [line('Rogal', 1, 100, '23'), line('Kawa', 3, 1299, '23'), line('Chleb', 1, 599, '5')];
    const refund = sale.map((sold) => ({ ...sold, quantity: -sold.quantity }));
    const sold = summarizeVat(sale);
    expect(summarizeVat(refund)).toEqual({
      rates: sold.rates.map((total) => ({ ...total, gross: -total.gross, net: -total.net, vat: -total.vat })),
      gross: -sold.gross,
    });
    expect(sold.rates[0]).toEqual({ rate: '23', gross: 3997, net: 3250, vat: 747 });
  });

  it('is empty for no lines', () => {
    expect(summarizeVat([])).toEqual({ rates: [], gross: 0 });
  });
});

describe('lineGross', () => {
  it('is quantity × unit gross price, refusing amounts past exact integers', () => {
    expect(lineGross(line('Kawa', -3, 1299, '23'))).toBe(-3897);
    expect(() => lineGross(line('Złoto', 2 ** 30, 2 ** 30, '23'))).toThrow(RangeError);
  });
});

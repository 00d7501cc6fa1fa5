import { describe, expect, it } from 'vitest';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';
import { sale, tenders } from '../sales/sale-builders.js';
import { push, storeHub } from './helpers.js';

describe('GET /v1/admin/sales/daily-totals', () => {
  const store = storeHub([{ productId: 'cola', locationId: 'shelf', quantity: 10 }]);
  const till = new TestDevice();

  it('reports each business day per location, device and cashier to the minor unit', async () => {
    const { t } = store;
    await t.pair(till, 'Till 1');
    const results = await push(t, till, [
      till.envelope('sale.complete', sale('s-1', 'shelf', [['cola', 2, 450]], tenders(['cash', 900]))),
      till.envelope('sale.complete', sale('s-2', 'shelf', [['chips', 1, 699]], tenders(['card', 699, 'pay-2']))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());

    const answer = await t.admin(
      'GET',
      `/v1/admin/sales/daily-totals?from=${today}&to=${today}`,
      undefined,
      store.marta,
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.totals).toEqual([
      expect.objectContaining({
        businessDate: today,
        locationId: 'shelf',
        deviceId: till.deviceId,
        currency: 'PLN',
        gross: 1599,
        net: 1599,
        saleCount: 2,
        cash: 900,
        card: 699,
      }),
    ]);
  });

  it('refuses a reversed or unbounded range, a malformed date and cashiers', async () => {
    const cases: Array<[query: string, who: 'marta' | 'kasia', status: number, code: string]> = [
      ['from=2026-11-22&to=2026-11-01', 'marta', 400, 'INVALID_RANGE'],
      ['from=2020-01-01&to=2026-01-01', 'marta', 400, 'INVALID_RANGE'],
      ['from=yesterday&to=2026-11-22', 'marta', 400, 'INVALID_REQUEST'],
      ['from=2026-11-22&to=2026-11-22', 'kasia', 403, 'FORBIDDEN'],
    ];
    for (const [query, who, status, code] of cases) {
      const answer = await store.t.admin('GET', `/v1/admin/sales/daily-totals?${query}`, undefined, store[who]);
      expectErrorShape(answer, status, code);
    }
  });
});

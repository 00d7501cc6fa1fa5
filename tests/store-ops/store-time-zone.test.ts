import { describe, expect, it } from 'vitest';
import { TestDevice } from '../helpers/device-signer.js';
import { sale, tenders } from '../sales/sale-builders.js';
import { push, storeHub } from './helpers.js';

describe("the store's time zone", () => {
  const store = storeHub([], { timeZone: 'America/New_York' });

  it('is written at start from the settings, so sales count towards the local business day', async () => {
    const { t } = store;
    const db = t.hub.context.ledger.db;
    expect(db.prepare("SELECT value FROM hub_meta WHERE key = 'timeZone'").get()).toEqual({
      value: 'America/New_York',
    });
    const till = new TestDevice();
    await t.pair(till);
    // 03:00 UTC on 22 November is still the 21st in New York (and already the 22nd in Warsaw, the default).
    const occurredAt = '2026-11-22T03:00:00.000Z';
    await push(t, till, [
      till.envelope('sale.complete', sale('s-late', 'shelf', [['cola', 1, 450]], tenders(['cash', 450])), {
        occurredAt,
      }),
    ]);
    expect(
      db.prepare("SELECT business_date AS day, gross FROM sales_daily_totals WHERE location_id = 'shelf'").all(),
    ).toEqual([{ day: '2026-11-21', gross: 450 }]);
  });
});

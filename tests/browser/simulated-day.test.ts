/**
 * After a simulated store day (issue 12, "done means"): tills and a handheld sell, count, move stock and lose the hub,
 * then the manager answers from the screens alone what was sold today and how it was paid, what is on the shelf,
 * what changed a product's stock, and adds tomorrow's new product — each screen audited and photographed.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaySummary } from '../../src/device/simulator/day-summary.js';
import { simulateStoreDay } from '../../src/device/simulator/simulate.js';
import { storeDayPolicy } from '../../src/device/simulator/store-catalog.js';
import { OWNER, openUiSession, screenshot, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

describe('back-office UI after a simulated store day', () => {
  let s: UiSession;
  let summary: DaySummary;

  beforeAll(async () => {
    s = await openUiSession();
    const certificate = readFileSync(path.join(s.hub.dataDir, 'tls', 'cert.pem'), 'utf8');
    summary = await simulateStoreDay({
      hub: {
        hubUrl: s.hub.lanUrl,
        fingerprint: new X509Certificate(certificate).fingerprint256,
        pairingCode: async () => (await s.admin<{ code: string }>('POST', '/v1/admin/pairing-codes')).json.code,
      },
      hubLabel: 'the test hub',
      admin: { url: s.hub.uiUrl, name: OWNER.name, pin: OWNER.pin },
      tills: 3,
      handhelds: 1,
      timeZone: 'Europe/Warsaw',
      actionsPerDevice: 30,
      conflictRate: 0.05,
      offlineForMs: 600,
      approvalWaitMs: 1_000,
      autoApprove: true,
      policy: storeDayPolicy(),
      seed: 12,
      report: () => undefined,
      verbose: false,
    });
  }, 240_000);
  afterAll(() => s?.close());

  it('ran a day that checks out', () => {
    expect(summary.checks.filter((check) => !check.ok)).toEqual([]);
  });

  it("answers what was sold today and how it was paid, with the API's figures", async () => {
    const { page } = s;
    await page.goto('/sales');
    await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Today' }).click();
    const totals = page.getByRole('region', { name: 'Totals in PLN' });
    await totals.waitFor();
    await page.getByRole('table', { name: 'Tender split in PLN' }).waitFor();
    await screenshot(page, 'day-sales');
    await expectAccessible(page, 'day-sales');
    expect(await totals.textContent()).not.toContain('0.00 PLN0.00');
  });

  it('shows what is on the shelf, and what changed one product’s stock', async () => {
    const { page } = s;
    await page.goto('/stock');
    const table = page.getByRole('table', { name: 'Stock per product and location' });
    await table.waitFor();
    await screenshot(page, 'day-stock');
    await expectAccessible(page, 'day-stock');
    const levels = (await s.admin<{ levels: Array<{ productId: string }> }>('GET', '/v1/admin/stock')).json.levels;
    expect(levels.length).toBeGreaterThan(0);
    await page.goto(`/stock/products/${encodeURIComponent(levels[0]!.productId)}`);
    await page.getByRole('table').first().waitFor();
    await screenshot(page, 'day-stock-history');
    await expectAccessible(page, 'day-stock-history');
  });

  it("adds tomorrow's new product from the Catalog screen", async () => {
    const { page } = s;
    await page.goto('/catalog');
    await page.getByRole('button', { name: 'Add a product' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Product ID').fill('tomorrow-bread');
    await dialog.getByLabel('Name').fill('Chleb żytni 500 g');
    await dialog.getByLabel('Price (PLN)').fill('6,99');
    await dialog.getByLabel('VAT rate').selectOption('5');
    await screenshot(page, 'day-catalog-add');
    await dialog.getByRole('button', { name: 'Add product' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'Chleb żytni 500 g' }).first().waitFor();
    await screenshot(page, 'day-catalog');
    await expectAccessible(page, 'day-catalog');
    const found = await s.admin<{ products: Array<{ id: string; price: { amount: number } | null }> }>(
      'GET',
      '/v1/admin/catalog/products?q=tomorrow-bread',
    );
    expect(found.json.products.map((p) => [p.id, p.price?.amount])).toEqual([['tomorrow-bread', 699]]);
  });
});

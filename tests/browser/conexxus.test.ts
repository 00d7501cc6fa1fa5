/**
 * Conexxus reporting in real Chromium (issue 8): the owner turns it on in Settings → Connectors with the PIN,
 * pointing the hub at the NAXML back office fake (src/fakes/naxml). A till's sales, refund and void are journalled at
 * once; the manager runs the end of day for an earlier business date on the Upstream screen and sees each report
 * delivered and acknowledged. A till that syncs that day late makes a correction: both revisions are on screen, and
 * the back office's warning on one document is shown with it. The fake's own count says each document arrived once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNaxmlFake, type NaxmlFake } from '../../src/fakes/naxml/index.js';
import { businessDate } from '../../src/shared/store-calendar.js';
import type { TestDevice } from '../helpers/device-signer.js';
import { OWNER, openUiSession, screenshot, seedShelf, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

/** Three days ago in the store's zone: a closed business date, reported by hand. */
const DAY = businessDate(new Date(Date.now() - 3 * 86_400_000).toISOString(), 'Europe/Warsaw');
const NOON = `${DAY}T11:00:00.000Z`;
const later = (minutes: number) => new Date(Date.parse(NOON) + minutes * 60_000).toISOString();
const pln = (amount: number) => ({ amount, currency: 'PLN' });

describe('back-office UI: Conexxus reporting', () => {
  let s: UiSession;
  let backOffice: NaxmlFake;
  let till: TestDevice;

  const push = async (events: unknown[]) => {
    const pushed = await s.lan('POST', '/v1/events', { token: till.token, body: { events } });
    for (const result of pushed.json.results) expect(result.status, pushed.text).toBe('accepted');
  };
  const sale = (saleId: string, quantity: number, occurredAt: string) =>
    till.envelope(
      'sale.complete',
      {
        saleId,
        locationId: 'shelf',
        cashierId: 'anna',
        lines: [{ productId: 'cola', quantity, unitPrice: pln(450), taxRate: '23' }],
        tenders: [{ method: 'cash', amount: pln(450 * quantity) }],
      },
      { occurredAt },
    );
  const daysTable = () => s.page.getByRole('table', { name: 'End of day by business date, newest first' });
  const applied = (prefix: string) => backOffice.applied().filter((doc) => doc.fileName.startsWith(prefix));

  beforeAll(async () => {
    backOffice = await startNaxmlFake();
    s = await openUiSession({
      env: {
        BACKROOM_UPSTREAM_PROBES_INTERVAL_SECONDS: '1',
        BACKROOM_UPSTREAM_PROBES_FAILURE_INTERVAL_SECONDS: '1',
        BACKROOM_UPSTREAM_CONEXXUS_SCHEDULE_CHECK_SECONDS: '1',
      },
    });
    await seedShelf(s, 50);
    till = await s.pair('Till 1');
  });
  afterAll(async () => {
    await s?.close();
    await backOffice?.close();
  });

  it('is turned on in Settings → Connectors with the PIN, the back office URL and no secret shown', async () => {
    await s.page.goto('/settings');
    const form = s.page.getByRole('form', { name: 'Conexxus settings' });
    await form.waitFor();
    await form.getByLabel('Enabled').check();
    await form.getByLabel('Store location ID').fill('1022');
    await form.getByLabel('HTTPS POST').check();
    await form.getByLabel('Back office URL').fill(backOffice.url);
    await form.getByLabel('Your PIN').fill(OWNER.pin);
    await form.getByRole('button', { name: 'Save Conexxus settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved. New documents go with these settings.' }).waitFor();
    await screenshot(s.page, 'conexxus-settings');
    await expectAccessible(s.page, 'conexxus-settings');
    expect(s.problems).toEqual([]);
  });

  it('journals each sale, refund and void at once, each applied once at the back office', async () => {
    await push([
      sale('s1', 2, NOON),
      sale('s2', 1, later(10)),
      till.envelope('sale.void', { saleId: 's2', reason: 'wrong item' }, { occurredAt: later(12) }),
      till.envelope(
        'sale.refund',
        {
          saleId: 's1',
          refundId: 'r1',
          lines: [{ productId: 'cola', quantity: 1 }],
          tenders: [{ method: 'cash', amount: pln(450) }],
        },
        { occurredAt: later(30) },
      ),
    ]);
    await s.page.goto('/upstream');
    const journal = s.page.getByRole('region', { name: 'POS journal' });
    await journal
      .getByRole('row', { name: /POS journal entry.*s1.*Done/ })
      .first()
      .waitFor();
    await expect.poll(() => applied('PJR').length, { timeout: 15_000 }).toBe(4);
    expect(applied('PJR').every((doc) => doc.deliveries === 1)).toBe(true);
    await screenshot(s.page, 'conexxus-journal');
    await expectAccessible(s.page, 'conexxus-journal');
  });

  it('runs the end of day for an earlier date: four reports delivered and acknowledged', async () => {
    const run = s.page.getByRole('form', { name: 'Run end of day' });
    await run.getByLabel('Business date').fill(DAY);
    await run.getByRole('button', { name: 'Run end of day' }).click();
    await run.getByRole('status').filter({ hasText: /R1/ }).waitFor();
    await daysTable()
      .getByRole('row', { name: /Acknowledged/ })
      .waitFor({ timeout: 15_000 });
    expect(applied('ISM').map((doc) => doc.fileName)).toEqual([`ISM340_1022_${DAY.replaceAll('-', '')}_R01.xml`]);
    // Running the unchanged day again makes nothing new.
    await run.getByRole('button', { name: 'Run end of day' }).click();
    await run
      .getByRole('status')
      .filter({ hasText: /Nothing new was sent/ })
      .waitFor();
    expect(backOffice.applied().filter((doc) => /^(ISM|MCM|TLM|MSM)/.test(doc.fileName))).toHaveLength(4);
  });

  it('a till that syncs the day late makes a correction; both revisions and the warning are on screen', async () => {
    // The late sale's journal entry is the next delivery, the correction's ISM the one after: both take the warning.
    backOffice.fail(
      { kind: 'nonFatal', message: 'Department 0 is not in the head-office price book; booked as misc' },
      2,
    );
    await push([sale('s3', 3, later(300))]);
    await daysTable().getByRole('row', { name: /R2/ }).waitFor({ timeout: 20_000 });
    await daysTable()
      .getByRole('row', { name: /Warning/ })
      .waitFor({ timeout: 20_000 });
    await s.page
      .getByRole('button', { name: /^Show revisions of / })
      .first()
      .click();
    const revisions = s.page.getByRole('region', { name: /^Revisions of / });
    await revisions.getByText(/recorded after revision 1/).waitFor();
    await revisions.getByText('Department 0 is not in the head-office price book; booked as misc').waitFor();
    expect(await revisions.getByRole('link', { name: /^Download XML: / }).count()).toBe(8);
    await screenshot(s.page, 'conexxus-end-of-day');
    await expectAccessible(s.page, 'conexxus-end-of-day');
    // Each of the eight reports, and the five journal entries, applied exactly once.
    await expect.poll(() => backOffice.applied().length, { timeout: 15_000 }).toBe(13);
    expect(backOffice.applied().every((doc) => doc.deliveries === 1)).toBe(true);
    expect(s.problems).toEqual([]);
  });
});

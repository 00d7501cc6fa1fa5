/**
 * Settings → Connectors → Conexxus over HTTP (issue 8): the manager's PIN again, settings that could never deliver
 * refused with a clear 400, the password never shown back, every change audited without it; products carry their
 * department to devices; the Conexxus connector and its alerts as the screens see them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorSettingsView, UpstreamOverview } from '../../src/shared/protocol/upstream-views.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { tempDir } from '../helpers/ledger-testkit.js';

const PIN = '13579';
const base = {
  enabled: true,
  storeLocationId: '1022',
  vendorName: 'Backroom',
  transport: 'folder',
  folder: '/srv/naxml/out',
  url: '',
  auth: 'none',
  username: '',
  endOfDayAt: '02:00',
  acknowledgedBy: '09:00',
  defaultMerchandiseCode: '0',
  pin: PIN,
};

describe('Conexxus settings and catalog departments', () => {
  let t: DeviceTestHub;
  const put = (body: Record<string, unknown>) => t.admin('PUT', '/v1/admin/settings/connectors/conexxus', body);

  beforeAll(async () => {
    t = await startDeviceTestHub();
  });
  afterAll(async () => {
    await t?.hub.stop();
  });

  it('starts off, and a store that reports nowhere is not nagged', async () => {
    const settings = await t.admin<ConnectorSettingsView>('GET', '/v1/admin/settings/connectors');
    expect(settings.json.conexxus).toMatchObject({ enabled: false, secretSet: false, endOfDayAt: '02:00' });
    const overview = await t.admin<UpstreamOverview>('GET', '/v1/admin/upstream');
    const conexxus = overview.json.connectors.find((c) => c.name === 'conexxus')!;
    expect(conexxus).toMatchObject({
      configured: false,
      paused: true,
      depth: 0,
      label: 'Conexxus (NAXML back office)',
    });
    t.hub.context.alerts.evaluate();
    expect(t.hub.context.alerts.list('active', 100).map((a) => a.key)).not.toContain('connector-config:conexxus');
  });

  it.each([
    [{ folder: 'relative/out' }, /absolute path/],
    [{ transport: 'https', url: 'not a url' }, /not a URL/],
    [{ transport: 'https', url: 'http://backoffice.example.com/naxml' }, /must be https/],
    [{ transport: 'https', url: 'https://bo.example.com/naxml', auth: 'basic', username: '' }, /user name/],
    [{ transport: 'https', url: 'https://bo.example.com/naxml', auth: 'bearer' }, /needs a password or token/],
  ])('refuses %j with 400 and a reason', async (change, reason) => {
    const answer = await put({ ...base, ...change });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.json.error).toMatchObject({
      code: 'CONEXXUS_SETTINGS_INVALID',
      message: expect.stringMatching(reason),
    });
  });

  it('refuses what the schema forbids, and a wrong PIN', async () => {
    expect((await put({ ...base, endOfDayAt: '25:00' })).status).toBe(400);
    expect((await put({ ...base, storeLocationId: '../x' })).status).toBe(400);
    expect((await put({ ...base, transport: 'ftp' })).status).toBe(400);
    expect((await put({ ...base, surprise: true })).status).toBe(400);
    const wrong = await put({ ...base, pin: '00000' });
    expect(wrong.status).toBe(401);
  });

  it('keeps the password in the secret store: never shown back, audited without it', async () => {
    const saved = await put({
      ...base,
      transport: 'https',
      url: 'http://127.0.0.1:9/naxml',
      auth: 'basic',
      username: 'store1022',
      secret: 'hunter2-very-secret',
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.text).not.toContain('hunter2');
    expect(saved.json).toMatchObject({ secretSet: true, auth: 'basic', updatedBy: 'Olga' });
    // Leaving the secret out keeps the stored one.
    const kept = await put({
      ...base,
      transport: 'https',
      url: 'http://127.0.0.1:9/naxml',
      auth: 'basic',
      username: 'u',
    });
    expect(kept.json.secretSet).toBe(true);
    const audit = t.hub.context.audit.list({ limit: 20 }).filter((entry) => entry.action === 'connectors.conexxus');
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('hunter2');
    expect(audit[0]!.detail).toMatchObject({ secretChanged: expect.any(Boolean) });
  });

  it('turned off while documents wait, it says so as an alert', async () => {
    const folder = tempDir('backroom-naxml-');
    expect((await put({ ...base, folder })).status).toBe(200);
    // The back office keeps refusing: the documents wait, paused, when Conexxus is switched off.
    await t.hub.context.upstream.conexxus.pool.stop(1000);
    await seedCatalog(t);
    const till = new TestDevice();
    await t.pair(till);
    const pushed = await t.lan('POST', '/v1/events', {
      token: till.token,
      body: {
        events: [
          till.envelope('sale.complete', {
            saleId: 'late-1',
            locationId: 'shelf',
            lines: [{ productId: 'cola', quantity: 1, unitPrice: { amount: 450, currency: 'PLN' }, taxRate: '23' }],
            tenders: [{ method: 'cash', amount: { amount: 450, currency: 'PLN' } }],
          }),
        ],
      },
    });
    expect(pushed.status).toBe(200);
    expect((await put({ ...base, folder, enabled: false })).status).toBe(200);
    t.hub.context.alerts.evaluate();
    const alert = t.hub.context.alerts.list('active', 100).find((a) => a.key === 'connector-config:conexxus');
    expect(alert?.message).toMatch(/Conexxus reporting is off.*1 job waits/);
  });

  it('takes a department on a product and hands it to devices', async () => {
    const made = await t.admin('POST', '/v1/admin/catalog/products', {
      id: 'ice',
      name: 'Ice 2 kg',
      unit: 'pcs',
      merchandiseCode: '17',
    });
    expect(made.status, made.text).toBe(201);
    const bad = await t.admin('POST', '/v1/admin/catalog/products', {
      id: 'ice',
      name: 'Ice 2 kg',
      unit: 'pcs',
      merchandiseCode: 'no spaces',
    });
    expect(bad.status).toBe(400);
    const till = new TestDevice();
    await t.pair(till, 'Till 9');
    const state = await t.lan('GET', '/v1/state', { token: till.token });
    const products = state.json.catalog.products as Array<{ id: string; merchandiseCode?: string }>;
    expect(products.find((p) => p.id === 'ice')).toMatchObject({ merchandiseCode: '17' });
    expect(products.find((p) => p.id === 'cola')).not.toHaveProperty('merchandiseCode');
    // A later version without one drops it.
    await t.admin('POST', '/v1/admin/catalog/products', { id: 'ice', name: 'Ice 2 kg', unit: 'pcs' });
    const after = await t.lan('GET', '/v1/state', { token: till.token });
    expect(after.json.catalog.products.find((p: { id: string }) => p.id === 'ice')).not.toHaveProperty(
      'merchandiseCode',
    );
  });
});

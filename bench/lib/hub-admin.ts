import type { HubProcess } from './hub-process.js';

/** What every bench event moves: returns of one product to one shelf, accepted whatever the stock. */
export const BENCH_CATALOG = { productId: 'cola', locationId: 'shelf' } as const;

/** The owner every bench hub is set up with. */
export const BENCH_OWNER = { name: 'Bench', pin: '24680' } as const;

/** The manager's side of a bench hub, over the admin API on the UI listener: the owner, pairing codes, catalog. */
export class HubAdmin {
  private constructor(
    private readonly uiUrl: string,
    private readonly cookie: string,
  ) {}

  /** Creates the owner with the one-time setup code the hub logged; that also logs the owner in. */
  static async setUp(hub: HubProcess): Promise<HubAdmin> {
    const response = await fetch(`${hub.uiUrl}/v1/admin/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ setupCode: await hub.setupCode(), owner: BENCH_OWNER }),
    });
    if (response.status !== 201) throw new Error(`owner setup answered ${response.status}: ${await response.text()}`);
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('backroom_session='));
    if (!cookie) throw new Error('owner setup set no session cookie');
    return new HubAdmin(hub.uiUrl, cookie.split(';')[0]!);
  }

  async pairingCode(): Promise<string> {
    return ((await this.post('/v1/admin/pairing-codes')) as { code: string }).code;
  }

  async seedCatalog(): Promise<void> {
    const { productId, locationId } = BENCH_CATALOG;
    await this.post('/v1/admin/catalog/locations', { id: locationId, name: 'Shelf', active: true });
    await this.post('/v1/admin/catalog/products', { id: productId, name: 'Cola', unit: 'pcs' });
  }

  private async post(path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.uiUrl}${path}`, {
      method: 'POST',
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  }
}

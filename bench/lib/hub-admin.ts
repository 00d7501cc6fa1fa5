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
    return HubAdmin.open(hub.uiUrl, '/v1/admin/setup', { setupCode: await hub.setupCode(), owner: BENCH_OWNER }, 201);
  }

  /** A session of its own for the owner `setUp` created (another process's side of the same hub). */
  static logIn(uiUrl: string): Promise<HubAdmin> {
    return HubAdmin.open(uiUrl, '/v1/admin/session', BENCH_OWNER, 200);
  }

  private static async open(uiUrl: string, path: string, body: unknown, expected: number): Promise<HubAdmin> {
    const response = await fetch(`${uiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== expected)
      throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('backroom_session='));
    if (!cookie) throw new Error(`POST ${path} set no session cookie`);
    return new HubAdmin(uiUrl, cookie.split(';')[0]!);
  }

  async pairingCode(): Promise<string> {
    return (await this.call<{ code: string }>('POST', '/v1/admin/pairing-codes', undefined, 201)).code;
  }

  async seedCatalog(): Promise<void> {
    const { productId, locationId } = BENCH_CATALOG;
    await this.call('POST', '/v1/admin/catalog/locations', { id: locationId, name: 'Shelf', active: true }, 201);
    await this.call('POST', '/v1/admin/catalog/products', { id: productId, name: 'Cola', unit: 'pcs' }, 201);
  }

  async call<T>(method: 'GET' | 'POST', path: string, body: unknown, expected: number): Promise<T> {
    const response = await fetch(`${this.uiUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/main/hub/config/load-config.js';
import { startHub, type Hub } from '../../src/main/hub/hub.js';
import { createLogger } from '../../src/main/hub/observability/logger.js';
import { createFileSecretStore } from '../../src/main/hub/security/file-secret-store.js';
import { MemorySecretStore } from '../../src/main/hub/security/memory-secret-store.js';
import type { SecretStore } from '../../src/main/hub/security/secret-store.js';
import { expectErrorShape, fetchAnswer, httpsRequest, type HttpAnswer } from '../helpers/ledger-http.js';
import { tempDir } from '../helpers/ledger-testkit.js';
import { CLOSED_LOOPBACK } from '../helpers/test-hub.js';

const BODY_LIMIT = 2048;

function configFor(dataDir: string) {
  return loadConfig({
    flags: {
      'upstream.probes.internet': CLOSED_LOOPBACK,
      'upstream.probes.stripe': CLOSED_LOOPBACK,
      dataDir,
      'ui.port': 0,
      'lan.port': 0,
      'lan.host': '127.0.0.1',
      'mdns.enabled': false,
      'backup.intervalMinutes': 0,
      'limits.bodyBytes': BODY_LIMIT,
    },
    env: {},
  });
}

async function start(dataDir: string, secrets: SecretStore): Promise<Hub> {
  return startHub({ config: configFor(dataDir), secrets, logger: createLogger('silent') });
}

describe('HTTP errors and observability on a real hub', () => {
  let hub: Hub;
  let ui: string;
  let lan: string;
  const cookies: Record<string, string> = {};

  const json = (body: unknown, cookie?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const post = (path: string, body: unknown, cookie?: string) => fetchAnswer(`${ui}${path}`, json(body, cookie));

  async function login(name: string, pin: string): Promise<string> {
    const response = await fetch(`${ui}/v1/admin/session`, json({ name, pin }));
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('backroom_session='));
    expect(cookie).toBeDefined();
    return cookie!.split(';')[0]!;
  }

  beforeAll(async () => {
    hub = await start(tempDir(), new MemorySecretStore());
    ui = hub.status().uiUrl;
    lan = hub.status().lanUrl;
    const users = hub.context.users;
    await Promise.all([
      users.add({ name: 'Olga', role: 'owner', pin: '13579' }),
      users.add({ name: 'Mia', role: 'manager', pin: '2468' }),
      users.add({ name: 'Cas', role: 'cashier', pin: '1111' }),
      users.add({ name: 'Lou', role: 'cashier', pin: '4321' }),
    ]);
    cookies.manager = await login('Mia', '2468');
    cookies.cashier = await login('Cas', '1111');
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('404 for unknown routes on both listeners', async () => {
    expectErrorShape(await fetchAnswer(`${ui}/v1/no-such-thing`), 404, 'NOT_FOUND');
    expectErrorShape(await post('/v1/admin/no-such-thing', {}), 404, 'NOT_FOUND');
    expectErrorShape(await httpsRequest(`${lan}/v1/no-such-thing`), 404, 'NOT_FOUND');
    // The admin API and metrics are not on the LAN listener at all.
    expectErrorShape(await httpsRequest(`${lan}/metrics`), 404, 'NOT_FOUND');
    expectErrorShape(
      await httpsRequest(`${lan}/v1/admin/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('400 for malformed or empty JSON, 413 over limits.bodyBytes, 415 for other content types', async () => {
    const raw = (body: string, type = 'application/json') =>
      fetchAnswer(`${ui}/v1/admin/session`, { method: 'POST', headers: { 'content-type': type }, body });
    expectErrorShape(await raw('{"name": "Mia", "pin": '), 400, 'MALFORMED_JSON');
    expectErrorShape(await raw(''), 400, 'MALFORMED_JSON');
    const big = JSON.stringify({ name: 'Mia', pin: '2468', padding: 'x'.repeat(BODY_LIMIT) });
    expectErrorShape(await raw(big), 413, 'PAYLOAD_TOO_LARGE');
    expectErrorShape(
      await raw('name=Mia&pin=2468', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectErrorShape(await raw('Mia 2468', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('400 INVALID_REQUEST when the body fails its schema, and nothing is recorded', async () => {
    const before = hub.context.ledger.head().cursor;
    const bad = expectErrorShape(await post('/v1/admin/session', { name: '', pin: '12' }), 400, 'INVALID_REQUEST');
    expect(bad.message).toMatch(/body/);
    expectErrorShape(
      await post('/v1/admin/session', { name: 'Mia', pin: '2468', role: 'owner' }),
      400,
      'INVALID_REQUEST',
    );
    expectErrorShape(
      await post('/v1/admin/catalog/products', { id: 'p 1', name: 'Bad id', unit: 'pcs' }, cookies.manager),
      400,
      'INVALID_REQUEST',
    );
    expectErrorShape(
      await post(
        '/v1/admin/catalog/products',
        { id: 'p1', name: 'Float', unit: 'pcs', price: { amount: 1.5, currency: 'PLN' } },
        cookies.manager,
      ),
      400,
      'INVALID_REQUEST',
    );
    expect(hub.context.ledger.head().cursor).toBe(before);
  });

  it('401 without a session, 403 with too low a role, 404/409 for domain refusals', async () => {
    const product = {
      id: 'cola',
      name: 'Cola 0.5 l',
      unit: 'pcs',
      price: { amount: 499, currency: 'PLN' },
      taxRate: '23',
    };
    expectErrorShape(await post('/v1/admin/catalog/products', product), 401, 'UNAUTHENTICATED');
    expectErrorShape(
      await post('/v1/admin/catalog/products', product, 'backroom_session=forged'),
      401,
      'UNAUTHENTICATED',
    );
    expectErrorShape(await fetchAnswer(`${ui}/v1/admin/overview`), 401, 'UNAUTHENTICATED');
    expectErrorShape(await post('/v1/admin/catalog/products', product, cookies.cashier), 403, 'FORBIDDEN');
    expectErrorShape(
      await post('/v1/admin/catalog/locations', { id: 'shelf', name: 'Shelf', active: true }, cookies.cashier),
      403,
      'FORBIDDEN',
    );

    const created = await post('/v1/admin/catalog/products', product, cookies.manager);
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text)).toMatchObject({ cursor: expect.any(Number), eventId: expect.any(String) });
    expectErrorShape(
      await post(
        '/v1/admin/inventory/receipts',
        { productId: 'nope', locationId: 'shelf', quantity: 1 },
        cookies.manager,
      ),
      404,
      'UNKNOWN_PRODUCT',
    );
    expectErrorShape(
      await post('/v1/admin/setup', { setupCode: '12345678', owner: { name: 'Eve', pin: '0000' } }),
      409,
      'SETUP_DONE',
    );
  });

  it('401 for a wrong PIN or unknown name, 423 once an account is locked (even with the right PIN)', async () => {
    expectErrorShape(await post('/v1/admin/session', { name: 'Mia', pin: '9999' }), 401, 'INVALID_CREDENTIALS');
    expectErrorShape(await post('/v1/admin/session', { name: 'Nobody', pin: '9999' }), 401, 'INVALID_CREDENTIALS');
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expectErrorShape(await post('/v1/admin/session', { name: 'Lou', pin: '0000' }), 401, 'INVALID_CREDENTIALS');
    }
    const locked = expectErrorShape(
      await post('/v1/admin/session', { name: 'Lou', pin: '0000' }),
      423,
      'ACCOUNT_LOCKED',
    );
    expect(locked.message).toMatch(/locked until/);
    expectErrorShape(await post('/v1/admin/session', { name: 'Lou', pin: '4321' }), 423, 'ACCOUNT_LOCKED');
    // Mia's earlier failure did not lock her.
    expect(await login('Mia', '2468')).toMatch(/^backroom_session=/);
  });

  it('the LAN listener answers https /health with the certificate status() reports', async () => {
    const health = await httpsRequest(`${lan}/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok', hubId: hub.status().identity.hubId });
    expect(health.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(health.fingerprint).toBe(hub.status().tlsFingerprint);
    expect(hub.status().lanUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('x-request-id on every response, echoed when the client sends a sane one', async () => {
    const answers: HttpAnswer[] = [
      await fetchAnswer(`${ui}/health`),
      await fetchAnswer(`${ui}/v1/nope`),
      await httpsRequest(`${lan}/health`),
    ];
    for (const answer of answers) expect(answer.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
    const echoed = await fetchAnswer(`${ui}/health`, { headers: { 'x-request-id': 'till-7.req-42' } });
    expect(echoed.headers['x-request-id']).toBe('till-7.req-42');
    const replaced = await fetchAnswer(`${ui}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('/metrics is Prometheus text with backroom_http_requests_total', async () => {
    await httpsRequest(`${lan}/health`);
    const metrics = await fetchAnswer(`${ui}/metrics`);
    expect(metrics.status).toBe(200);
    expect(String(metrics.headers['content-type'])).toMatch(/^text\/plain/);
    expect(metrics.text).toContain('# TYPE backroom_http_requests_total counter');
    expect(metrics.text).toMatch(/^backroom_http_requests_total\{[^}]*listener="ui"[^}]*status="404"[^}]*\} \d+/m);
    expect(metrics.text).toMatch(/^backroom_http_requests_total\{[^}]*listener="lan"[^}]*\} \d+/m);
    expect(metrics.text).toMatch(/^backroom_ledger_head_cursor \d+/m);
  });

  it('/v1/openapi.json is an OpenAPI 3 document on both listeners', async () => {
    const uiDoc = JSON.parse((await fetchAnswer(`${ui}/v1/openapi.json`)).text) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(uiDoc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(Object.keys(uiDoc.paths)).toEqual(
      expect.arrayContaining(['/health', '/v1/admin/session', '/v1/admin/catalog/products']),
    );
    const lanAnswer = await httpsRequest(`${lan}/v1/openapi.json`);
    expect(lanAnswer.status).toBe(200);
    const lanDoc = JSON.parse(lanAnswer.text) as { openapi: string; paths: Record<string, unknown> };
    expect(lanDoc.openapi).toMatch(/^3\./);
    expect(Object.keys(lanDoc.paths)).toContain('/health');
    expect(Object.keys(lanDoc.paths)).not.toContain('/v1/admin/session');
  });
});

describe('TLS identity across restarts', () => {
  it('the LAN certificate (and its fingerprint) survives stop + start with the same data dir and file secret store', async () => {
    const dataDir = tempDir();
    const fingerprints: string[] = [];
    for (let run = 0; run < 2; run += 1) {
      const hub = await start(dataDir, await createFileSecretStore({ dir: dataDir }));
      try {
        const health = await httpsRequest(`${hub.status().lanUrl}/health`);
        expect(health.status).toBe(200);
        expect(health.fingerprint).toBe(hub.status().tlsFingerprint);
        fingerprints.push(health.fingerprint!);
      } finally {
        await hub.stop();
      }
    }
    expect(fingerprints[1]).toBe(fingerprints[0]);
  });
});

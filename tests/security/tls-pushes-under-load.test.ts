import { mkdtempSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { UserStore } from '../../src/main/hub/security/user-store.js';
import { lanCall } from '../helpers/device-client.js';
import { TestDevice } from '../helpers/device-signer.js';
import { spawnHub, type SpawnedHub } from '../helpers/spawn-hub.js';
import { adminLogin } from '../helpers/test-hub.js';

const DEVICES = 20;
const PUSHES = 4;

/** One kept-alive TLS connection per till, as the SDK and other vendors' clients hold them. */
function post(agent: https.Agent, url: string, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, {
      method: 'POST',
      agent,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    request.once('error', reject);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    request.end(body);
  });
}

const PIN = '13579';

/**
 * A real `backroom serve` in its own process: the fault needs the tills' next request to arrive while the hub's
 * event loop has not yet seen its previous answer drain, which a hub sharing the tills' event loop never allows.
 */
async function storeHub(): Promise<{ hub: SpawnedHub; cookie: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-tls-load-'));
  const ledger = Ledger.open(dataDir);
  await new UserStore(ledger.db).add({ name: 'Olga', role: 'owner', pin: PIN });
  ledger.close();
  const hub = await spawnHub({ dataDir });
  const cookie = await adminLogin(hub.uiUrl, 'Olga', PIN);
  for (const [url, body] of [
    ['/v1/admin/catalog/locations', { id: 'shelf', name: 'Shelf', active: true }],
    ['/v1/admin/catalog/products', { id: 'cola', name: 'Cola', unit: 'pcs' }],
  ] as const) {
    await admin(hub, cookie, url, body);
  }
  return { hub, cookie };
}

async function admin(hub: SpawnedHub, cookie: string, url: string, body?: unknown) {
  const response = await fetch(`${hub.uiUrl}${url}`, {
    method: 'POST',
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, `${url} answered ${response.status}`).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

describe('full pushes from many tills at once over kept-alive TLS connections', () => {
  let hub: SpawnedHub;
  const tills = Array.from({ length: DEVICES }, () => new TestDevice());

  beforeAll(async () => {
    const started = await storeHub();
    hub = started.hub;
    for (const [index, till] of tills.entries()) {
      const code = await admin(hub, started.cookie, '/v1/admin/pairing-codes');
      const paired = await lanCall(`${hub.lanUrl}/v1/pairing`, 'POST', {
        body: { code: code.code, device: { name: `Till ${index + 1}`, kind: 'pos', publicKey: till.publicKey } },
      });
      till.deviceId = paired.json.deviceId;
      till.token = paired.json.token;
    }
  }, 60_000);
  afterAll(() => hub?.stop());

  // Node paused the parser of a connection whose previous answer had not drained, and the TLS records already
  // decrypted then failed as HPE_PAUSED: 400 MALFORMED_REQUEST for valid pushes (see tls-request-parsing.ts).
  it('answers every valid 500-event push 200, none as malformed HTTP', { timeout: 120_000 }, async () => {
    // Signed beforehand, so each till sends its next push the moment it has the answer to the last.
    const bodies = tills.map((till) =>
      Array.from({ length: PUSHES }, () => {
        const events = Array.from({ length: 500 }, () =>
          till.envelope('inventory.return', { productId: 'cola', locationId: 'shelf', quantity: 1 }),
        );
        return JSON.stringify({ events });
      }),
    );
    const answers = await Promise.all(
      tills.map(async (till, index) => {
        const agent = new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
        try {
          const statuses: string[] = [];
          for (const body of bodies[index]!) {
            const answer = await post(agent, `${hub.lanUrl}/v1/events`, till.token, body);
            statuses.push(answer.status === 200 ? '200' : `${answer.status} ${answer.text.slice(0, 120)}`);
          }
          return statuses;
        } finally {
          agent.destroy();
        }
      }),
    );
    expect(answers.flat().filter((status) => status !== '200')).toEqual([]);
  });
});

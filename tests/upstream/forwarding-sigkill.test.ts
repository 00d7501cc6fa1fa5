/**
 * Forwarding survives a hub that dies (issue #7), proven on a real `backroom serve` process killed with SIGKILL:
 * a payment fact and its capture job are written in one transaction, so after any crash each accepted
 * payment.offline_card has its job and each job its fact; and a capture in flight when the hub died is performed
 * again after the restart with the same idempotency key, so the fake applies it exactly once.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeFake, type StripeFake } from '../../src/fakes/stripe/index.js';
import { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { ledgerFile } from '../../src/main/hub/ledger/open-database.js';
import { UserStore } from '../../src/main/hub/security/user-store.js';
import { lanCall } from '../helpers/device-client.js';
import { TestDevice } from '../helpers/device-signer.js';
import { spawnHub, type SpawnedHub } from '../helpers/spawn-hub.js';
import { adminLogin } from '../helpers/test-hub.js';

const KEY = 'sk_test_BackroomFake4242';
const PIN = '13579';

/** A data directory with an owner, so the spawned hub can be driven over its admin API at once. */
async function dataDirWithOwner(): Promise<string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-forwarding-'));
  const ledger = Ledger.open(dataDir);
  await new UserStore(ledger.db).add({ name: 'Olga', role: 'owner', pin: PIN });
  ledger.close();
  return dataDir;
}

function startHub(dataDir: string, fake: StripeFake): Promise<SpawnedHub> {
  return spawnHub({
    dataDir,
    env: {
      BACKROOM_UPSTREAM_STRIPE_API_BASE: fake.url,
      BACKROOM_UPSTREAM_PROBES_STRIPE: `${fake.url}/v1`,
      BACKROOM_UPSTREAM_STRIPE_TIMEOUT_SECONDS: '600',
    },
  });
}

async function admin(hub: SpawnedHub, cookie: string, method: string, url: string, body?: unknown) {
  const response = await fetch(`${hub.uiUrl}${url}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function pairedTill(hub: SpawnedHub, cookie: string): Promise<TestDevice> {
  for (const [url, body] of [
    ['/v1/admin/catalog/locations', { id: 'shelf', name: 'Shelf', active: true }],
    ['/v1/admin/catalog/products', { id: 'cola', name: 'Cola', unit: 'pcs' }],
  ] as const) {
    expect((await admin(hub, cookie, 'POST', url, body)).status).toBe(201);
  }
  const till = new TestDevice();
  const code = await admin(hub, cookie, 'POST', '/v1/admin/pairing-codes');
  const paired = await lanCall(`${hub.lanUrl}/v1/pairing`, 'POST', {
    body: { code: code.json.code, device: { name: 'Till', kind: 'pos', publicKey: till.publicKey } },
  });
  till.deviceId = paired.json.deviceId;
  till.token = paired.json.token;
  return till;
}

function payment(till: TestDevice, n: number) {
  return till.envelope('payment.offline_card', {
    paymentId: `pay-${n}`,
    saleId: `sale-${n}`,
    amount: { amount: 100 + n, currency: 'PLN' },
    method: 'card',
    locationId: 'shelf',
    takenAt: new Date().toISOString(),
  });
}

describe('forwarding across a SIGKILL', () => {
  let fake: StripeFake;
  beforeAll(async () => {
    fake = await startStripeFake({ apiKey: KEY });
  });
  afterAll(async () => fake?.close());

  it('a payment fact and its capture job exist together or not at all, whenever the hub dies', async () => {
    const dataDir = await dataDirWithOwner();
    const hub = await startHub(dataDir, fake);
    const cookie = await adminLogin(hub.uiUrl, 'Olga', PIN);
    const till = await pairedTill(hub, cookie);
    // No key: every job stays queued, so both tables keep everything the burst managed to record.
    const burst = (async () => {
      for (let n = 1; n <= 400; n += 1) {
        await lanCall(`${hub.lanUrl}/v1/events`, 'POST', { token: till.token, body: { events: [payment(till, n)] } });
      }
    })().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await hub.stop('SIGKILL');
    await burst;

    const db = new Database(ledgerFile(dataDir), { readonly: true });
    const facts = db
      .prepare<[], { event_id: string; cursor: number }>(
        `SELECT event_id, cursor FROM events WHERE type = 'payment.offline_card' AND status = 'accepted' ORDER BY cursor`,
      )
      .all();
    const jobs = db
      .prepare<[], { source_event_id: string; source_cursor: number }>(
        `SELECT source_event_id, source_cursor FROM upstream_jobs WHERE kind = 'capture' ORDER BY source_cursor`,
      )
      .all();
    db.close();
    expect(facts.length).toBeGreaterThan(0);
    expect(jobs.map((j) => [j.source_event_id, j.source_cursor])).toEqual(facts.map((f) => [f.event_id, f.cursor]));
  });

  it('a capture in flight when the hub is killed is applied exactly once after the restart', async () => {
    const dataDir = await dataDirWithOwner();
    let hub = await startHub(dataDir, fake);
    let cookie = await adminLogin(hub.uiUrl, 'Olga', PIN);
    const till = await pairedTill(hub, cookie);
    const forwarded = fake.forward({ saleId: 'sale-7', amount: 107, currency: 'pln' });
    // The fake captures, saves the answer under the key, and never replies: the job stays in flight.
    fake.injectFault({ method: 'POST', path: /\/capture$/ }, { kind: 'timeout', apply: true });
    const pushed = await lanCall(`${hub.lanUrl}/v1/events`, 'POST', {
      token: till.token,
      body: { events: [payment(till, 7)] },
    });
    expect(pushed.status).toBe(200);
    expect(
      (await admin(hub, cookie, 'PUT', '/v1/admin/settings/connectors/stripe', { secretKey: KEY, pin: PIN })).status,
    ).toBe(200);
    await expect.poll(() => fake.applied(forwarded.id).captures, { timeout: 15_000 }).toBe(1);
    await hub.stop('SIGKILL');

    hub = await startHub(dataDir, fake);
    cookie = await adminLogin(hub.uiUrl, 'Olga', PIN);
    await expect
      .poll(
        async () => {
          const page = await admin(hub, cookie, 'GET', '/v1/admin/upstream/jobs?kind=capture');
          return (page.json.jobs as Array<{ state: string }>)[0]?.state;
        },
        { timeout: 20_000 },
      )
      .toBe('done');
    expect(fake.applied(forwarded.id).captures).toBe(1);
    await hub.stop();
  });
});

import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../src/main/hub/ledger/event-log.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';
import { expectLedgerSound, push, resolve, storeHub } from './helpers.js';

describe('conflict endpoints refuse bad input with a 4xx and its code, and record nothing', () => {
  const store = storeHub([{ productId: 'cola', locationId: 'shelf', quantity: 1 }]);
  const till = new TestDevice();
  let conflictId = '';

  it('answers every malformed, unknown or unfitting request without touching the ledger', async () => {
    const { t, marta, kasia } = store;
    await t.pair(till);
    const issue = till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 3 });
    await push(t, till, [issue]);
    conflictId = `c-${issue.id}`;
    const head = t.hub.context.ledger.head().cursor;
    const path = `/v1/admin/conflicts/${conflictId}/resolve`;

    for (const query of ['status=bogus', 'status=open&extra=1']) {
      expectErrorShape(await t.admin('GET', `/v1/admin/conflicts?${query}`), 400, 'INVALID_REQUEST');
    }
    expectErrorShape(await t.admin('GET', '/v1/admin/conflicts', undefined, ''), 401, 'UNAUTHENTICATED');
    expectErrorShape(await t.admin('GET', '/v1/admin/conflicts/c-nope'), 404, 'CONFLICT_NOT_FOUND');
    expectErrorShape(await t.admin('GET', `/v1/admin/conflicts/${'x'.repeat(65)}`), 400, 'INVALID_REQUEST');
    expectErrorShape(await t.admin('GET', `/v1/admin/conflicts/${conflictId}`, undefined, ''), 401, 'UNAUTHENTICATED');

    for (const body of [
      {},
      { action: 'maybe' },
      { action: 'retry', extra: 1 },
      { action: 'modify', quantity: -1 },
      { action: 'modify', quantity: 1.5 },
      { action: 'force', pin: 'abcd' },
      { action: 'accept_server', note: '' },
    ]) {
      expectErrorShape(await t.admin('POST', path, body, marta), 400, 'INVALID_REQUEST');
    }
    const refusals: Array<[object, number, string]> = [
      [{ action: 'modify' }, 400, 'INVALID_QUANTITY'],
      [{ action: 'modify', quantity: 4 }, 400, 'INVALID_QUANTITY'],
      [{ action: 'modify', quantity: 2 }, 400, 'INVALID_QUANTITY'],
      [{ action: 'retry', quantity: 1 }, 400, 'QUANTITY_NOT_APPLICABLE'],
      [{ action: 'acknowledge' }, 400, 'ACTION_NOT_ALLOWED'],
      [{ action: 'accept_risk', pin: '2468' }, 400, 'ACTION_NOT_ALLOWED'],
      [{ action: 'force' }, 400, 'PIN_REQUIRED'],
      [{ action: 'retry' }, 409, 'STILL_INSUFFICIENT'],
    ];
    for (const [body, status, code] of refusals) expectErrorShape(await resolve(store, conflictId, body), status, code);
    expectErrorShape(await resolve(store, 'c-nope', { action: 'accept_server' }), 404, 'CONFLICT_NOT_FOUND');
    expectErrorShape(await resolve(store, conflictId, { action: 'accept_server' }, kasia), 403, 'FORBIDDEN');
    expectErrorShape(await resolve(store, conflictId, { action: 'accept_server' }, ''), 401, 'UNAUTHENTICATED');
    const notJson = await fetch(`${t.uiUrl}${path}`, {
      method: 'POST',
      headers: { cookie: marta, 'content-type': 'application/json' },
      body: '{"action":',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_JSON');

    // Wrong PINs lock the account like wrong logins: the fifth locks it, and then the right one no longer works.
    await t.hub.context.users.add({ name: 'Piotr', role: 'manager', pin: '8642' });
    const piotr = await t.login('Piotr', '8642');
    const force = (pin: string) => resolve(store, conflictId, { action: 'force', pin }, piotr);
    for (let attempt = 1; attempt < 5; attempt += 1) expectErrorShape(await force('0000'), 401, 'INVALID_CREDENTIALS');
    expectErrorShape(await force('0000'), 423, 'ACCOUNT_LOCKED');
    expectErrorShape(await force('8642'), 423, 'ACCOUNT_LOCKED');

    expect(t.hub.context.ledger.head().cursor).toBe(head);
    expect((await t.admin('GET', `/v1/admin/conflicts/${conflictId}`)).json).toMatchObject({
      status: 'open',
      history: [],
    });
  });

  it('a device cannot send the hub-made events a resolution records: they are refused, not applied', async () => {
    const { t } = store;
    const results = await push(t, till, [
      till.envelope('conflict.resolved', { conflictId, action: 'force' }),
      till.envelope('inventory.adjustment', {
        conflictId,
        productId: 'cola',
        locationId: 'shelf',
        delta: 50,
        reason: 'count',
      }),
    ]);
    expect(results).toMatchObject([
      { status: 'refused', error: { code: 'NOT_ALLOWED_OFFLINE' } },
      { status: 'refused', error: { code: 'NOT_ALLOWED_OFFLINE' } },
    ]);
    expect((await t.admin('GET', `/v1/admin/conflicts/${conflictId}`)).json.status).toBe('open');
  });

  it('leaves a ledger that verifies and rebuilds to exactly the live projections', () => {
    expectLedgerSound(store);
  });
});

describe('clock skew', () => {
  const store = storeHub([{ productId: 'cola', locationId: 'shelf', quantity: 10 }], {
    'sync.maxClockSkewSeconds': 60,
  });
  const till = new TestDevice();

  it('flags events whose deviceTime is implausible, changes nothing else, and lists them for review', async () => {
    const { t } = store;
    await t.pair(till);
    const skewed = (deviceTime: string) =>
      till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 1 }, { deviceTime });
    const now = Date.now();
    const outbox = [
      skewed(new Date(now - 30_000).toISOString()),
      skewed(new Date(now - 10 * 60_000).toISOString()),
      skewed(new Date(now + 2 * 60_000).toISOString()),
      skewed('2026-13-40T10:00:00.000Z'),
    ];
    const results = await push(t, till, outbox);
    // Ordering and decisions follow seq and cursor, never clocks.
    expect(results.map((r) => [r.seq, r.status])).toEqual([
      [1, 'accepted'],
      [2, 'accepted'],
      [3, 'accepted'],
      [4, 'accepted'],
    ]);

    const flagged = await t.admin('GET', '/v1/admin/events?flagged=true');
    expect(flagged.status, flagged.text).toBe(200);
    const events = flagged.json.events as LedgerRecord[];
    expect(events.map((e) => e.event.id)).toEqual([outbox[3]!.id, outbox[2]!.id, outbox[1]!.id]);
    const [invalid, ahead, behind] = events.map((e) => e.outcome!.clockSkew as { ms: number | null; flagged: true });
    expect(invalid).toEqual({ ms: null, flagged: true });
    expect(ahead!.ms).toBeLessThan(-110_000);
    expect(ahead!.ms).toBeGreaterThan(-120_000);
    expect(behind!.ms).toBeGreaterThan(600_000);
    expect(behind!.ms).toBeLessThan(610_000);
    expect(events[0]!.outcome).toMatchObject({ stock: [{ productId: 'cola', locationId: 'shelf', delta: -1 }] });

    const recent = await t.admin('GET', '/v1/admin/events?type=inventory.issue&limit=4');
    expect(recent.json.events.find((e: LedgerRecord) => e.event.id === outbox[0]!.id).outcome).not.toHaveProperty(
      'clockSkew',
    );
    expect((await t.admin('GET', '/v1/admin/events?flagged=true&limit=1')).json.next).toBe(events[0]!.cursor);
    for (const query of ['flagged=maybe', 'flagged=false']) {
      expectErrorShape(await t.admin('GET', `/v1/admin/events?${query}`), 400, 'INVALID_REQUEST');
    }
    expectLedgerSound(store);
  });
});

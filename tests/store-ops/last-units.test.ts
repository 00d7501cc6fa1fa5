import { describe, expect, it } from 'vitest';
import { openStream } from '../helpers/device-client.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';
import { sale, tenders } from '../sales/sale-builders.js';
import {
  conflictDetail,
  expectLedgerSound,
  MANAGER_PIN,
  movementsOf,
  push,
  resolve,
  stockOf,
  storeHub,
} from './helpers.js';

/** Two tills lose the hub, both take the last units, and sync when it is back (DESIGN §4, conflict 1). */
describe('two tills take the last units while offline', () => {
  const store = storeHub([
    { productId: 'cola', locationId: 'shelf', quantity: 3 },
    { productId: 'chips', locationId: 'backroom', quantity: 2 },
  ]);
  const tillA = new TestDevice();
  const tillB = new TestDevice();

  it('records both sales, opens a stock discrepancy, and the manager acknowledges it with a count', async () => {
    const { t } = store;
    await t.pair(tillA, 'Till A');
    await t.pair(tillB, 'Till B');
    // Each till saw 3 colas and sold 2 of them; A reaches the hub first.
    const saleA = tillA.envelope('sale.complete', sale('s-a', 'shelf', [['cola', 2, 450]], tenders(['cash', 900])));
    const saleB = tillB.envelope(
      'sale.complete',
      sale('s-b', 'shelf', [['cola', 2, 450]], tenders(['card', 900, 'pay-b'])),
    );
    expect((await push(t, tillA, [saleA]))[0]).toMatchObject({ status: 'accepted' });
    const [pushedB] = await push(t, tillB, [saleB]);
    // A sale is never refused for stock: it happened.
    expect(pushedB).toMatchObject({ status: 'accepted' });
    expect(stockOf(store, 'cola', 'shelf')).toBe(-1);

    const discrepancyId = `c-${saleB.id}`;
    const open = await t.admin('GET', '/v1/admin/conflicts?status=open');
    expect(open.json.conflicts.map((c: { id: string }) => c.id)).toEqual([discrepancyId]);
    const detail = await conflictDetail(store, discrepancyId);
    expect(detail).toMatchObject({
      id: discrepancyId,
      kind: 'stock_discrepancy',
      status: 'open',
      deviceId: tillB.deviceId,
      event: { cursor: pushedB!.cursor, status: 'accepted', event: { id: saleB.id, deviceId: tillB.deviceId } },
      serverAtPosition: { stock: [{ productId: 'cola', locationId: 'shelf', available: 1 }] },
      requested: { saleId: 's-b', sold: [{ productId: 'cola', locationId: 'shelf', quantity: 2 }] },
      serverNow: { stock: [{ productId: 'cola', locationId: 'shelf', available: -1 }] },
      options: [
        { action: 'acknowledge', pin: false, quantity: 'optional' },
        { action: 'escalate', pin: false, quantity: 'none' },
      ],
      history: [],
    });
    expect(detail.event.outcome.discrepancy.id).toBe(discrepancyId);

    // The sale is already applied: the till cannot take it back or retry it, only hand it on.
    const [tillTry] = await push(t, tillB, [
      tillB.envelope('conflict.resolve', { conflictId: discrepancyId, action: 'accept_server' }),
    ]);
    expect(tillTry).toMatchObject({ status: 'refused', error: { code: 'ACTION_NOT_ALLOWED' } });

    // The manager finds the shelf empty: acknowledging with a count of 0 books the missing unit back.
    const acknowledged = await resolve(store, discrepancyId, {
      action: 'acknowledge',
      quantity: 0,
      note: 'shelf empty',
    });
    expect(acknowledged.status, acknowledged.text).toBe(200);
    expect(acknowledged.json.recorded.map((r: { type: string }) => r.type)).toEqual([
      'conflict.resolved',
      'inventory.adjustment',
    ]);
    expect(acknowledged.json.conflict).toMatchObject({
      status: 'resolved',
      resolution: { conflictId: discrepancyId, action: 'acknowledge', resolvedBy: 'Marta', quantity: 0 },
      options: [],
    });
    expect(stockOf(store, 'cola', 'shelf')).toBe(0);
    expect(movementsOf(store, 'cola', 'shelf')).toEqual([
      ['inventory.receive', 3],
      ['sale.complete', -2],
      ['sale.complete', -2],
      ['inventory.adjustment', 1],
    ]);

    // Both sales count, to the grosz, per till and tender.
    const totals = t.hub.context.ledger.db
      .prepare(
        `SELECT device_id AS deviceId, gross, net, cash, card, sale_count AS sales FROM sales_daily_totals
         WHERE location_id = 'shelf' ORDER BY gross, card`,
      )
      .all();
    expect(totals).toEqual([
      { deviceId: tillA.deviceId, gross: 900, net: 900, cash: 900, card: 0, sales: 1 },
      { deviceId: tillB.deviceId, gross: 900, net: 900, cash: 0, card: 900, sales: 1 },
    ]);
  });

  it('holds an issue the backroom cannot cover; forcing it takes the PIN and books the shortfall', async () => {
    const { t } = store;
    const stream = await openStream(`${t.lanUrl.replace('https', 'wss')}/v1/stream`, {
      header: `Bearer ${tillB.token}`,
    });
    try {
      const issue = (device: TestDevice) =>
        device.envelope('inventory.issue', { productId: 'chips', locationId: 'backroom', quantity: 2 });
      const issueA = issue(tillA);
      const issueB = issue(tillB);
      expect((await push(t, tillA, [issueA]))[0]).toMatchObject({ status: 'accepted' });
      const [held] = await push(t, tillB, [issueB]);
      const conflictId = `c-${issueB.id}`;
      expect(held).toMatchObject({
        status: 'conflict',
        conflict: { id: conflictId, kind: 'insufficient_stock', server: { available: 0 } },
      });
      expect(stockOf(store, 'chips', 'backroom')).toBe(0);

      const detail = await conflictDetail(store, conflictId);
      expect(detail.options.map((o: { action: string }) => o.action)).toEqual([
        'accept_server',
        'retry',
        'modify',
        'escalate',
        'force',
      ]);
      expect(detail.options.find((o: { action: string }) => o.action === 'force')).toEqual({
        action: 'force',
        pin: true,
        quantity: 'none',
      });
      expect(detail.serverAtPosition).toEqual({ productId: 'chips', locationId: 'backroom', available: 0 });

      // Retry against current stock falls short; forcing takes the PIN, re-entered and right, and a manager.
      expectErrorShape(await resolve(store, conflictId, { action: 'retry' }), 409, 'STILL_INSUFFICIENT');
      expectErrorShape(await resolve(store, conflictId, { action: 'force' }), 400, 'PIN_REQUIRED');
      expectErrorShape(await resolve(store, conflictId, { action: 'force', pin: '9999' }), 401, 'INVALID_CREDENTIALS');
      expectErrorShape(
        await resolve(store, conflictId, { action: 'force', pin: '1111' }, store.kasia),
        403,
        'FORBIDDEN',
      );
      expect(stockOf(store, 'chips', 'backroom')).toBe(0);

      const forced = await resolve(store, conflictId, { action: 'force', pin: MANAGER_PIN, note: 'both were there' });
      expect(forced.status, forced.text).toBe(200);
      const [resolvedAt, adjustedAt] = forced.json.recorded;
      expect(forced.json.recorded).toEqual([
        { cursor: expect.any(Number), eventId: expect.any(String), type: 'conflict.resolved' },
        { cursor: resolvedAt.cursor + 1, eventId: expect.any(String), type: 'inventory.adjustment' },
      ]);
      // The held issue applied whole (-2 from 0), and the 2 the books lacked are recorded as found.
      expect(movementsOf(store, 'chips', 'backroom')).toEqual([
        ['inventory.receive', 2],
        ['inventory.issue', -2],
        ['conflict.resolved', -2],
        ['inventory.adjustment', 2],
      ]);
      expect(stockOf(store, 'chips', 'backroom')).toBe(0);

      const after = await conflictDetail(store, conflictId);
      expect(after).toMatchObject({
        status: 'resolved',
        resolvedAtCursor: resolvedAt.cursor,
        resolution: { conflictId, action: 'force', resolvedBy: 'Marta' },
        options: [],
      });
      expect(after.history).toEqual([
        expect.objectContaining({
          cursor: resolvedAt.cursor,
          event: expect.objectContaining({
            type: 'conflict.resolved',
            actor: 'Marta',
            payload: { conflictId, action: 'force', note: 'both were there' },
          }),
          outcome: {
            stock: [{ productId: 'chips', locationId: 'backroom', delta: -2 }],
            resolution: { conflictId, action: 'force', resolvedBy: 'Marta' },
          },
        }),
        expect.objectContaining({
          cursor: adjustedAt.cursor,
          event: expect.objectContaining({
            type: 'inventory.adjustment',
            actor: 'Marta',
            payload: { conflictId, productId: 'chips', locationId: 'backroom', delta: 2, reason: 'force' },
          }),
        }),
      ]);
      const audit = t.hub.context.audit
        .list({ limit: 20 })
        .map(({ actor, action, detail }) => ({ actor, action, detail }));
      expect(audit).toContainEqual({
        actor: 'Marta',
        action: 'conflicts.resolve',
        detail: expect.objectContaining({
          conflictId,
          action: 'force',
          cursors: [resolvedAt.cursor, adjustedAt.cursor],
        }),
      });
      expect(audit.map((entry) => entry.action)).toContain('conflicts.pin_rejected');

      // The till hears the new cursor live, pulls the resolution, and can no longer settle it itself.
      await stream.waitFor((m) => m.type === 'cursor' && (m.cursor as number) >= adjustedAt.cursor);
      const pulled = await t.lan('GET', `/v1/events?after=${resolvedAt.cursor - 1}`, { token: tillB.token });
      expect(pulled.json.events.map((e: { event: { type: string } }) => e.event.type)).toEqual([
        'conflict.resolved',
        'inventory.adjustment',
      ]);
      const [late] = await push(t, tillB, [
        tillB.envelope('conflict.resolve', { conflictId, action: 'accept_server' }),
      ]);
      expect(late).toMatchObject({ status: 'refused', error: { code: 'CONFLICT_CLOSED' } });
      expectErrorShape(await resolve(store, conflictId, { action: 'accept_server' }), 409, 'CONFLICT_CLOSED');
    } finally {
      stream.close();
    }
  });

  it('leaves a ledger that verifies and rebuilds to exactly the live projections', () => {
    expectLedgerSound(store);
  });
});

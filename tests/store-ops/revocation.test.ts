import { describe, expect, it } from 'vitest';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';
import { conflictDetail, expectLedgerSound, push, resolve, stockOf, storeHub } from './helpers.js';

/** DESIGN §4: revoking a device quarantines its held events and opens a dispute for the stock in its custody. */
describe('a revoked handheld', () => {
  const store = storeHub([
    { productId: 'cola', locationId: 'backroom', quantity: 20 },
    { productId: 'chips', locationId: 'shelf', quantity: 1 },
  ]);
  const handheld = new TestDevice();
  const till = new TestDevice();
  const ids = { issue: '', escalated: '', tills: '', dispute: '' };

  it('quarantines its unresolved conflicts and opens a dispute for what it moved, in the revocation', async () => {
    const { t, marta } = store;
    await t.pair(handheld, 'Handheld 2', 'handheld');
    await t.pair(till, 'Till 1');
    const move = (type: string, payload: object) => handheld.envelope(type, { productId: 'cola', ...payload });
    const outbox = [
      move('inventory.transfer', { fromLocationId: 'backroom', toLocationId: 'shelf', quantity: 8 }),
      move('inventory.issue', { locationId: 'shelf', quantity: 3 }),
      move('inventory.issue', { locationId: 'shelf', quantity: 9 }),
      move('inventory.issue', { locationId: 'backroom', quantity: 50 }),
    ];
    const [, , issueFromShelf, issueFromBackroom] = outbox;
    const results = await push(t, handheld, outbox);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'conflict', 'conflict']);
    ids.issue = `c-${issueFromShelf!.id}`;
    ids.escalated = `c-${issueFromBackroom!.id}`;
    await push(t, handheld, [handheld.envelope('conflict.resolve', { conflictId: ids.escalated, action: 'escalate' })]);
    const tillsIssue = till.envelope('inventory.issue', { productId: 'chips', locationId: 'shelf', quantity: 2 });
    await push(t, till, [tillsIssue]);
    ids.tills = `c-${tillsIssue.id}`;

    const revoked = await t.admin('POST', `/v1/admin/devices/${handheld.deviceId}/revoke`, { reason: 'lost' }, marta);
    expect(revoked.status, revoked.text).toBe(200);
    const [revocation] = (await t.admin('GET', '/v1/admin/events?type=device.revoked')).json.events;
    ids.dispute = `c-${revocation.event.id}`;
    expect(revocation.outcome).toEqual({
      quarantine: { conflictIds: [ids.issue, ids.escalated] },
      dispute: {
        id: ids.dispute,
        kind: 'custody_dispute',
        deviceId: handheld.deviceId,
        // The transfer and the issue it made; its held issues moved nothing.
        server: {
          stock: [
            { productId: 'cola', locationId: 'backroom', available: 12 },
            { productId: 'cola', locationId: 'shelf', available: 5 },
          ],
        },
        requested: {
          custody: [
            { productId: 'cola', locationId: 'backroom', quantity: -8 },
            { productId: 'cola', locationId: 'shelf', quantity: 5 },
          ],
        },
        options: ['acknowledge', 'escalate'],
      },
    });

    const quarantined = await t.admin('GET', '/v1/admin/conflicts?status=quarantined');
    expect(quarantined.json.conflicts).toEqual([
      expect.objectContaining({ id: ids.issue, quarantinedAtCursor: revocation.cursor, deviceId: handheld.deviceId }),
      expect.objectContaining({ id: ids.escalated, quarantinedAtCursor: revocation.cursor }),
    ]);
    const open = await t.admin('GET', '/v1/admin/conflicts?status=open');
    expect(open.json.conflicts.map((c: { id: string; kind: string }) => [c.id, c.kind])).toEqual([
      [ids.tills, 'insufficient_stock'],
      [ids.dispute, 'custody_dispute'],
    ]);
    const answer = await t.lan('POST', '/v1/events', {
      token: handheld.token,
      body: { events: [handheld.envelope('conflict.resolve', { conflictId: ids.issue, action: 'accept_server' })] },
    });
    expectErrorShape(answer, 401, 'DEVICE_REVOKED');
  });

  it('needs a manager to decide each quarantined event and the dispute', async () => {
    const { t } = store;
    // Another till cannot settle them either: they are not its conflicts.
    const [other] = await push(t, till, [
      till.envelope('conflict.resolve', { conflictId: ids.issue, action: 'accept_server' }),
    ]);
    expect(other).toMatchObject({ status: 'refused', error: { code: 'NOT_YOUR_CONFLICT' } });

    const detail = await conflictDetail(store, ids.issue);
    expect(detail).toMatchObject({
      status: 'quarantined',
      serverNow: { productId: 'cola', locationId: 'shelf', available: 5 },
    });
    expect(detail.options.map((o: { action: string }) => o.action)).toEqual([
      'accept_server',
      'retry',
      'modify',
      'escalate',
      'force',
    ]);
    expect((await resolve(store, ids.issue, { action: 'modify', quantity: 5 })).status).toBe(200);
    expect(stockOf(store, 'cola', 'shelf')).toBe(0);
    expect((await resolve(store, ids.escalated, { action: 'accept_server' })).status).toBe(200);

    const dispute = await conflictDetail(store, ids.dispute);
    expect(dispute).toMatchObject({
      kind: 'custody_dispute',
      deviceId: handheld.deviceId,
      event: {
        event: { type: 'device.revoked', actor: 'Marta', payload: { deviceId: handheld.deviceId, reason: 'lost' } },
      },
      serverNow: {
        stock: [
          { productId: 'cola', locationId: 'backroom', available: 12 },
          { productId: 'cola', locationId: 'shelf', available: 0 },
        ],
      },
    });
    // A count names one place; this dispute has two, so the manager acknowledges it as the ledger has it.
    expectErrorShape(
      await resolve(store, ids.dispute, { action: 'acknowledge', quantity: 12 }),
      400,
      'QUANTITY_NOT_APPLICABLE',
    );
    const settled = await resolve(store, ids.dispute, { action: 'acknowledge', note: 'counted, all there' });
    expect(settled.json.conflict).toMatchObject({
      status: 'resolved',
      resolution: { conflictId: ids.dispute, action: 'acknowledge', resolvedBy: 'Marta' },
    });
    const unresolved = (await t.admin('GET', '/v1/admin/conflicts')).json.conflicts.filter(
      (c: { status: string }) => c.status !== 'resolved',
    );
    expect(unresolved.map((c: { id: string }) => c.id)).toEqual([ids.tills]);
  });

  it('leaves a ledger that verifies and rebuilds to exactly the live projections', () => {
    expectLedgerSound(store);
  });
});

import { describe, expect, it } from 'vitest';
import type { StateReply } from '../../src/shared/protocol/device-api.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';
import { conflictDetail, expectLedgerSound, push, resolve, storeHub } from './helpers.js';

const T0 = Date.parse('2026-11-22T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** DESIGN §4 conflict types 2 and 4, between a handheld that asks for goods and the till a supervisor decides on. */
describe('a request approved and cancelled concurrently', () => {
  const store = storeHub([{ productId: 'cola', locationId: 'backroom', quantity: 24 }]);
  const handheld = new TestDevice();
  const till = new TestDevice();

  const create = (requestId: string) =>
    handheld.envelope('request.create', {
      requestId,
      kind: 'transfer',
      productId: 'cola',
      fromLocationId: 'backroom',
      toLocationId: 'shelf',
      quantity: 6,
    });
  const change = (device: TestDevice, type: string, requestId: string, expectedVersion: number, occurredAt: string) =>
    device.envelope(type, { requestId, expectedVersion }, { occurredAt });
  const request = (requestId: string) =>
    store.t.hub.context.ledger.db
      .prepare('SELECT state, version, change_type AS lastChange FROM requests WHERE request_id = ?')
      .get(requestId);

  it('keeps the later change whichever arrives first, and the approval on a tie', async () => {
    const { t } = store;
    await t.pair(handheld, 'Handheld', 'handheld');
    await t.pair(till, 'Supervisor till');
    await push(t, handheld, ['r-1', 'r-2', 'r-3'].map(create));

    // r-1: the approval (at +10 s) reaches the hub first; the later cancellation (+20 s) still wins.
    expect(await push(t, till, [change(till, 'request.approve', 'r-1', 1, at(10))])).toMatchObject([
      { status: 'accepted' },
    ]);
    expect(await push(t, handheld, [change(handheld, 'request.cancel', 'r-1', 1, at(20))])).toMatchObject([
      { status: 'accepted' },
    ]);
    expect(request('r-1')).toEqual({ state: 'cancelled', version: 3, lastChange: 'cancel' });

    // r-2: the same two, arriving the other way round; the earlier approval loses to the recorded cancellation.
    await push(t, handheld, [change(handheld, 'request.cancel', 'r-2', 1, at(20))]);
    expect(await push(t, till, [change(till, 'request.approve', 'r-2', 1, at(10))])).toMatchObject([
      { status: 'refused', error: { code: 'REQUEST_RACE_LOST' } },
    ]);
    expect(request('r-2')).toEqual({ state: 'cancelled', version: 2, lastChange: 'cancel' });

    // r-3: made at the same instant: the approval wins (bias toward action), though it arrives second.
    await push(t, handheld, [change(handheld, 'request.cancel', 'r-3', 1, at(30))]);
    expect(await push(t, till, [change(till, 'request.approve', 'r-3', 1, at(30))])).toMatchObject([
      { status: 'accepted' },
    ]);
    expect(request('r-3')).toEqual({ state: 'approved', version: 3, lastChange: 'approve' });

    const state = await t.lan<StateReply>('GET', '/v1/state', { token: handheld.token });
    expect(state.json.openRequests).toEqual([
      {
        requestId: 'r-3',
        kind: 'transfer',
        productId: 'cola',
        fromLocationId: 'backroom',
        toLocationId: 'shelf',
        quantity: 6,
        note: null,
        state: 'approved',
        version: 3,
      },
    ]);
    expect(await t.admin('GET', '/v1/admin/conflicts')).toMatchObject({ json: { conflicts: [] } });
  });

  it("holds a change made against an old version; a manager's retry applies it to the current one", async () => {
    const { t } = store;
    await push(t, handheld, [create('r-4'), create('r-5')]);
    await push(t, till, [
      change(till, 'request.approve', 'r-4', 1, at(40)),
      change(till, 'request.approve', 'r-5', 1, at(40)),
    ]);
    // The handheld still had version 1: its fulfilment of r-4 and its own approval of r-5 are stale, not races.
    const fulfil = change(handheld, 'request.fulfill', 'r-4', 1, at(50));
    const approveAgain = change(handheld, 'request.approve', 'r-5', 1, at(50));
    expect((await push(t, handheld, [fulfil, approveAgain])).map((r) => r.conflict?.kind)).toEqual([
      'stale_version',
      'stale_version',
    ]);

    const conflictId = `c-${fulfil.id}`;
    const detail = await conflictDetail(store, conflictId);
    expect(detail).toMatchObject({
      kind: 'stale_version',
      serverAtPosition: { requestId: 'r-4', state: 'approved', version: 2 },
      requested: { change: 'fulfill', expectedVersion: 1 },
      serverNow: { requestId: 'r-4', state: 'approved', version: 2 },
    });
    expect(detail.options.map((o: { action: string }) => o.action)).toEqual(['accept_server', 'retry', 'escalate']);
    const retried = await resolve(store, conflictId, { action: 'retry' });
    expect(retried.status, retried.text).toBe(200);
    expect(request('r-4')).toEqual({ state: 'fulfilled', version: 3, lastChange: 'fulfill' });
    expect(retried.json.conflict.history[0].outcome.request).toMatchObject({
      requestId: 'r-4',
      state: 'fulfilled',
      version: 3,
      baseVersion: 2,
      baseState: 'approved',
      released: { change: 'fulfill' },
    });

    // Approving an approved request again is no change at all: retry is refused, the manager keeps the record.
    // The handheld's own choices meet the same rules for its kind of conflict.
    const again = `c-${approveAgain.id}`;
    const own = await push(t, handheld, [
      handheld.envelope('conflict.resolve', { conflictId: again, action: 'modify', quantity: 1 }),
      handheld.envelope('conflict.resolve', { conflictId: again, action: 'retry' }),
    ]);
    expect(own.map((r) => [r.status, r.error?.code])).toEqual([
      ['refused', 'ACTION_NOT_ALLOWED'],
      ['refused', 'INVALID_TRANSITION'],
    ]);
    expectErrorShape(await resolve(store, again, { action: 'retry' }), 409, 'INVALID_TRANSITION');
    expect((await resolve(store, again, { action: 'accept_server' })).json.conflict.status).toBe('resolved');
    expect(request('r-5')).toEqual({ state: 'approved', version: 2, lastChange: 'approve' });
  });

  it('leaves a ledger that verifies and rebuilds to exactly the live projections', () => {
    expectLedgerSound(store);
  });
});

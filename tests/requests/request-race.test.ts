import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../src/main/hub/ledger/event-log.js';
import { compareInstants, judgeRace } from '../../src/main/hub/requests/request-race.js';
import {
  expectRebuildMatchesLive,
  expectRefused,
  expectStatus,
  openStore,
  record,
  rows,
  Till,
} from '../sales/helpers.js';

const T10 = '2026-11-22T10:00:00.000Z';
const T12 = '2026-11-22T12:00:00.000Z';

const handheld = new Till('hh-1');
const managerTill = new Till('pos-office');

/** A pending transfer request at version 1 (approved first, at version 2, when `approvedFirst`). */
function storeWithRequest(approvedFirst = false) {
  const ledger = openStore();
  const create = {
    requestId: 'rq-1',
    kind: 'transfer',
    productId: 'cola',
    fromLocationId: 'floor',
    toLocationId: 'cooler',
    quantity: 2,
  };
  expectStatus(ledger, handheld.event('request.create', create), 'accepted');
  if (approvedFirst)
    expectStatus(ledger, managerTill.event('request.approve', { requestId: 'rq-1', expectedVersion: 1 }), 'accepted');
  return ledger;
}

function made(till: Till, change: string, expectedVersion: number, at: string): LedgerEvent {
  return till.event(`request.${change}`, { requestId: 'rq-1', expectedVersion }, at);
}

const current = (ledger: ReturnType<typeof openStore>) =>
  rows(ledger, 'SELECT state, version, change_type, change_base_version, change_base_state FROM requests')[0];

describe('request state race (DESIGN §4, type 2): both orders end the same', () => {
  it('approve at 10:00 vs cancel at 12:00 on version 1: the later cancel wins, whichever arrives first', () => {
    // Approval first: the cancel arrives stale, is later, and supersedes it.
    const a = storeWithRequest();
    const approve = made(managerTill, 'approve', 1, T10);
    expectStatus(a, approve, 'accepted');
    const cancel = expectStatus(a, made(handheld, 'cancel', 1, T12), 'accepted');
    expect(cancel.outcome).toEqual({
      request: {
        requestId: 'rq-1',
        state: 'cancelled',
        version: 3,
        baseVersion: 1,
        baseState: 'pending',
        supersedes: { eventId: approve.id, change: 'approve', occurredAt: T10 },
      },
    });
    expect(current(a)).toEqual({
      state: 'cancelled',
      version: 3,
      change_type: 'cancel',
      change_base_version: 1,
      change_base_state: 'pending',
    });

    // Cancel first: the approval arrives stale, is earlier, and loses.
    const b = storeWithRequest();
    expectStatus(b, made(handheld, 'cancel', 1, T12), 'accepted');
    const lost = expectRefused(b, made(managerTill, 'approve', 1, T10), 'REQUEST_RACE_LOST');
    expect((lost.outcome!.refusal as { message: string }).message).toBe(
      `approve made against version 1 lost to the cancel at ${T12}`,
    );
    expect(current(b)).toMatchObject({ state: 'cancelled', version: 2 });
    expectRebuildMatchesLive(a);
    expectRebuildMatchesLive(b);
  });

  it('approve at 12:00 vs cancel at 10:00: the later approval wins in both orders', () => {
    const a = storeWithRequest();
    expectStatus(a, made(managerTill, 'approve', 1, T12), 'accepted');
    expectRefused(a, made(handheld, 'cancel', 1, T10), 'REQUEST_RACE_LOST');
    expect(current(a)).toMatchObject({ state: 'approved', version: 2 });

    const b = storeWithRequest();
    expectStatus(b, made(handheld, 'cancel', 1, T10), 'accepted');
    expectStatus(b, made(managerTill, 'approve', 1, T12), 'accepted');
    expect(current(b)).toMatchObject({ state: 'approved', version: 3, change_type: 'approve' });
  });

  it('approve and cancel at the same instant: approval wins in both orders', () => {
    const a = storeWithRequest();
    expectStatus(a, made(managerTill, 'approve', 1, T10), 'accepted');
    expectRefused(a, made(handheld, 'cancel', 1, T10), 'REQUEST_RACE_LOST');
    expect(current(a)).toMatchObject({ state: 'approved', version: 2 });

    const b = storeWithRequest();
    expectStatus(b, made(handheld, 'cancel', 1, T10), 'accepted');
    expectStatus(b, made(managerTill, 'approve', 1, T10), 'accepted');
    expect(current(b)).toMatchObject({ state: 'approved', version: 3 });
  });

  it('a tie is judged to the nanosecond, not by string length', () => {
    const ledger = storeWithRequest();
    expectStatus(ledger, made(managerTill, 'approve', 1, '2026-11-22T10:00:00.1Z'), 'accepted');
    expectStatus(ledger, made(handheld, 'cancel', 1, '2026-11-22T10:00:00.100000001Z'), 'accepted');
    expect(current(ledger)).toMatchObject({ state: 'cancelled' });
  });

  it('approve vs deny: later wins, a tie goes to the approval', () => {
    const a = storeWithRequest();
    expectStatus(a, made(managerTill, 'deny', 1, T10), 'accepted');
    expectStatus(a, made(new Till('pos-2'), 'approve', 1, T10), 'accepted');
    expect(current(a)).toMatchObject({ state: 'approved', version: 3 });

    const b = storeWithRequest();
    expectStatus(b, made(managerTill, 'approve', 1, T10), 'accepted');
    expectStatus(b, made(new Till('pos-2'), 'deny', 1, T12), 'accepted');
    expect(current(b)).toMatchObject({ state: 'denied', version: 3 });
  });

  it("deny vs cancel at the same instant: the manager's denial wins in both orders", () => {
    const a = storeWithRequest();
    expectStatus(a, made(managerTill, 'deny', 1, T10), 'accepted');
    expectRefused(a, made(handheld, 'cancel', 1, T10), 'REQUEST_RACE_LOST');
    expect(current(a)).toMatchObject({ state: 'denied', version: 2 });

    const b = storeWithRequest();
    expectStatus(b, made(handheld, 'cancel', 1, T10), 'accepted');
    expectStatus(b, made(managerTill, 'deny', 1, T10), 'accepted');
    expect(current(b)).toMatchObject({ state: 'denied', version: 3 });
  });

  it('fulfill vs cancel of an approved request: the goods moved, so fulfilment wins in both orders', () => {
    const a = storeWithRequest(true);
    expectStatus(a, made(handheld, 'fulfill', 2, T10), 'accepted');
    expectRefused(a, made(managerTill, 'cancel', 2, T12), 'REQUEST_ALREADY_FULFILLED');
    expect(current(a)).toMatchObject({ state: 'fulfilled', version: 3 });

    const b = storeWithRequest(true);
    expectStatus(b, made(managerTill, 'cancel', 2, T12), 'accepted');
    const fulfil = expectStatus(b, made(handheld, 'fulfill', 2, T10), 'accepted');
    expect(fulfil.outcome!.request).toMatchObject({
      state: 'fulfilled',
      version: 4,
      baseVersion: 2,
      baseState: 'approved',
    });
    expect(current(b)).toMatchObject({ state: 'fulfilled', version: 4, change_type: 'fulfill' });
    expectRebuildMatchesLive(b);
  });

  it('a third change racing on the same version meets the winner, not the superseded change', () => {
    const ledger = storeWithRequest();
    expectStatus(ledger, made(managerTill, 'approve', 1, T10), 'accepted');
    expectStatus(ledger, made(handheld, 'cancel', 1, T12), 'accepted');
    expectStatus(ledger, made(new Till('pos-2'), 'deny', 1, '2026-11-22T13:00:00.000Z'), 'accepted');
    expect(current(ledger)).toMatchObject({ state: 'denied', version: 4, change_base_version: 1 });
    expectRefused(ledger, made(new Till('pos-3'), 'approve', 1, T12), 'REQUEST_RACE_LOST');
  });

  it('a racer its base state would not allow is not a contender but stale', () => {
    const ledger = storeWithRequest(true);
    expectStatus(ledger, made(managerTill, 'cancel', 2, T10), 'accepted');
    // Deny needs pending; the version it names was approved.
    expectStatus(ledger, made(handheld, 'deny', 2, T12), 'conflict');
    expect(current(ledger)).toMatchObject({ state: 'cancelled', version: 3 });
  });
});

describe('property: two decisions racing on one version', () => {
  it('leave the same state whichever reaches the hub first', () => {
    const decision = fc.constantFrom('approve', 'deny', 'cancel');
    const at = fc.constantFrom(T10, T12, '2026-11-22T10:00:00.000000001Z');
    const racers = fc
      .tuple(fc.record({ change: decision, at }), fc.record({ change: decision, at }))
      .filter(([a, b]) => a.change !== b.change);
    fc.assert(
      fc.property(racers, ([first, second]) => {
        const finalState = (order: Array<{ change: string; at: string }>) => {
          const ledger = storeWithRequest();
          for (const racer of order) record(ledger, made(new Till(`pos-${racer.change}`), racer.change, 1, racer.at));
          return current(ledger)!.state;
        };
        expect(finalState([first, second])).toBe(finalState([second, first]));
      }),
      { numRuns: 25 },
    );
  });
});

describe('judgeRace and compareInstants', () => {
  const change = (c: 'approve' | 'deny' | 'cancel' | 'fulfill', occurredAt: string, baseVersion = 1) => ({
    change: c,
    occurredAt,
    baseVersion,
  });

  it('only changes made against the same version, of different kinds, race', () => {
    expect(judgeRace(change('approve', T10), change('cancel', T12, 2))).toBe('no_race');
    expect(judgeRace(change('approve', T10), change('approve', T12))).toBe('no_race');
    expect(judgeRace(change('fulfill', T10), change('approve', T12))).toBe('no_race');
    expect(judgeRace({ change: 'create', occurredAt: T10, baseVersion: 0 }, change('approve', T12, 0))).toBe('no_race');
    expect(judgeRace(change('approve', T10), change('cancel', T12))).toBe('incoming_wins');
    expect(judgeRace(change('cancel', T12), change('approve', T10))).toBe('recorded_wins');
    expect(judgeRace(change('cancel', T10), change('approve', T10))).toBe('incoming_wins');
    expect(judgeRace(change('approve', T10), change('deny', T10))).toBe('recorded_wins');
    expect(judgeRace(change('cancel', T10), change('deny', T10))).toBe('incoming_wins');
    expect(judgeRace(change('cancel', T10), change('fulfill', T12))).toBe('incoming_wins');
    expect(judgeRace(change('fulfill', T12), change('cancel', T10))).toBe('recorded_wins');
  });

  it('orders UtcInstants with 1 to 9 fractional digits by time', () => {
    expect(compareInstants('2026-11-22T10:00:00Z', '2026-11-22T10:00:00.000Z')).toBe(0);
    expect(compareInstants('2026-11-22T10:00:00.1Z', '2026-11-22T10:00:00.099999999Z')).toBe(1);
    expect(compareInstants('2026-11-22T10:00:00.000000001Z', '2026-11-22T10:00:00Z')).toBe(1);
    expect(compareInstants('2026-11-22T09:59:59.999Z', '2026-11-22T10:00:00Z')).toBe(-1);
  });
});

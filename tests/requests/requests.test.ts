import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/main/hub/ledger/ledger.js';
import { payloadValidator } from '../../src/main/hub/sync/protocol-validators.js';
import { expectRebuildMatchesLive, expectRefused, expectStatus, openStore, rows, Till } from '../sales/helpers.js';

const handheld = new Till('hh-1');
const manager = new Till('pos-office');

const transfer = {
  requestId: 'rq-1',
  kind: 'transfer',
  productId: 'cola',
  fromLocationId: 'floor',
  toLocationId: 'cooler',
  quantity: 6,
};

function requestRow(ledger: Ledger, requestId = 'rq-1') {
  return rows(
    ledger,
    'SELECT state, version, change_type, change_base_version FROM requests WHERE request_id = ?',
    requestId,
  )[0];
}

function change(type: string, expectedVersion: number, at?: string, requestId = 'rq-1') {
  return manager.event(`request.${type}`, { requestId, expectedVersion }, at);
}

describe('request payload schemas v1', () => {
  const valid = (type: string, payload: unknown) => payloadValidator(type, 1)!.Check(payload);

  it('need fromLocationId for a transfer and forbid it for a replenishment', () => {
    expect(valid('request.create', transfer)).toBe(true);
    expect(valid('request.create', { ...transfer, fromLocationId: undefined })).toBe(false);
    expect(
      valid('request.create', {
        requestId: 'rq',
        kind: 'replenish',
        productId: 'cola',
        toLocationId: 'floor',
        quantity: 1,
        note: 'low',
      }),
    ).toBe(true);
    expect(valid('request.create', { ...transfer, kind: 'replenish' })).toBe(false);
    expect(valid('request.create', { ...transfer, kind: 'borrow' })).toBe(false);
    expect(valid('request.create', { ...transfer, priority: 'high' })).toBe(false);
  });

  it('take approve / deny / cancel / fulfill as {requestId, expectedVersion >= 1, reason?}', () => {
    for (const type of ['request.approve', 'request.deny', 'request.cancel', 'request.fulfill']) {
      expect(valid(type, { requestId: 'rq-1', expectedVersion: 1, reason: 'ok' })).toBe(true);
      expect(valid(type, { requestId: 'rq-1', expectedVersion: 0 })).toBe(false);
      expect(valid(type, { requestId: 'rq-1' })).toBe(false);
      expect(valid(type, { requestId: 'rq-1', expectedVersion: 1, state: 'approved' })).toBe(false);
    }
  });
});

describe('request.create', () => {
  it('opens a pending request at version 1 with everything it asked for', () => {
    const ledger = openStore();
    const stored = expectStatus(ledger, handheld.event('request.create', { ...transfer, note: 'weekend' }), 'accepted');
    expect(stored.outcome).toEqual({
      request: { requestId: 'rq-1', state: 'pending', version: 1, baseVersion: 0, baseState: null },
    });
    expect(rows(ledger, 'SELECT * FROM requests')).toEqual([
      {
        request_id: 'rq-1',
        kind: 'transfer',
        product_id: 'cola',
        from_location_id: 'floor',
        to_location_id: 'cooler',
        quantity: 6,
        note: 'weekend',
        state: 'pending',
        version: 1,
        created_cursor: stored.cursor,
        created_by: 'hh-1',
        change_type: 'create',
        change_event_id: stored.event.id,
        change_occurred_at: '2026-11-22T10:15:00.000Z',
        change_base_version: 0,
        change_base_state: null,
        change_reason: null,
        updated_cursor: stored.cursor,
      },
    ]);
  });

  it('refuses a duplicate id, unknown product or location, an inactive location and a transfer to itself', () => {
    const ledger = openStore();
    expectStatus(ledger, handheld.event('request.create', transfer), 'accepted');
    expectRefused(ledger, handheld.event('request.create', transfer), 'DUPLICATE_REQUEST');
    const fresh = { ...transfer, requestId: 'rq-2' };
    expectRefused(ledger, handheld.event('request.create', { ...fresh, productId: 'caviar' }), 'UNKNOWN_PRODUCT');
    expectRefused(ledger, handheld.event('request.create', { ...fresh, fromLocationId: 'roof' }), 'UNKNOWN_LOCATION');
    expectRefused(
      ledger,
      handheld.event('request.create', { ...fresh, toLocationId: 'closed-kiosk' }),
      'LOCATION_INACTIVE',
    );
    expectRefused(ledger, handheld.event('request.create', { ...fresh, toLocationId: 'floor' }), 'SAME_LOCATION');
    const replenish = { requestId: 'rq-3', kind: 'replenish', productId: 'gum', toLocationId: 'floor', quantity: 24 };
    expectStatus(ledger, handheld.event('request.create', replenish), 'accepted');
    expect(rows(ledger, 'SELECT request_id, kind, from_location_id FROM requests ORDER BY request_id')).toEqual([
      { request_id: 'rq-1', kind: 'transfer', from_location_id: 'floor' },
      { request_id: 'rq-3', kind: 'replenish', from_location_id: null },
    ]);
  });
});

describe('request changes at the current version', () => {
  function created(): Ledger {
    const ledger = openStore();
    expectStatus(ledger, handheld.event('request.create', transfer), 'accepted');
    return ledger;
  }

  it('approve then fulfill: each accepted change bumps the version by one', () => {
    const ledger = created();
    const approved = expectStatus(
      ledger,
      manager.event('request.approve', { requestId: 'rq-1', expectedVersion: 1, reason: 'fine' }),
      'accepted',
    );
    expect(approved.outcome).toEqual({
      request: { requestId: 'rq-1', state: 'approved', version: 2, baseVersion: 1, baseState: 'pending' },
    });
    expect(rows(ledger, 'SELECT change_reason FROM requests')).toEqual([{ change_reason: 'fine' }]);
    expectStatus(ledger, change('fulfill', 2), 'accepted');
    expect(requestRow(ledger)).toEqual({
      state: 'fulfilled',
      version: 3,
      change_type: 'fulfill',
      change_base_version: 2,
    });
  });

  it('deny and cancel close a pending request; an approved one can still be cancelled', () => {
    const ledger = created();
    expectStatus(ledger, change('deny', 1), 'accepted');
    expect(requestRow(ledger)).toMatchObject({ state: 'denied', version: 2 });

    expectStatus(ledger, handheld.event('request.create', { ...transfer, requestId: 'rq-2' }), 'accepted');
    expectStatus(ledger, change('approve', 1, undefined, 'rq-2'), 'accepted');
    expectStatus(ledger, change('cancel', 2, undefined, 'rq-2'), 'accepted');
    expect(requestRow(ledger, 'rq-2')).toMatchObject({ state: 'cancelled', version: 3 });
    expectRebuildMatchesLive(ledger);
  });

  it('refuses a change the state does not allow, an unknown request and a version the request never had', () => {
    const ledger = created();
    expectRefused(ledger, change('fulfill', 1), 'INVALID_TRANSITION');
    expectStatus(ledger, change('deny', 1), 'accepted');
    const refused = expectRefused(ledger, change('approve', 2), 'INVALID_TRANSITION');
    expect((refused.outcome!.refusal as { message: string }).message).toBe('cannot approve a request that is denied');
    expectRefused(ledger, change('approve', 1, undefined, 'rq-404'), 'UNKNOWN_REQUEST');
    expectRefused(ledger, change('cancel', 3), 'UNKNOWN_VERSION');
    expect(requestRow(ledger)).toMatchObject({ state: 'denied', version: 2 });
  });

  it('refuses to cancel a fulfilled request at any version: goods that moved cannot be un-moved', () => {
    const ledger = created();
    expectStatus(ledger, change('approve', 1), 'accepted');
    expectStatus(ledger, change('fulfill', 2), 'accepted');
    for (const version of [3, 2, 1]) expectRefused(ledger, change('cancel', version), 'REQUEST_ALREADY_FULFILLED');
    expect(requestRow(ledger)).toMatchObject({ state: 'fulfilled', version: 3 });
  });
});

describe('stale expectedVersion', () => {
  it('is a stale_version conflict carrying the current record, opened for a person and changing nothing', () => {
    const ledger = openStore();
    expectStatus(ledger, handheld.event('request.create', transfer), 'accepted');
    expectStatus(ledger, change('approve', 1), 'accepted');
    // A second manager approved the same version offline: no race (same change), just stale.
    const late = change('approve', 1);
    const stored = expectStatus(ledger, late, 'conflict');

    expect(stored.outcome).toEqual({
      conflict: {
        id: `c-${late.id}`,
        kind: 'stale_version',
        server: {
          requestId: 'rq-1',
          kind: 'transfer',
          productId: 'cola',
          fromLocationId: 'floor',
          toLocationId: 'cooler',
          quantity: 6,
          note: null,
          state: 'approved',
          version: 2,
        },
        requested: { change: 'approve', expectedVersion: 1 },
        options: ['accept_server', 'retry', 'escalate'],
      },
    });
    expect(requestRow(ledger)).toMatchObject({ state: 'approved', version: 2 });
    expect(rows(ledger, 'SELECT id, kind, status FROM conflicts')).toEqual([
      { id: `c-${late.id}`, kind: 'stale_version', status: 'open' },
    ]);

    // Two versions behind is never a race, whatever the change.
    expectStatus(ledger, change('fulfill', 2), 'accepted');
    expectStatus(ledger, change('deny', 1), 'conflict');
    expectRebuildMatchesLive(ledger);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { revocationOutcome } from '../../src/main/hub/conflicts/custody-dispute.js';
import { hubEvent } from '../../src/main/hub/inventory/hub-events.js';
import { conflictRow, device, openStore, seedCatalog, stockOf, type Store, type TestDevice } from './helpers.js';

let store: Store;
let tillA: TestDevice;
let tillB: TestDevice;
/** The conflict tillB's issue of 7 raised after tillA took 7 of 10. */
let conflictId: string;

const shelf = () => stockOf(store.db, 'cola', 'shelf');
const resolve = (till: TestDevice, action: string, quantity?: number) =>
  till.send('conflict.resolve', { conflictId, action, ...(quantity === undefined ? {} : { quantity }) });
const returnToShelf = (quantity: number) =>
  tillA.send('inventory.return', { productId: 'cola', locationId: 'shelf', quantity });

beforeEach(() => {
  store = openStore();
  seedCatalog(store, {
    products: ['cola'],
    locations: [
      { id: 'shelf', active: true },
      { id: 'backroom', active: true },
    ],
    stock: [{ productId: 'cola', locationId: 'shelf', quantity: 10 }],
  });
  tillA = device(store, 'till-a');
  tillB = device(store, 'till-b');
  // The seed's oversell: both tills were offline, each believed it could take 7 of the 10; A synced first.
  tillA.send('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 7 });
  const { record } = tillB.send('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 7 });
  conflictId = `c-${record.event.id}`;
});

describe('two tills oversell while offline', () => {
  it('accepts the first, holds the second as a conflict and leaves the decision to a person', () => {
    const statuses = store.db.prepare("SELECT device_id, status FROM events WHERE type = 'inventory.issue'").all();
    expect(statuses).toEqual([
      { device_id: 'till-a', status: 'accepted' },
      { device_id: 'till-b', status: 'conflict' },
    ]);
    expect(shelf()).toBe(3);
    // Stock coming back does not release the held issue on its own: only the device or a manager may.
    returnToShelf(10);
    expect(shelf()).toBe(13);
    expect(conflictRow(store.db, conflictId)).toMatchObject({ status: 'open', device_id: 'till-b', resolution: null });
  });
});

describe('accept_server', () => {
  it('closes the conflict and discards the held issue', () => {
    const { decision, record } = resolve(tillB, 'accept_server');
    expect(decision).toEqual({
      status: 'accepted',
      outcome: { resolution: { conflictId, action: 'accept_server', resolvedBy: 'till-b' } },
    });
    expect(shelf()).toBe(3);
    expect(conflictRow(store.db, conflictId)).toMatchObject({
      status: 'resolved',
      resolved_at_cursor: record.cursor,
      resolution: { conflictId, action: 'accept_server', resolvedBy: 'till-b' },
    });
  });
});

describe('retry', () => {
  it('releases the whole held issue once current stock covers it', () => {
    returnToShelf(5);
    const { decision } = resolve(tillB, 'retry');
    expect(decision).toEqual({
      status: 'accepted',
      outcome: {
        stock: [{ productId: 'cola', locationId: 'shelf', delta: -7 }],
        resolution: { conflictId, action: 'retry', resolvedBy: 'till-b' },
      },
    });
    expect(shelf()).toBe(1);
    expect(conflictRow(store.db, conflictId)?.status).toBe('resolved');
  });

  it('is refused while stock still falls short, leaving the conflict open for another choice', () => {
    const { decision } = resolve(tillB, 'retry');
    expect(decision).toEqual({
      status: 'refused',
      outcome: { refusal: { code: 'STILL_INSUFFICIENT', message: '3 available at shelf, 7 needed' } },
    });
    expect(conflictRow(store.db, conflictId)?.status).toBe('open');
    expect(resolve(tillB, 'accept_server').decision.status).toBe('accepted');
  });
});

describe('modify', () => {
  it('releases part of the held issue', () => {
    const { decision } = resolve(tillB, 'modify', 3);
    expect(decision).toEqual({
      status: 'accepted',
      outcome: {
        stock: [{ productId: 'cola', locationId: 'shelf', delta: -3 }],
        resolution: { conflictId, action: 'modify', resolvedBy: 'till-b', quantity: 3 },
      },
    });
    expect(shelf()).toBe(0);
    expect(conflictRow(store.db, conflictId)).toMatchObject({ status: 'resolved', resolution: { quantity: 3 } });
  });

  it.each([
    ['more than is available', 0, 4],
    ['more than was requested', 20, 8],
    ['no quantity', 20, undefined],
  ])('is refused with %s, leaving the conflict open', (_case, returned, quantity) => {
    if (returned > 0) returnToShelf(returned);
    const available = shelf();
    const { decision } = resolve(tillB, 'modify', quantity);
    expect(decision.status).toBe('refused');
    expect(decision.outcome?.refusal?.code).toBe('INVALID_QUANTITY');
    expect(shelf()).toBe(available);
    expect(conflictRow(store.db, conflictId)?.status).toBe('open');
  });
});

describe('escalate', () => {
  it('hands the conflict to a manager; the device can no longer resolve it', () => {
    const { decision, record } = resolve(tillB, 'escalate');
    expect(decision).toEqual({
      status: 'accepted',
      outcome: { resolution: { conflictId, action: 'escalate', resolvedBy: 'till-b' } },
    });
    expect(conflictRow(store.db, conflictId)).toMatchObject({ status: 'escalated', resolved_at_cursor: record.cursor });
    returnToShelf(10);
    expect(resolve(tillB, 'retry').decision.outcome?.refusal?.code).toBe('CONFLICT_ESCALATED');
    expect(shelf()).toBe(13);
  });
});

describe('resolutions the hub refuses', () => {
  it('refuses an unknown conflict', () => {
    const { decision } = tillB.send('conflict.resolve', { conflictId: 'c-nothing', action: 'accept_server' });
    expect(decision.outcome?.refusal?.code).toBe('UNKNOWN_CONFLICT');
  });

  it('refuses a second resolution of a resolved conflict', () => {
    resolve(tillB, 'accept_server');
    returnToShelf(10);
    const { decision } = resolve(tillB, 'retry');
    expect(decision.outcome?.refusal?.code).toBe('CONFLICT_CLOSED');
    expect(shelf()).toBe(13);
  });

  it("refuses a conflict quarantined by the device's revocation: only a manager decides it now", () => {
    const event = hubEvent('device.revoked', { deviceId: 'till-b', reason: 'lost' }, 'test');
    const outcome = revocationOutcome(store.db, 'till-b', event.id);
    expect(outcome).toEqual({ quarantine: { conflictIds: [conflictId] } });
    const [revocation] = store.ledger.append([{ status: 'accepted', event, outcome }]);
    expect(conflictRow(store.db, conflictId)).toMatchObject({
      status: 'quarantined',
      quarantined_at_cursor: revocation!.cursor,
    });
    returnToShelf(10);
    expect(resolve(tillB, 'retry').decision.outcome?.refusal?.code).toBe('CONFLICT_QUARANTINED');
    expect(shelf()).toBe(13);
  });

  it("refuses a device resolving another device's conflict", () => {
    const { decision } = resolve(tillA, 'accept_server');
    expect(decision.outcome?.refusal?.code).toBe('NOT_YOUR_CONFLICT');
    expect(conflictRow(store.db, conflictId)?.status).toBe('open');
  });
});

describe('a held transfer', () => {
  let transferConflictId: string;

  beforeEach(() => {
    const { record } = tillB.send('inventory.transfer', {
      productId: 'cola',
      fromLocationId: 'shelf',
      toLocationId: 'backroom',
      quantity: 5,
    });
    transferConflictId = `c-${record.event.id}`;
    returnToShelf(2);
  });

  it('moves both sides when retried with enough stock', () => {
    const { decision } = tillB.send('conflict.resolve', { conflictId: transferConflictId, action: 'retry' });
    expect(decision.outcome?.stock).toEqual([
      { productId: 'cola', locationId: 'shelf', delta: -5 },
      { productId: 'cola', locationId: 'backroom', delta: 5 },
    ]);
    expect([shelf(), stockOf(store.db, 'cola', 'backroom')]).toEqual([0, 5]);
  });

  it('is refused on retry if the destination closed meanwhile', () => {
    store.catalog.upsertLocation({ id: 'backroom', name: 'backroom', active: false }, 'test');
    const { decision } = tillB.send('conflict.resolve', { conflictId: transferConflictId, action: 'retry' });
    expect(decision.outcome?.refusal?.code).toBe('LOCATION_INACTIVE');
    expect(conflictRow(store.db, transferConflictId)?.status).toBe('open');
    expect(shelf()).toBe(5);
  });
});

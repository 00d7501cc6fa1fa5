/**
 * The device side of offline authorization against a REAL hub over the SDK's pinned HTTPS transport: the hub decides
 * when it can be reached; a till cut off from it applies the same policy to its last snapshot and its own outbox.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HubError } from '../../src/device/core/errors.js';
import { HttpsTransport } from '../../src/device/node/https-transport.js';
import {
  OfflineAuthorizer,
  outboxCardPayments,
  type OfflineAuthorizerPorts,
} from '../../src/device/payments/offline-authorizer.js';
import { MemoryStorage } from '../../src/device/storage/memory-storage.js';
import { paymentPolicyState } from '../../src/main/hub/payments/index.js';
import type {
  OfflineAuthorizationReply,
  OfflineAuthorizationRequest,
  PaymentPolicyState,
} from '../../src/shared/protocol/payment-payloads.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { freePort } from '../helpers/free-port.js';

const PATH = '/v1/payments/offline-authorizations';
const pln = (amount: number) => ({ amount, currency: 'PLN' });

let t: DeviceTestHub;
const till = new TestDevice();
const transports: HttpsTransport[] = [];
let storage: MemoryStorage;
let snapshot: PaymentPolicyState | undefined;

beforeAll(async () => {
  t = await startDeviceTestHub();
  await seedCatalog(t);
  await t.pair(till);
});
afterAll(async () => {
  for (const transport of transports) transport.close();
  await t.hub.stop();
});
beforeEach(() => {
  storage = new MemoryStorage();
  snapshot = paymentPolicyState(t.hub.context.ledger.db);
});

/** What HubApi does for the other device calls: 2xx is the answer, anything else a HubError. */
function askHubAt(url: string, token = till.token): OfflineAuthorizerPorts['askHub'] {
  const transport = new HttpsTransport({ url, fingerprint: t.hub.status().tlsFingerprint, connectTimeoutMs: 1000 });
  transports.push(transport);
  return async (request) => {
    const response = await transport.request('POST', PATH, request, token);
    if (response.status === 200) return response.body as OfflineAuthorizationReply;
    const { code, message } = (response.body as { error: { code: string; message: string } }).error;
    throw new HubError(response.status, code, message);
  };
}

function authorizer(askHub: OfflineAuthorizerPorts['askHub']): OfflineAuthorizer {
  return new OfflineAuthorizer({
    askHub,
    lastPolicyState: async () => snapshot,
    unsyncedCardPayments: () => outboxCardPayments(storage),
  });
}

async function unreachable(): Promise<OfflineAuthorizer> {
  return authorizer(askHubAt(`https://127.0.0.1:${await freePort()}`));
}

let count = 0;
function card(amount: number, locationId = 'shelf'): OfflineAuthorizationRequest {
  count += 1;
  return { paymentId: `pay-${count}`, saleId: `sale-${count}`, amount: pln(amount), method: 'card', locationId };
}

/** A card payment the till took and has not synced: in its outbox as payment.offline_card. */
async function tookCard(amount: number, locationId = 'shelf') {
  const { paymentId, saleId } = card(amount);
  const now = new Date().toISOString();
  return storage.enqueue({
    id: uuidv7(),
    deviceId: till.deviceId,
    type: 'payment.offline_card',
    v: 1,
    occurredAt: now,
    deviceTime: now,
    basis: 0,
    payload: { paymentId, saleId, amount: pln(amount), method: 'card', locationId, takenAt: now },
  });
}

describe('with the hub in reach', () => {
  it('takes the hub’s answer, approvalId included', async () => {
    const answer = await authorizer(askHubAt(t.lanUrl)).authorize(card(25_000));
    expect(answer).toEqual({
      decision: 'pending_manager',
      reason: 'ABOVE_MANAGER_THRESHOLD',
      approvalId: expect.any(String),
      decidedBy: 'hub',
    });
  });

  it('passes on what the hub refused, rather than guessing', async () => {
    await expect(authorizer(askHubAt(t.lanUrl, 'not-a-token')).authorize(card(100))).rejects.toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    await expect(authorizer(askHubAt(t.lanUrl)).authorize(card(100, 'moon'))).rejects.toMatchObject({
      code: 'UNKNOWN_LOCATION',
    });
  });
});

describe('with the hub out of reach', () => {
  it('applies the policy itself: approved, manager needed (no approvalId) or declined', async () => {
    const local = await unreachable();
    expect(await local.authorize(card(20_000))).toEqual({ decision: 'approved', decidedBy: 'device' });
    expect(await local.authorize(card(20_001))).toEqual({
      decision: 'pending_manager',
      reason: 'ABOVE_MANAGER_THRESHOLD',
      decidedBy: 'device',
    });
    expect(await local.authorize(card(50_001))).toEqual({
      decision: 'declined',
      reason: 'OVER_TRANSACTION_LIMIT',
      decidedBy: 'device',
    });
    expect(await local.authorize({ ...card(90_000), method: 'cash' })).toEqual({
      decision: 'approved',
      decidedBy: 'device',
    });
  });

  it('counts its own unsynced card payments at the location towards the day, to the grosz', async () => {
    for (let i = 0; i < 14; i += 1) await tookCard(20_000);
    await tookCard(19_999);
    const local = await unreachable();
    expect(await local.authorize(card(1))).toEqual({ decision: 'approved', decidedBy: 'device' });
    expect(await local.authorize(card(2))).toEqual({
      decision: 'declined',
      reason: 'OVER_DAILY_LIMIT',
      decidedBy: 'device',
    });
    expect(await local.authorize(card(20_000, 'cooler'))).toEqual({ decision: 'approved', decidedBy: 'device' });
  });

  it('adds its unsynced payments to the exposure of its last snapshot, under the snapshot’s policy', async () => {
    snapshot = {
      offlineCard: { ...snapshot!.offlineCard, maxOutstandingExposure: 50_000 },
      outstandingExposure: 29_000,
    };
    await tookCard(1_000, 'cooler');
    const local = await unreachable();
    expect(await local.authorize(card(20_000))).toEqual({ decision: 'approved', decidedBy: 'device' });
    expect(await local.authorize(card(20_001))).toEqual({
      decision: 'declined',
      reason: 'OVER_EXPOSURE_LIMIT',
      decidedBy: 'device',
    });
  });

  it('stops counting a payment once the hub recorded it, and counts the rejected one still waiting', async () => {
    const synced = await tookCard(20_000);
    const rejected = await tookCard(10_000);
    await storage.markResults([
      { id: synced.id, seq: synced.seq, status: 'accepted', cursor: 1 },
      { id: rejected.id, seq: rejected.seq, status: 'rejected', error: { code: 'SIGNATURE_INVALID', message: 'x' } },
    ]);
    await tookCard(5_000);
    expect((await outboxCardPayments(storage)).map((payment) => payment.amount.amount)).toEqual([10_000, 5_000]);
  });

  it('uses the default policy before its first snapshot', async () => {
    snapshot = undefined;
    const local = await unreachable();
    expect(await local.authorize(card(50_000))).toMatchObject({ decision: 'pending_manager' });
    expect(await local.authorize(card(50_001))).toMatchObject({ reason: 'OVER_TRANSACTION_LIMIT' });
  });
});

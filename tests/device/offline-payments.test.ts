/**
 * Offline card payments through the Device SDK against a REAL hub: the policy snapshot a device keeps from
 * GET /v1/state, authorizations answered by the hub, a manager's decision arriving on the live stream, and the
 * device deciding on its own snapshot when it cannot reach the hub.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HubTransport } from '../../src/device/core/ports.js';
import { Device } from '../../src/device/device.js';
import { HttpsTransport } from '../../src/device/node/https-transport.js';
import { MemoryStorage } from '../../src/device/storage/memory-storage.js';
import type { OfflineAuthorizationRequest } from '../../src/shared/protocol/payment-payloads.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { freePort } from '../helpers/free-port.js';
import { pairSdkTill } from '../helpers/sdk-pairing.js';

const pln = (amount: number) => ({ amount, currency: 'PLN' });
let t: DeviceTestHub;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  t = await startDeviceTestHub();
  await seedCatalog(t);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await t.hub.stop();
});

function transportTo(url: string): HttpsTransport {
  const transport = new HttpsTransport({ url, fingerprint: t.hub.status().tlsFingerprint, connectTimeoutMs: 1000 });
  cleanups.push(() => transport.close());
  return transport;
}

async function openDevice(storage: MemoryStorage, transport: HubTransport): Promise<Device> {
  const device = await Device.open({ storage, transport, appVersion: 'payments test' });
  cleanups.push(() => device.stop());
  return device;
}

/** A paired till that synced once, so it holds the hub's snapshot. */
async function pairedTill(): Promise<{ device: Device; storage: MemoryStorage }> {
  const storage = new MemoryStorage();
  const transport = transportTo(t.lanUrl);
  await pairSdkTill(t, transport, storage);
  const device = await openDevice(storage, transport);
  await device.sync();
  return { device, storage };
}

let payments = 0;
function card(amount: number): OfflineAuthorizationRequest {
  payments += 1;
  return {
    paymentId: `p-${payments}`,
    saleId: `s-${payments}`,
    amount: pln(amount),
    method: 'card',
    locationId: 'shelf',
  };
}

async function policy(): Promise<Record<string, unknown>> {
  return (await t.admin('GET', '/v1/admin/settings/payment-policy')).json;
}

describe('the policy snapshot', () => {
  it('is kept from GET /v1/state and taken again when pulled records change it', async () => {
    const { device } = await pairedTill();
    expect(await device.lastPolicyState()).toEqual({ offlineCard: await policy(), outstandingExposure: 0 });

    const stricter = { ...(await policy()), dailyLimitPerLocation: 1_000_00 };
    expect((await t.admin('PUT', '/v1/admin/settings/payment-policy', stricter)).status).toBe(200);
    const request = card(150_00);
    expect(await device.authorizeOfflinePayment(request)).toEqual({ decision: 'approved', decidedBy: 'hub' });
    await device.record('payment.offline_card', { ...request, takenAt: new Date().toISOString() });
    await device.sync();

    expect(await device.lastPolicyState()).toEqual({ offlineCard: stricter, outstandingExposure: 150_00 });
  });
});

describe('authorizations', () => {
  it('a manager approves on the screen and the till hears it on its stream', async () => {
    const { device } = await pairedTill();
    device.start();
    await expect.poll(() => device.syncStatus().streamConnected).toBe(true);

    const asked = await device.authorizeOfflinePayment(card(250_00));
    expect(asked).toMatchObject({ decision: 'pending_manager', decidedBy: 'hub', approvalId: expect.any(String) });
    const approvalId = (asked as { approvalId: string }).approvalId;
    const waiting = device.awaitApproval(approvalId, 10_000);
    const decided = await t.admin('POST', `/v1/admin/approvals/${approvalId}/decide`, {
      decision: 'approve',
      pin: '13579',
    });

    expect(decided.status, decided.text).toBe(200);
    expect(await waiting).toEqual({
      type: 'approval',
      approvalId,
      paymentId: expect.any(String),
      decision: 'approved',
      decidedBy: 'Olga',
    });
    // Asked after the decision came, the till still knows it.
    expect(await device.awaitApproval(approvalId, 0)).toMatchObject({ decision: 'approved' });
  });

  it('no decision within the wait is undefined', async () => {
    const { device } = await pairedTill();
    const asked = await device.authorizeOfflinePayment(card(260_00));
    expect(await device.awaitApproval((asked as { approvalId: string }).approvalId, 50)).toBeUndefined();
  });

  it('cut off from the hub, the till decides on its snapshot and its own unsynced card payments', async () => {
    const { storage } = await pairedTill();
    const offline = await openDevice(storage, transportTo(`https://127.0.0.1:${await freePort()}`));
    const { offlineCard } = (await offline.lastPolicyState())!;
    const taken = card(offlineCard.dailyLimitPerLocation - 100);
    await offline.record('payment.offline_card', { ...taken, takenAt: new Date().toISOString() });

    expect(await offline.authorizeOfflinePayment(card(100))).toEqual({ decision: 'approved', decidedBy: 'device' });
    expect(await offline.authorizeOfflinePayment(card(101))).toEqual({
      decision: 'declined',
      reason: 'OVER_DAILY_LIMIT',
      decidedBy: 'device',
    });
  });
});

/**
 * Seed scenario "Two techs issue same product while offline" (inventory-offline-first-architecture.md), end to end:
 *
 *   Given Tech A and Tech B both have access to Vehicle X, which has 50 units of Product A, and both go offline
 *   When Tech A issues 30 units and Tech B issues 35 units, A syncs first and then B
 *   Then B receives a conflict with resolution options, B's event is marked conflicted, and the system does not
 *   auto-resolve it (a person must).
 *
 * Plus DESIGN §3/§4: a conflict does not stall the device (its later events are decided without the held effect),
 * the manager sees it open in the admin API, stock is not silently overridden (not even when stock comes back), and
 * the device's own `conflict.resolve` (modify) releases part of it, which the other device learns via stream + pull.
 * Two real SDK devices, each with its own SQLite file and its own cuttable loopback link to a real hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, LoopbackLink, pairSdkDevice, sleep, type SdkDevice } from '../fixtures/e2e-devices.js';
import { seedInventory, startE2eHub, type E2eHub } from '../fixtures/e2e-hub.js';
import type { LooseJson } from '../helpers/device-client.js';

const PRODUCT = 'product-a';
const VEHICLE = 'vehicle-x';

let hub: E2eHub;
let techA: SdkDevice;
let techB: SdkDevice;

beforeAll(async () => {
  hub = await startE2eHub();
  await seedInventory(hub, { product: PRODUCT, locations: [VEHICLE], stock: [{ locationId: VEHICLE, quantity: 50 }] });
  const { port } = new URL(hub.lanUrl);
  const pairTech = async (name: string) =>
    pairSdkDevice({
      hubUrl: hub.lanUrl,
      fingerprint: hub.fingerprint,
      pairingCode: await hub.pairingCode(),
      name,
      link: await LoopbackLink.open({ host: '127.0.0.1', port: Number(port) }),
    });
  techA = await pairTech('tech A');
  techB = await pairTech('tech B');
});

afterAll(async () => {
  for (const tech of [techA, techB]) {
    await tech?.dispose();
    await tech?.link?.close();
  }
  await hub?.stop();
});

const issue = (quantity: number) => ({ productId: PRODUCT, locationId: VEHICLE, quantity });
const stockOf = (tech: SdkDevice) => tech.device.stock(PRODUCT, VEHICLE);
const openConflicts = async (): Promise<LooseJson[]> =>
  (await hub.adminOk('GET', '/v1/admin/conflicts?status=open')).conflicts;

describe('Scenario: Two techs issue same product while offline', () => {
  it('accepts the first sync, holds the second as an open conflict, and only the device resolves it', async () => {
    const a = techA.device;
    const b = techB.device;
    // Given both techs have Vehicle X with 50 units in view, then both go offline simultaneously
    a.start();
    b.start();
    for (const tech of [techA, techB]) {
      await eventually(`${tech.name} connected`, () => tech.device.syncStatus().streamConnected);
      await eventually(`${tech.name} sees 50`, async () => (await stockOf(tech)) === 50);
    }
    techA.link!.cut();
    techB.link!.cut();
    await eventually('both offline', () => !a.syncStatus().streamConnected && !b.syncStatus().streamConnected);

    // When Tech A issues 30 units and Tech B issues 35 (and, still offline, 3 more on a later job)
    const issueA = await a.record('inventory.issue', issue(30));
    const issueB = await b.record('inventory.issue', issue(35));
    const laterB = await b.record('inventory.issue', issue(3));
    expect([issueA.basis, issueB.basis]).toEqual([hub.rows().at(-1)!.cursor, hub.rows().at(-1)!.cursor]);

    // And Tech A syncs first (successfully)
    techA.link!.restore();
    await eventually('A synced', async () => (await a.statusOf(issueA.id))?.status === 'synced');
    expect(hub.stock(PRODUCT, VEHICLE)).toBe(20);

    // And Tech B attempts to sync
    techB.link!.restore();
    await eventually('B got its answers', async () => (await b.counts()).pending === 0);

    // Then Tech B receives a conflict, its event is marked conflicted, with the resolution options
    const held = await b.statusOf(issueB.id);
    expect(held?.status).toBe('conflict');
    const conflict = held!.result!.conflict!;
    expect(conflict).toMatchObject({
      kind: 'insufficient_stock',
      server: expect.objectContaining({ available: 20 }),
      options: expect.arrayContaining(['accept_server', 'retry', 'modify', 'escalate']),
    });
    await eventually('B was notified by its sync report', () =>
      techB.events.some((e) => e.type === 'synced' && e.report.conflicts === 1),
    );
    // A conflict does not stall the device: the later issue was decided without the held 35 and accepted
    expect((await b.statusOf(laterB.id))?.status).toBe('synced');

    // And the system does not auto-resolve: recorded as a conflict, open for the manager, stock not overridden
    const ledgerB = hub.rows(b.deviceId);
    expect(ledgerB.map((r) => [r.seq, r.status])).toEqual([
      [1, 'conflict'],
      [2, 'accepted'],
    ]);
    expect(hub.stock(PRODUCT, VEHICLE)).toBe(17);
    let open = await openConflicts();
    expect(open).toEqual([
      expect.objectContaining({
        id: conflict.id,
        kind: 'insufficient_stock',
        status: 'open',
        eventId: issueB.id,
        deviceId: b.deviceId,
        resolution: null,
      }),
    ]);
    // Not even when stock comes back: a receipt does not release the held issue by itself
    await hub.adminOk('POST', '/v1/admin/inventory/receipts', {
      productId: PRODUCT,
      locationId: VEHICLE,
      quantity: 40,
    });
    expect(hub.stock(PRODUCT, VEHICLE)).toBe(57);
    for (const tech of [techA, techB]) {
      await eventually(`${tech.name} pulled the receipt`, async () => (await stockOf(tech)) === 57);
    }
    await sleep(200);
    open = await openConflicts();
    expect(open.map((c) => [c.id, c.status])).toEqual([[conflict.id, 'open']]);
    expect(hub.stock(PRODUCT, VEHICLE)).toBe(57);
    expect((await b.statusOf(issueB.id))?.status).toBe('conflict');

    // B keeps working and syncing while its conflict is open
    const afterConflict = await b.record('inventory.issue', issue(2));
    await eventually('B synced a later event', async () => (await b.statusOf(afterConflict.id))?.status === 'synced');
    expect(hub.stock(PRODUCT, VEHICLE)).toBe(55);

    // Tech B decides: modify, take 10 of the 35
    const streamCursorsBefore = techA.transport.streamMessages.length;
    const resolve = await b.record('conflict.resolve', { conflictId: conflict.id, action: 'modify', quantity: 10 });
    await eventually('the resolution synced', async () => (await b.statusOf(resolve.id))?.status === 'synced');
    expect(hub.stock(PRODUCT, VEHICLE)).toBe(45);
    const resolved = (await hub.adminOk('GET', '/v1/admin/conflicts')).conflicts as LooseJson[];
    expect(resolved).toEqual([
      expect.objectContaining({
        id: conflict.id,
        status: 'resolved',
        resolution: expect.objectContaining({ action: 'modify', quantity: 10, resolvedBy: b.deviceId }),
      }),
    ]);
    expect(await openConflicts()).toEqual([]);
    const resolutionRow = hub.rows(b.deviceId).find((r) => r.eventId === resolve.id)!;
    expect(resolutionRow.status).toBe('accepted');

    // The result reaches Tech A: a cursor notice on its stream, then a pull; its view equals the hub's
    await eventually('A was told', () =>
      techA.transport.streamMessages
        .slice(streamCursorsBefore)
        .some((m) => m.type === 'cursor' && m.cursor >= resolutionRow.cursor),
    );
    await eventually('A pulled the resolution', async () => (await stockOf(techA)) === 45);
    expect(
      techA.transport.responses.some(
        (r) => r.method === 'GET' && r.path.startsWith('/v1/events?after=') && r.status === 200,
      ),
    ).toBe(true);
    await eventually('B view follows', async () => (await stockOf(techB)) === 45);

    // Nothing was pushed twice, the chain and signatures hold
    const ids = hub.rows().map((r) => r.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(hub.rows(a.deviceId).map((r) => r.eventId)).toEqual([issueA.id]);
    expect(hub.verify()).toMatchObject({ ok: true });
  });
});

/**
 * Seed scenario "Technician works offline for 3 days" (inventory-offline-first-architecture.md), end to end:
 *
 *   Given tech has 100 units of Product A in vehicle, and tech goes offline
 *   When tech issues 20 units on Day 1, 30 on Day 2, 25 on Day 3, and returns online
 *   Then all 3 days of events sync, in sequence order, inventory is reduced by 75 units, and every event keeps
 *   its claimed timestamps.
 *
 * A real hub (HTTPS on loopback, SQLite ledger) and a real SDK device (SQLite outbox in its own directory) whose
 * network is a loopback link the test cuts. The device's clock is set three days back while it works offline, so its
 * events carry the times the tech did them; the running sync engine keeps failing and backing off meanwhile, then
 * reconnects by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src/device/core/ports.js';
import {
  eventually,
  LoopbackLink,
  pairSdkDevice,
  SettableClock,
  sleep,
  type SdkDevice,
} from '../fixtures/e2e-devices.js';
import { seedInventory, startE2eHub, type E2eHub } from '../fixtures/e2e-hub.js';

const PRODUCT = 'product-a';
const VEHICLE = 'vehicle-7';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Many small issues per day: what a technician does job by job. Day totals 20, 30 and 25. */
const DAYS: ReadonlyArray<{ quantities: number[] }> = [
  { quantities: Array.from({ length: 20 }, () => 1) },
  { quantities: Array.from({ length: 15 }, () => 2) },
  { quantities: [...Array.from({ length: 20 }, () => 1), 2, 3] },
];

let hub: E2eHub;
let link: LoopbackLink;
let tech: SdkDevice;
const clock = new SettableClock();

beforeAll(async () => {
  hub = await startE2eHub();
  await seedInventory(hub, { product: PRODUCT, locations: [VEHICLE], stock: [{ locationId: VEHICLE, quantity: 100 }] });
  const { port } = new URL(hub.lanUrl);
  link = await LoopbackLink.open({ host: '127.0.0.1', port: Number(port) });
  tech = await pairSdkDevice({
    hubUrl: hub.lanUrl,
    fingerprint: hub.fingerprint,
    pairingCode: await hub.pairingCode(),
    name: 'tech handheld',
    link,
    clock,
    batchSize: 25,
  });
});

afterAll(async () => {
  await tech?.dispose();
  await link?.close();
  await hub?.stop();
});

describe('Scenario: Technician works offline for 3 days', () => {
  it('syncs all three days in order, exactly once, with their claimed times; stock is reduced by 75', async () => {
    const { device } = tech;
    // Given tech has 100 units of Product A in vehicle (the device's view comes from the hub's snapshot)
    device.start();
    await eventually('the device is connected', () => device.syncStatus().streamConnected);
    await eventually('the device has the hub stock', async () => (await device.stock(PRODUCT, VEHICLE)) === 100);

    // And tech goes offline
    link.cut();
    await eventually('the stream noticed', () => !device.syncStatus().streamConnected);

    // When tech issues 20 units on Day 1, 30 on Day 2 and 25 on Day 3 (the device's clock says so)
    const firstDay = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS;
    const recorded: Array<{ id: string; seq: number; occurredAt: string; deviceTime: string }> = [];
    for (const [index, day] of DAYS.entries()) {
      clock.set(firstDay + index * DAY_MS + 8 * 60 * 60 * 1000); // 08:00 that day
      for (const quantity of day.quantities) {
        const envelope = await device.record('inventory.issue', { productId: PRODUCT, locationId: VEHICLE, quantity });
        recorded.push(envelope);
        clock.advance(17 * 60 * 1000); // the next job, 17 minutes later
      }
      // The engine keeps trying (and backing off) while there is no network.
      await sleep(30);
    }
    const total = recorded.length;
    expect(total).toBe(57);
    expect(recorded.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(await device.counts()).toMatchObject({ pending: total, synced: 0 });
    expect(hub.rows(device.deviceId)).toEqual([]);
    expect(hub.stock(PRODUCT, VEHICLE)).toBe(100);
    await eventually('sync attempts failed while offline', () => tech.events.some((e) => e.type === 'sync-failed'));
    expect(device.syncStatus().running).toBe(true);

    // And tech returns online: the device reconnects and delivers without being asked
    clock.reset();
    const reconnectedAt = new Date().toISOString();
    link.restore();
    await eventually('every event synced', async () => (await device.counts()).synced === total, 15_000);

    // Then all 3 days of events sync successfully, exactly once
    const counts = await device.counts();
    expect(counts).toEqual({ pending: 0, synced: total, conflict: 0, failed: 0, refused: 0 } satisfies Record<
      SyncStatus,
      number
    >);
    const rows = hub.rows(device.deviceId);
    expect(rows.map((r) => r.eventId)).toEqual(recorded.map((e) => e.id));
    expect(new Set(hub.rows().map((r) => r.eventId)).size).toBe(hub.rows().length);
    expect(rows.every((r) => r.status === 'accepted')).toBe(true);

    // And events maintain correct sequence order: seq 1..N in ledger (cursor) order, cursors ascending
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    rows.slice(1).forEach((row, i) => expect(row.cursor).toBeGreaterThan(rows[i]!.cursor));
    expect(hub.hub.context.devices.get(device.deviceId)?.lastSequence).toBe(total);

    // And total inventory is reduced by 75 units, at the hub and in the device's own view
    expect(hub.stock(PRODUCT, VEHICLE)).toBe(25);
    await eventually('the device view follows', async () => (await device.stock(PRODUCT, VEHICLE)) === 25);

    // And all events have accurate claimed timestamps: the ledger keeps what the device said, days before it synced
    rows.forEach((row, i) => {
      expect(row.record.event.occurredAt).toBe(recorded[i]!.occurredAt);
      expect(row.record.event.deviceTime).toBe(recorded[i]!.deviceTime);
      expect(row.record.recordedAt >= reconnectedAt).toBe(true);
    });
    const dayOf = (iso: string) => Math.floor((Date.parse(iso) - firstDay) / DAY_MS);
    const perDay = [0, 0, 0];
    rows.forEach((row) => (perDay[dayOf(row.record.event.occurredAt)]! += row.record.event.payload.quantity as number));
    expect(perDay).toEqual([20, 30, 25]);

    // And the ledger is sound: hash chain and every device signature
    const verified = hub.verify();
    expect(verified.firstBreak).toBeUndefined();
    expect(verified).toMatchObject({ ok: true, checked: hub.rows().length });
  });
});

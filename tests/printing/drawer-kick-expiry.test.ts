/**
 * A drawer must never pop long after the sale: a kick the printer cannot take within 12 s is dropped, logged and
 * audited, and stays dropped when the printer comes back.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { DrawerKickView } from '../../src/shared/protocol/printing.js';
import {
  addPrinter,
  auditActions,
  printerAlerts,
  printerView,
  serialPrinter,
  storeWithDrawer,
  until,
} from './printing-helpers.js';

const KICK = Buffer.from([0x1b, 0x70]);

describe('drawer kicks', () => {
  const setup = storeWithDrawer({ pins: 'both', pulseMs: 60 });
  const { store, till } = setup;

  it('drops a kick queued while the printer is offline for 20 s, audits the drop, and never sends it', async () => {
    const { t } = store;
    setup.printer.responder.state.online = false;
    const asked = Date.now();
    const kick = await t.lan<DrawerKickView>('POST', '/v1/drawers/front/open', {
      token: till.token,
      body: { reason: 'change for a 200', saleId: 's-9', cashierId: 'anna' },
    });
    expect(kick.status, kick.text).toBe(202);
    expect(kick.json.state).toBe('queued');
    await until(
      'the printer to say offline',
      () => printerView(t, 'front'),
      (view) => view.waitingFor === 'offline',
    );

    const dropped = await until(
      'the kick to be dropped',
      () => t.admin<{ kicks: DrawerKickView[] }>('GET', '/v1/admin/drawer-kicks'),
      (answer) => answer.json.kicks[0]?.state === 'dropped',
      16_000,
    );
    const droppedAfter = Date.now() - asked;
    expect(droppedAfter).toBeGreaterThanOrEqual(12_000);
    expect(dropped.json.kicks[0]).toMatchObject({ id: kick.json.id, saleId: 's-9', sentAt: null });
    expect(dropped.json.kicks[0]!.note).toMatch(/not sent within 12 s: the printer is offline/);
    const audit = auditActions(t, 'drawer.kick_dropped')[0]!;
    expect(audit.detail).toMatchObject({ kickId: kick.json.id, saleId: 's-9', reason: 'change for a 200' });
    expect(auditActions(t, 'drawer.open_requested')[0]!.actor).toBe(`device:${till.deviceId}`);
    const alerts = printerAlerts(t);
    expect(alerts.get(`drawer-kick-dropped:${kick.json.id}`)?.message).toMatch(
      /Drawer front did not open for sale s-9/,
    );
    expect(alerts.get('printer-trouble:front')).toEqual({ severity: 'warning', message: 'Printer front is offline' });

    await sleep(Math.max(0, 20_000 - (Date.now() - asked)));
    setup.printer.responder.state.online = true;
    await until(
      'the printer back',
      () => printerView(t, 'front'),
      (view) => view.waitingFor === null,
      35_000,
    );
    await sleep(1_000);
    expect(setup.printer.responder.printed().includes(KICK)).toBe(false);

    // A fresh kick on the printer that is back goes out at once: both pins, 60 ms = 30 × 2 ms.
    const fresh = await t.lan<DrawerKickView>('POST', '/v1/drawers/front/open', {
      token: till.token,
      body: { reason: 'no sale' },
    });
    expect(fresh.status).toBe(202);
    await setup.printer.waitForPrinted(10);
    expect(setup.printer.responder.printed()).toEqual(Buffer.from([0x1b, 0x70, 0, 30, 30, 0x1b, 0x70, 1, 30, 30]));
  }, 60_000);

  it('refuses a drawer that is not wired, and a cashier opening one from the back office', async () => {
    const { t } = store;
    await addPrinter(t, serialPrinter('kitchen', '/dev/null-printer', { drawer: null, receiptDefault: false }));
    const notWired = await t.lan('POST', '/v1/drawers/kitchen/open', { token: till.token, body: { reason: 'x' } });
    expect(notWired.status).toBe(409);
    expect(notWired.json.error.code).toBe('DRAWER_NOT_WIRED');
    const samePort = await t.admin(
      'POST',
      '/v1/admin/printers',
      serialPrinter('twin', setup.printer.hostPath),
      store.marta,
    );
    expect(samePort.status).toBe(409);
    expect(samePort.json.error.code).toBe('CONNECTION_IN_USE');
    const cashier = await t.admin('POST', '/v1/admin/drawers/front/open', { reason: 'float' }, store.kasia);
    expect(cashier.status).toBe(403);
    const noReason = await t.admin('POST', '/v1/admin/drawers/front/open', {}, store.marta);
    expect(noReason.status).toBe(400);
  });

  it('drops the queued kicks of a printer a manager disables, at once and audited', async () => {
    const { t } = store;
    setup.printer.responder.state.online = false;
    const kick = await t.lan<DrawerKickView>('POST', '/v1/drawers/front/open', {
      token: till.token,
      body: { reason: 'float check' },
    });
    expect(kick.json.state).toBe('queued');
    await until(
      'offline',
      () => printerView(t, 'front'),
      (view) => view.waitingFor === 'offline',
    );
    const { id: _id, ...settings } = serialPrinter('front', setup.printer.hostPath, {
      drawer: { pins: 'both', pulseMs: 60 },
      enabled: false,
    });
    const disabled = await t.admin('PUT', '/v1/admin/printers/front', settings, store.marta);
    expect(disabled.status, disabled.text).toBe(200);
    const log = await t.admin<{ kicks: DrawerKickView[] }>('GET', '/v1/admin/drawer-kicks?drawerId=front');
    expect(log.json.kicks[0]).toMatchObject({ id: kick.json.id, state: 'dropped', note: 'the printer was disabled' });
    expect(auditActions(t, 'drawer.kick_dropped')[0]!.detail).toMatchObject({ kickId: kick.json.id });
    const refused = await t.lan('POST', '/v1/drawers/front/open', { token: till.token, body: { reason: 'again' } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('PRINTER_DISABLED');
  });
});

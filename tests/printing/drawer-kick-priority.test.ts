/**
 * A drawer kick goes before bulk sync on the hub's one event loop (issue 11): while it is in flight a push's commit
 * waits; when it is sent the push goes on at once; and a printer that never answers holds sync back only briefly.
 */
import { describe, expect, it } from 'vitest';
import type { DrawerKickView } from '../../src/shared/protocol/printing.js';
import { DEFAULT_HOLD_MS } from '../../src/main/hub/scheduling/foreground-holds.js';
import { push } from '../store-ops/helpers.js';
import { storeWithDrawer, until } from './printing-helpers.js';

const KICK = Buffer.from([0x1b, 0x70]);

describe('drawer kicks before bulk sync', () => {
  const setup = storeWithDrawer({ pins: 'pin2', pulseMs: 60 });
  const { store, till } = setup;

  it('holds sync from the request until the pulse is on the line, then lets it go', async () => {
    const { foreground, printing } = store.t.hub.context;
    printing.drawers.open('front', { reason: 'cash sale', saleId: 's-1' }, { type: 'device', id: till.deviceId });
    expect(foreground.held).toBe(true);
    await until(
      'the pulse on the line',
      () => setup.printer.responder.printed(),
      (bytes) => bytes.includes(KICK),
    );
    await until(
      'the hold released',
      () => foreground.held,
      (held) => !held,
    );
    const [result] = await push(store.t, till, [
      till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 1 }),
    ]);
    expect(result!.cursor).toBeGreaterThan(0);
  });

  it('lets a push through after the hold ends, although the offline printer never takes the kick', async () => {
    const { t } = store;
    setup.printer.responder.state.online = false;
    const kick = await t.lan<DrawerKickView>('POST', '/v1/drawers/front/open', {
      token: till.token,
      body: { reason: 'no sale' },
    });
    expect(kick.status, kick.text).toBe(202);
    const asked = performance.now();
    const [result] = await push(t, till, [
      till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: 1 }),
    ]);
    expect(result!.cursor).toBeGreaterThan(0);
    // Nowhere near the kick's 12 s: the hold ran out, the kick is still waiting for the printer.
    expect(performance.now() - asked).toBeLessThan(DEFAULT_HOLD_MS + 2_000);
    const log = await t.admin<{ kicks: DrawerKickView[] }>('GET', '/v1/admin/drawer-kicks?drawerId=front');
    expect(log.json.kicks.find((entry) => entry.id === kick.json.id)?.state).toBe('queued');
    setup.printer.responder.state.online = true;
  });
});

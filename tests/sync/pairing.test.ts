import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../src/main/hub/ledger/event-log.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';
import { runCli } from '../helpers/ledger-processes.js';

describe('pairing (POST /v1/pairing)', () => {
  let t: DeviceTestHub;
  const pairingBody = (code: string, device = new TestDevice()) => ({
    body: { code, device: { name: 'Till 1', kind: 'pos', publicKey: device.publicKey } },
  });
  const newCode = async (): Promise<string> => (await t.admin('POST', '/v1/admin/pairing-codes')).json.code;

  beforeAll(async () => {
    t = await startDeviceTestHub();
  });
  afterAll(() => t.hub.stop());

  it('pairs with a fresh code: 201 with the exact DESIGN §3 shape, a working token and a device.paired event', async () => {
    const created = await t.admin('POST', '/v1/admin/pairing-codes');
    expect(created.status).toBe(201);
    expect(created.json.code).toMatch(/^\d{8}$/);
    expect(Date.parse(created.json.expiresAt) - Date.now()).toBeGreaterThan(9 * 60 * 1000);

    const device = new TestDevice();
    const paired = await t.lan('POST', '/v1/pairing', pairingBody(created.json.code, device));
    expect(paired.status).toBe(201);
    const status = t.hub.status();
    expect(paired.json).toEqual({
      deviceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      hub: {
        hubId: status.identity.hubId,
        storeId: status.identity.storeId,
        name: status.identity.name,
        tlsFingerprint: status.tlsFingerprint,
      },
      lastSequence: 0,
      cursor: t.hub.context.ledger.head().cursor,
    });

    const record = t.hub.context.ledger.log.get(paired.json.cursor) as LedgerRecord;
    expect(record.event).toMatchObject({
      type: 'device.paired',
      actor: 'Olga',
      payload: { deviceId: paired.json.deviceId, name: 'Till 1', kind: 'pos', publicKey: device.publicKey },
    });
    const stored = t.hub.context.ledger.db
      .prepare('SELECT token_hash FROM devices WHERE id = ?')
      .get(paired.json.deviceId) as { token_hash: string };
    expect(stored.token_hash).not.toContain(paired.json.token);

    const state = await t.lan('GET', '/v1/state', { token: paired.json.token });
    expect(state.status).toBe(200);
    expect(state.json.device).toEqual({ id: paired.json.deviceId, lastSequence: 0 });
  });

  it('answers 403 PAIRING_CODE_INVALID alike for a used, an expired, an unknown and a malformed code', async () => {
    const used = await newCode();
    expect((await t.lan('POST', '/v1/pairing', pairingBody(used))).status).toBe(201);

    const expired = await newCode();
    t.hub.context.ledger.db
      .prepare('UPDATE pairing_codes SET expires_at = ? WHERE used_at IS NULL')
      .run(new Date(Date.now() - 1000).toISOString());

    const messages = new Set<string>();
    for (const code of [used, expired, '00000000', 'not-a-code']) {
      const answer = await t.lan('POST', '/v1/pairing', pairingBody(code));
      messages.add(expectErrorShape(answer, 403, 'PAIRING_CODE_INVALID').message);
    }
    // Same message too: the answer must not tell a guesser which case it hit.
    expect(messages.size).toBe(1);
  });

  it('refuses a public key that is not 32 bytes of base64url with 400 and leaves the code usable', async () => {
    const code = await newCode();
    const answer = await t.lan('POST', '/v1/pairing', {
      body: { code, device: { name: 'Broken', kind: 'pos', publicKey: 'A'.repeat(42) } },
    });
    expectErrorShape(answer, 400, 'INVALID_REQUEST');
    expect((await t.lan('POST', '/v1/pairing', pairingBody(code))).status).toBe(201);
  });

  it('`backroom pairing-code` prints a code the running hub accepts', async () => {
    const cli = await runCli(['pairing-code', '--data-dir', t.dataDir]);
    expect(cli.code, cli.stderr).toBe(0);
    const code = /^(\d{8})$/m.exec(cli.stdout)?.[1];
    expect(code, cli.stdout).toBeDefined();
    const paired = await t.lan('POST', '/v1/pairing', pairingBody(code!));
    expect(paired.status).toBe(201);
    const record = t.hub.context.ledger.log.get(paired.json.cursor) as LedgerRecord;
    expect(record.event.actor).toBe('cli');
  });

  it('lets only managers create pairing codes', async () => {
    await t.hub.context.users.add({ name: 'Cas', role: 'cashier', pin: '2468' });
    const cashier = await t.login('Cas', '2468');
    expectErrorShape(await t.admin('POST', '/v1/admin/pairing-codes', undefined, cashier), 403, 'FORBIDDEN');
    expectErrorShape(
      await t.admin('POST', '/v1/admin/pairing-codes', undefined, 'backroom_session=x'),
      401,
      'UNAUTHENTICATED',
    );
  });
});

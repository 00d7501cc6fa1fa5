/**
 * Issue 10, item 1: under a small-order public key such as the identity point, node:crypto accepts the signature
 * `01 00…00` for any message, so a device paired with that key could record anything. These tests pair and push
 * against a real hub on loopback and run the shipped `backroom ledger verify` over its SQLite file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubTransport } from '../../src/device/core/ports.js';
import { HttpsTransport } from '../../src/device/node/https-transport.js';
import { MemoryStorage } from '../../src/device/storage/memory-storage.js';
import { parseDeviceKey, signedBy } from '../../src/main/hub/devices/device-key.js';
import { ledgerFile, openDatabase } from '../../src/main/hub/ledger/open-database.js';
import { verifyLedger } from '../../src/main/hub/ledger/verify-ledger.js';
import { deviceSignatureCheck } from '../../src/main/hub/sync/signature-check.js';
import type { PairingRequest } from '../../src/shared/protocol/device-api.js';
import type { EventEnvelope } from '../../src/shared/protocol/envelope.js';
import { pairingProofBytes } from '../../src/shared/protocol/pairing-proof.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';
import { runCli } from '../helpers/ledger-processes.js';
import { pairSdkTill } from '../helpers/sdk-pairing.js';

const IDENTITY_KEY = 'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
/** R = the identity point, S = 0: under the identity key it "verifies" for every message with a lax verifier. */
const FORGED_SIG = Buffer.concat([Buffer.from([1]), Buffer.alloc(63)]).toString('base64url');
const littleEndian = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

/** Each 43-character base64url key the schema lets through, and why the hub must still refuse it. */
const WEAK_KEYS: Array<[string, string, RegExp]> = [
  ['all zeros (an order-4 point)', 'A'.repeat(43), /small-order point/],
  ['the identity point', IDENTITY_KEY, /small-order point/],
  ['the order-2 point (0, −1): ec ff…ff 7f', littleEndian(`ec${'ff'.repeat(30)}7f`), /small-order point/],
  ['a point with a small-order component (7O___…38 from the issue)', `7O${'_'.repeat(39)}38`, /small-order component/],
  ['y = p + 3, a non-canonical spelling of a curve point', littleEndian(`f0${'ff'.repeat(30)}7f`), /non-canonical/],
  ['y = 2, not on the curve', littleEndian(`02${'00'.repeat(31)}`), /not a point on the Ed25519 curve/],
  ['non-zero trailing bits in the last base64url character', `${IDENTITY_KEY.slice(0, 42)}B`, /base64url/],
];

const deviceCount = (t: DeviceTestHub) =>
  (t.hub.context.ledger.db.prepare('SELECT COUNT(*) AS n FROM devices').get() as { n: number }).n;

/** A device row as an older hub, which took any key, would have left it; returns the device's id and token. */
function insertPairedDevice(t: DeviceTestHub, publicKey: string): { deviceId: string; token: string } {
  const deviceId = uuidv7();
  const token = randomBytes(32).toString('base64url');
  t.hub.context.ledger.db
    .prepare(
      `INSERT INTO devices (id, name, kind, public_key, token_hash, paired_at) VALUES (?, 'Old till', 'pos', ?, ?, ?)`,
    )
    .run(deviceId, publicKey, createHash('sha256').update(token).digest('hex'), new Date().toISOString());
  return { deviceId, token };
}

function forgedIssue(deviceId: string): EventEnvelope {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    deviceId,
    seq: 1,
    type: 'inventory.issue',
    v: 1,
    occurredAt: now,
    deviceTime: now,
    basis: 0,
    payload: { productId: 'cola', locationId: 'shelf', quantity: 7 },
    sig: FORGED_SIG,
  };
}

describe('pairing refuses weak public keys and checks the proof of possession', () => {
  let t: DeviceTestHub;
  const newCode = async (): Promise<string> => (await t.admin('POST', '/v1/admin/pairing-codes')).json.code;
  const pairing = (body: unknown, localAddress?: string) =>
    t.lan('POST', '/v1/pairing', { body, ...(localAddress ? { localAddress } : {}) });

  beforeAll(async () => {
    t = await startDeviceTestHub();
  });
  afterAll(() => t.hub.stop());

  it.each(WEAK_KEYS)(
    'refuses %s with 400 PUBLIC_KEY_INVALID, records nothing and leaves the code usable',
    async (_, key, why) => {
      const code = await newCode();
      const devices = deviceCount(t);
      const head = t.hub.context.ledger.head().cursor;
      const answer = await pairing({ code, device: { name: 'Weak', kind: 'pos', publicKey: key } });
      expect(expectErrorShape(answer, 400, 'PUBLIC_KEY_INVALID').message).toMatch(why);
      expect(deviceCount(t)).toBe(devices);
      expect(t.hub.context.ledger.head().cursor).toBe(head);
      const honest = new TestDevice();
      const paired = await pairing({ code, device: { name: 'Honest', kind: 'pos', publicKey: honest.publicKey } });
      expect(paired.status, paired.text).toBe(201);
    },
  );

  it('refuses a key of the wrong length at the schema, creating no device', async () => {
    const devices = deviceCount(t);
    for (const publicKey of ['A'.repeat(42), 'A'.repeat(44)]) {
      const answer = await pairing({ code: await newCode(), device: { name: 'Short', kind: 'pos', publicKey } });
      expectErrorShape(answer, 400, 'INVALID_REQUEST');
    }
    expect(deviceCount(t)).toBe(devices);
  });

  it('pairs with a right proof, and refuses a proof by another key or for another code without using the code', async () => {
    const device = new TestDevice();
    const code = await newCode();
    const body = (proof: string) => ({
      code,
      device: { name: 'Proven', kind: 'pos', publicKey: device.publicKey },
      proof,
    });
    const devices = deviceCount(t);

    const otherKey = new TestDevice().signBytes(pairingProofBytes(code, device.publicKey));
    const otherCode = device.signBytes(pairingProofBytes('12345678', device.publicKey));
    for (const wrong of [otherKey, otherCode]) {
      const answer = await pairing(body(wrong), '127.0.0.21');
      expect(expectErrorShape(answer, 400, 'PAIRING_PROOF_INVALID').message).toMatch(/backroom-pairing\/v1/);
    }
    expect(deviceCount(t)).toBe(devices);

    const paired = await pairing(body(device.signBytes(pairingProofBytes(code, device.publicKey))), '127.0.0.21');
    expect(paired.status, paired.text).toBe(201);
    expect(deviceCount(t)).toBe(devices + 1);
  });

  it('counts wrong proofs as failed attempts, so they cannot probe past the rate limit', async () => {
    const device = new TestDevice();
    const code = await newCode();
    const wrong = new TestDevice().signBytes(pairingProofBytes(code, device.publicKey));
    const body = (proof: string) => ({
      code,
      device: { name: 'Probe', kind: 'pos', publicKey: device.publicKey },
      proof,
    });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expectErrorShape(await pairing(body(wrong), '127.0.0.22'), 400, 'PAIRING_PROOF_INVALID');
    }
    const right = device.signBytes(pairingProofBytes(code, device.publicKey));
    expectErrorShape(await pairing(body(right), '127.0.0.22'), 429, 'RATE_LIMITED');
    // The limit is per address (and a generous overall one): the code itself was never used.
    expect((await pairing(body(right), '127.0.0.23')).status).toBe(201);
  });

  it('the device SDK always sends a proof that verifies', async () => {
    const inner = new HttpsTransport({ url: t.lanUrl, fingerprint: t.hub.status().tlsFingerprint });
    let sent: PairingRequest | undefined;
    const recording: HubTransport = {
      request: (method, path, body, token) => {
        if (path === '/v1/pairing') sent = body as PairingRequest;
        return inner.request(method, path, body, token);
      },
      openStream: (token, handlers) => inner.openStream(token, handlers),
      close: () => inner.close(),
    };
    try {
      await pairSdkTill(t, recording, new MemoryStorage());
    } finally {
      recording.close();
    }
    expect(sent?.proof).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const { code, device, proof } = sent!;
    expect(signedBy(parseDeviceKey(device.publicKey), pairingProofBytes(code, device.publicKey), proof!)).toBe(true);
  });
});

describe('a device already paired with a weak key (an older ledger)', () => {
  let t: DeviceTestHub;
  let weak: { deviceId: string; token: string };

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await seedCatalog(t, 10);
    weak = insertPairedDevice(t, IDENTITY_KEY);
  });
  afterAll(() => t.hub.stop());

  it('cannot push the forged event from the issue: rejected SIGNATURE_INVALID, nothing recorded', async () => {
    const head = t.hub.context.ledger.head().cursor;
    const event = forgedIssue(weak.deviceId);
    const pushed = await t.lan('POST', '/v1/events', { token: weak.token, body: { events: [event] } });
    expect(pushed.status, pushed.text).toBe(200);
    expect(pushed.json.results).toEqual([
      expect.objectContaining({
        id: event.id,
        status: 'rejected',
        error: expect.objectContaining({ code: 'SIGNATURE_INVALID' }),
      }),
    ]);
    expect(t.hub.context.ledger.head().cursor).toBe(head);
    expect(t.hub.context.ledger.db.prepare('SELECT 1 FROM events WHERE event_id = ?').get(event.id)).toBeUndefined();
  });

  it('`ledger verify` names the device when an older hub had recorded its forged event, and exits 1', async () => {
    // What the hub did before this fix: verified the forgery with node:crypto and recorded it. A device of its own,
    // so this does not depend on what the push above did.
    weak = insertPairedDevice(t, IDENTITY_KEY);
    const [record] = t.hub.context.ledger.append([{ status: 'accepted', event: forgedIssue(weak.deviceId) }]);
    await t.hub.stop();

    const db = openDatabase({ file: ledgerFile(t.dataDir), readonly: true });
    try {
      expect(verifyLedger(db, [deviceSignatureCheck(db)])).toMatchObject({
        ok: false,
        firstBreak: {
          cursor: record!.cursor,
          reason: expect.stringContaining(`device ${weak.deviceId} has a weak public key`),
        },
      });
    } finally {
      db.close();
    }
    const cli = await runCli(['ledger', 'verify', '--data-dir', t.dataDir]);
    expect(cli.code, cli.stderr).toBe(1);
    expect(cli.stdout).toMatch(
      new RegExp(`BROKEN at cursor ${record!.cursor}: device ${weak.deviceId} has a weak public key`),
    );
  });
});

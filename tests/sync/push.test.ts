import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushReply } from '../../src/shared/protocol/device-api.js';
import type { EventEnvelope } from '../../src/shared/protocol/envelope.js';
import { RECORD_STEP } from '../../src/main/hub/sync/ingest.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';

const issue = (quantity: number) => ({ productId: 'cola', locationId: 'shelf', quantity });

describe('push (POST /v1/events)', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();
  const other = new TestDevice();

  const push = (events: unknown[], device = till) =>
    t.lan<PushReply>('POST', '/v1/events', { token: device.token, body: { events } });
  const stockOfCola = () =>
    (
      t.hub.context.ledger.db
        .prepare("SELECT quantity FROM stock WHERE product_id = 'cola' AND location_id = 'shelf'")
        .get() as { quantity: number }
    ).quantity;
  const lastSeq = () => t.hub.context.devices.lastSequence(till.deviceId);

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await seedCatalog(t, 10);
    await t.pair(till);
    await t.pair(other, 'Till 2');
  });
  afterAll(() => t.hub.stop());

  let firstBatch: EventEnvelope[];
  let firstReply: PushReply;

  it('records accepted, conflict and refused events in order, each decided at its own ledger position', async () => {
    const head = t.hub.context.ledger.head().cursor;
    firstBatch = [
      till.envelope('inventory.issue', issue(8)),
      // Decided after the first is applied: only 2 are left, so this is a conflict and its effect is held.
      till.envelope('inventory.issue', issue(5)),
      till.envelope('inventory.receive', issue(100)),
    ];
    const answer = await push(firstBatch);
    expect(answer.status, answer.text).toBe(200);
    firstReply = answer.json;
    expect(firstReply).toEqual({
      results: [
        { id: firstBatch[0]!.id, seq: 1, status: 'accepted', cursor: head + 1 },
        {
          id: firstBatch[1]!.id,
          seq: 2,
          status: 'conflict',
          cursor: head + 2,
          conflict: expect.objectContaining({
            kind: 'insufficient_stock',
            options: expect.arrayContaining(['accept_server', 'retry', 'modify', 'escalate']),
          }),
        },
        {
          id: firstBatch[2]!.id,
          seq: 3,
          status: 'refused',
          cursor: head + 3,
          error: { code: 'NOT_ALLOWED_OFFLINE', message: expect.any(String) },
        },
      ],
      lastSequence: 3,
      cursor: head + 3,
    });
    expect(stockOfCola()).toBe(2);
    expect(lastSeq()).toBe(3);
  });

  it('pushing the same batch again changes nothing and returns the original results marked replayed', async () => {
    const head = t.hub.context.ledger.head();
    const again = await push(firstBatch);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({
      ...firstReply,
      results: firstReply.results.map((result) => ({ ...result, replayed: true })),
    });
    expect(t.hub.context.ledger.head()).toEqual(head);
    expect(stockOfCola()).toBe(2);
    expect(lastSeq()).toBe(3);
  });

  interface RejectionCase {
    name: string;
    /** The batch; the event at `at` must be rejected with `code`. */
    batch: () => unknown[];
    at: number;
    code: string;
    message?: RegExp;
  }

  const cases: RejectionCase[] = [
    {
      name: 'a reordered batch (seq n+1 before n)',
      batch: () => {
        const [a, b] = [till.envelope('inventory.issue', issue(1)), till.envelope('inventory.issue', issue(1))];
        return [b, a];
      },
      at: 0,
      code: 'SEQUENCE_GAP',
      message: /expected seq 4/,
    },
    {
      name: 'a gap after an accepted event',
      batch: () => [till.envelope('inventory.issue', issue(1)), till.envelope('inventory.issue', issue(1), { seq: 6 })],
      at: 1,
      code: 'SEQUENCE_GAP',
      message: /expected seq 5/,
    },
    {
      name: 'an event signed with another device key',
      batch: () => [other.sign({ ...unsigned(till.envelope('inventory.issue', issue(1))) })],
      at: 0,
      code: 'SIGNATURE_INVALID',
    },
    {
      name: 'a payload changed after signing',
      batch: () => {
        const signed = till.envelope('inventory.issue', issue(1));
        return [{ ...signed, payload: issue(2) }];
      },
      at: 0,
      code: 'SIGNATURE_INVALID',
    },
    {
      // Long batches have their signatures checked on a worker thread, short ones in place: both must stop here.
      name: 'a payload changed after signing, twelfth in a batch',
      batch: () => {
        const returns = Array.from({ length: 11 }, () => till.envelope('inventory.return', issue(1)));
        const signed = till.envelope('inventory.return', issue(1));
        return [...returns, { ...signed, payload: issue(2) }];
      },
      at: 11,
      code: 'SIGNATURE_INVALID',
    },
    {
      name: 'a signature in a non-canonical base64url spelling, ninth in a batch',
      batch: () => {
        const returns = Array.from({ length: 8 }, () => till.envelope('inventory.return', issue(1)));
        const signed = till.envelope('inventory.return', issue(1));
        // The last character of 64 bytes' base64url carries 4 unused (zero) bits; setting one spells the same bytes.
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const respelled = `${signed.sig.slice(0, -1)}${alphabet[alphabet.indexOf(signed.sig.at(-1)!) + 1]}`;
        expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(signed.sig, 'base64url'));
        return [...returns, { ...signed, sig: respelled }];
      },
      at: 8,
      code: 'SIGNATURE_INVALID',
    },
    {
      name: "another device's event under this token",
      batch: () => [other.envelope('inventory.issue', issue(1), { seq: lastSeq() + 1 })],
      at: 0,
      code: 'DEVICE_MISMATCH',
    },
    {
      name: 'an envelope without basis',
      batch: () => {
        const { basis: _basis, ...rest } = unsigned(till.envelope('inventory.issue', issue(1)));
        return [{ ...rest, sig: 'A'.repeat(86) }];
      },
      at: 0,
      code: 'SCHEMA_INVALID',
    },
    {
      name: 'a signed payload that breaks its schema',
      batch: () => [till.envelope('inventory.issue', { productId: 'cola', locationId: 'shelf', quantity: -3 })],
      at: 0,
      code: 'SCHEMA_INVALID',
      message: /quantity/,
    },
    {
      name: 'an unknown type',
      batch: () => [till.envelope('inventory.teleport', issue(1))],
      at: 0,
      code: 'UNKNOWN_TYPE',
    },
    {
      name: 'an unknown version of a known type',
      batch: () => [till.envelope('inventory.issue', issue(1), { v: 2 })],
      at: 0,
      code: 'UNKNOWN_TYPE',
    },
    {
      name: 'a recorded id with different content',
      batch: () => [till.sign({ ...unsigned(firstBatch[0]!), payload: issue(7) })],
      at: 0,
      code: 'IDEMPOTENCY_MISMATCH',
    },
  ];

  for (const c of cases) {
    it(`rejects ${c.name} with ${c.code}, records nothing for it and stops the batch`, async () => {
      const head = t.hub.context.ledger.head();
      const seqBefore = lastSeq();
      const batch = c.batch();
      // A valid event after the bad one must not be processed.
      till.nextSeq = seqBefore + c.at + 1;
      const trailing = till.envelope('inventory.issue', issue(1));
      const answer = await push([...batch, trailing]);
      expect(answer.status, answer.text).toBe(200);
      const results = answer.json.results;
      expect(results).toHaveLength(c.at + 1);
      expect(results.slice(0, c.at).every((r) => r.status === 'accepted')).toBe(true);
      const rejected = results[c.at]!;
      expect(rejected).toMatchObject({ status: 'rejected', error: { code: c.code } });
      expect(rejected.cursor).toBeUndefined();
      if (c.message) expect(rejected.error!.message).toMatch(c.message);
      expect(t.hub.context.ledger.head().cursor).toBe(head.cursor + c.at);
      expect(lastSeq()).toBe(seqBefore + c.at);
      expect(answer.json.lastSequence).toBe(seqBefore + c.at);
      till.nextSeq = lastSeq() + 1;
    });
  }

  it('answers 400 for an empty batch and for more than 500 events, recording nothing', async () => {
    const head = t.hub.context.ledger.head();
    expectErrorShape(await push([]), 400, 'INVALID_REQUEST');
    const tooMany = Array.from({ length: 501 }, () => till.envelope('inventory.issue', issue(1)));
    expectErrorShape(await push(tooMany), 400, 'INVALID_REQUEST');
    expect(t.hub.context.ledger.head()).toEqual(head);
    till.nextSeq = lastSeq() + 1;
  });

  it('answers 413 for a body over the configured limit', async () => {
    const huge = till.envelope('inventory.issue', {
      ...issue(1),
      note: 'x'.repeat(t.hub.context.config.limits.bodyBytes),
    });
    expectErrorShape(await push([huge]), 413, 'PAYLOAD_TOO_LARGE');
    till.nextSeq = lastSeq() + 1;
  });

  it('accepts a full batch of 500', async () => {
    await t.admin('POST', '/v1/admin/inventory/receipts', { productId: 'cola', locationId: 'shelf', quantity: 1000 });
    const batch = Array.from({ length: 500 }, () => till.envelope('inventory.issue', issue(1)));
    const answer = await push(batch);
    expect(answer.status).toBe(200);
    expect(answer.json.results.every((r) => r.status === 'accepted')).toBe(true);
    expect(answer.json.lastSequence).toBe(batch[499]!.seq);
  });

  it('records nothing of a one-step batch when recording one of its events fails half way', async () => {
    const batch = Array.from({ length: 12 }, () => till.envelope('inventory.return', issue(1)));
    const head = t.hub.context.ledger.head();
    const stock = stockOfCola();
    const seq = lastSeq();
    // Events are appended without a savepoint each; the batch's own savepoint must take back the eight before it.
    const stopListening = t.hub.context.ledger.onRecord((record) => {
      if (record.event.id === batch[8]!.id) throw new Error('the disk said no');
    });
    try {
      expectErrorShape(await push(batch), 500, 'INTERNAL');
    } finally {
      stopListening();
    }
    expect(t.hub.context.ledger.head()).toEqual(head);
    expect(stockOfCola()).toBe(stock);
    expect(lastSeq()).toBe(seq);

    const again = await push(batch);
    expect(again.status).toBe(200);
    expect(again.json.results.map((r) => r.cursor)).toEqual(batch.map((_, i) => head.cursor + 1 + i));
    expect(stockOfCola()).toBe(stock + 12);
  });

  it('records a long batch in steps: a failure in a later step keeps the steps before it, which replay', async () => {
    const batch = Array.from({ length: 2 * RECORD_STEP + 50 }, () => till.envelope('inventory.return', issue(1)));
    const head = t.hub.context.ledger.head();
    const stock = stockOfCola();
    const seq = lastSeq();
    const failing = batch[RECORD_STEP + 20]!.id;
    const stopListening = t.hub.context.ledger.onRecord((record) => {
      if (record.event.id === failing) throw new Error('the disk said no');
    });
    try {
      expectErrorShape(await push(batch), 500, 'INTERNAL');
    } finally {
      stopListening();
    }
    // The first step committed; the failing one was taken back whole and the last never ran.
    expect(t.hub.context.ledger.head().cursor).toBe(head.cursor + RECORD_STEP);
    expect(lastSeq()).toBe(seq + RECORD_STEP);
    expect(stockOfCola()).toBe(stock + RECORD_STEP);

    const again = await push(batch);
    expect(again.status).toBe(200);
    expect(again.json.results.map((r) => r.cursor)).toEqual(batch.map((_, i) => head.cursor + 1 + i));
    expect(again.json.results.map((r) => r.replayed ?? false)).toEqual(batch.map((_, i) => i < RECORD_STEP));
    expect(again.json.lastSequence).toBe(seq + batch.length);
    expect(stockOfCola()).toBe(stock + batch.length);
  });
});

function unsigned(envelope: EventEnvelope): Omit<EventEnvelope, 'sig'> {
  const { sig: _sig, ...rest } = envelope;
  return rest;
}

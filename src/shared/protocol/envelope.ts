import Type, { type Static } from 'typebox';

/** UTC instant with milliseconds, as devices and the hub write them: 2026-11-22T10:15:00.000Z. */
export const UtcInstant = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$',
  maxLength: 40,
});

export const Base64Url = Type.String({ pattern: '^[A-Za-z0-9_-]+$' });

/** RFC 9562 UUIDv7 in its canonical lower-case text form. */
export const UuidV7 = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$',
});

export const DeviceId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });

/**
 * Everything a device does is one of these (DESIGN §3). `id` is also the idempotency key; `seq` is gap-free per
 * device from 1; `basis` is the last hub cursor the device had applied; `sig` signs the RFC 8785 canonical form of
 * the envelope without `sig`.
 */
export const EventEnvelope = Type.Object(
  {
    id: UuidV7,
    deviceId: DeviceId,
    seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    type: Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-z]+(\\.[a-z_]+)+$' }),
    v: Type.Integer({ minimum: 1, maximum: 1000 }),
    occurredAt: UtcInstant,
    deviceTime: UtcInstant,
    basis: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    payload: Type.Record(Type.String(), Type.Unknown()),
    sig: Type.String({ minLength: 86, maxLength: 86, pattern: '^[A-Za-z0-9_-]+$' }),
  },
  { additionalProperties: false },
);
export type EventEnvelope = Static<typeof EventEnvelope>;
export type UnsignedEnvelope = Omit<EventEnvelope, 'sig'>;

/** The four outcomes of a pushed event. The first three are ledger facts; `rejected` records nothing. */
export type PushStatus = 'accepted' | 'conflict' | 'refused' | 'rejected';

export const REJECTION_CODES = [
  'SIGNATURE_INVALID',
  'SEQUENCE_GAP',
  'IDEMPOTENCY_MISMATCH',
  'DEVICE_MISMATCH',
  'SCHEMA_INVALID',
  'UNKNOWN_TYPE',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export const MAX_BATCH_EVENTS = 500;
export const MAX_PULL_LIMIT = 1000;
